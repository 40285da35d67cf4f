//! Simulated time: integer nanoseconds since the shop opened, and human durations ("1h30m", "250ms").
//!
//! Time is never a float: two events at the same `SimTime` are equal, on every machine.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::DurationError;

const NANOS_PER_SEC: u64 = 1_000_000_000;

/// A point in simulated time: nanoseconds since the simulation started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(u64);

/// A length of simulated time, in nanoseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimDuration(u64);

impl SimTime {
    /// The instant the simulation starts.
    pub const ZERO: SimTime = SimTime(0);
    /// The last representable instant (about 584 years in).
    pub const MAX: SimTime = SimTime(u64::MAX);

    /// A time from nanoseconds since the start.
    pub const fn from_nanos(nanos: u64) -> Self {
        SimTime(nanos)
    }

    /// Nanoseconds since the start.
    pub const fn as_nanos(self) -> u64 {
        self.0
    }

    /// Seconds since the start, as a float (for reports, never for ordering).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / NANOS_PER_SEC as f64
    }

    /// The duration from `earlier` to `self`, or zero if `earlier` is later.
    pub fn saturating_since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }

    /// `self + d`, or `None` on overflow.
    pub fn checked_add(self, d: SimDuration) -> Option<SimTime> {
        self.0.checked_add(d.0).map(SimTime)
    }

    /// The time as exact decimal seconds with nine fractional digits, e.g. `12.500000000`.
    ///
    /// Output files use this so that no float formatting decides a byte.
    pub fn secs_string(self) -> String {
        let mut out = Vec::with_capacity(30);
        self.write_secs(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Appends [`secs_string`](Self::secs_string) to `out` without allocating.
    ///
    /// orders.csv writes seven of these a row and series.csv one a line, so the digits are
    /// set two at a time in a buffer on the stack and go to `out` in one copy.
    #[inline]
    pub fn write_secs(self, out: &mut Vec<u8>) {
        // u64::MAX seconds has 20 digits, then the point and nine decimals.
        let mut buf = [b'0'; 30];
        let (mut whole, frac) = (self.0 / NANOS_PER_SEC, self.0 % NANOS_PER_SEC);
        let mut at = buf.len();
        if frac == 0 {
            // Whole seconds (every sample of series.csv): the decimals are the buffer's zeros.
            at -= 9;
        } else {
            // In 32 bits, where dividing is cheaper: under a billion fits.
            let mut frac = frac as u32;
            for _ in 0..4 {
                at -= 2;
                buf[at..at + 2].copy_from_slice(&digit_pair(u64::from(frac % 100)));
                frac /= 100;
            }
            at -= 1;
            buf[at] = b'0' + frac as u8;
        }
        at -= 1;
        buf[at] = b'.';
        while whole >= 100 {
            at -= 2;
            buf[at..at + 2].copy_from_slice(&digit_pair(whole % 100));
            whole /= 100;
        }
        if whole >= 10 {
            at -= 2;
            buf[at..at + 2].copy_from_slice(&digit_pair(whole));
        } else {
            at -= 1;
            buf[at] = b'0' + whole as u8;
        }
        out.extend_from_slice(&buf[at..]);
    }
}

/// The two ASCII digits of `n` (below 100).
#[inline(always)]
fn digit_pair(n: u64) -> [u8; 2] {
    const PAIRS: [[u8; 2]; 100] = {
        let mut t = [[0u8; 2]; 100];
        let mut i = 0;
        while i < 100 {
            t[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
            i += 1;
        }
        t
    };
    PAIRS[n as usize % 100]
}

impl SimDuration {
    /// No time at all.
    pub const ZERO: SimDuration = SimDuration(0);

    /// A duration from float nanoseconds, rounded to the nearest; negative and NaN give zero.
    #[inline]
    pub fn from_nanos_f64(nanos: f64) -> Self {
        // `as` saturates (NaN and negatives to 0); adding a half rounds without a libm call.
        SimDuration((nanos + 0.5) as u64)
    }

    /// A duration of `nanos` nanoseconds.
    pub const fn from_nanos(nanos: u64) -> Self {
        SimDuration(nanos)
    }

    /// A duration of `micros` microseconds.
    pub const fn from_micros(micros: u64) -> Self {
        SimDuration(micros * 1_000)
    }

    /// A duration of `millis` milliseconds.
    pub const fn from_millis(millis: u64) -> Self {
        SimDuration(millis * 1_000_000)
    }

    /// A duration of `secs` seconds.
    pub const fn from_secs(secs: u64) -> Self {
        SimDuration(secs * NANOS_PER_SEC)
    }

    /// A duration from float seconds, rounded to the nearest nanosecond; negative and NaN give zero.
    #[inline]
    pub fn from_secs_f64(secs: f64) -> Self {
        Self::from_nanos_f64(secs * NANOS_PER_SEC as f64)
    }

    /// Nanoseconds in this duration.
    pub const fn as_nanos(self) -> u64 {
        self.0
    }

    /// Seconds, as a float (for reports and sampling, never for ordering).
    pub fn as_secs_f64(self) -> f64 {
        self.0 as f64 / NANOS_PER_SEC as f64
    }

    /// `self + other`, or `None` on overflow.
    pub fn checked_add(self, other: SimDuration) -> Option<SimDuration> {
        self.0.checked_add(other.0).map(SimDuration)
    }

    /// `self * k`, or `None` on overflow.
    pub fn checked_mul(self, k: u64) -> Option<SimDuration> {
        self.0.checked_mul(k).map(SimDuration)
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    /// Panics on overflow, like integer addition in debug builds; use `checked_add` where
    /// the operands come from a user.
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0 + d.0)
    }
}

impl AddAssign<SimDuration> for SimTime {
    fn add_assign(&mut self, d: SimDuration) {
        self.0 += d.0;
    }
}

impl Sub for SimTime {
    type Output = SimDuration;
    /// Panics if `rhs` is later than `self`; use `saturating_since` where that can happen.
    fn sub(self, rhs: SimTime) -> SimDuration {
        SimDuration(self.0 - rhs.0)
    }
}

impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, rhs: SimDuration) -> SimDuration {
        SimDuration(self.0 + rhs.0)
    }
}

/// Units a duration may use, longest name first so that "ms" is not read as "m".
const UNITS: [(&str, u64); 7] = [
    ("ns", 1),
    ("us", 1_000),
    ("ms", 1_000_000),
    ("s", NANOS_PER_SEC),
    ("m", 60 * NANOS_PER_SEC),
    ("h", 3_600 * NANOS_PER_SEC),
    ("d", 86_400 * NANOS_PER_SEC),
];

impl FromStr for SimDuration {
    type Err = DurationError;

    /// Parses `"250ms"`, `"1.5s"`, `"2m"`, `"1h30m"`, `"1h 30m"`, `"0s"`: one or more parts,
    /// each a non-negative decimal number and a unit (ns, us, ms, s, m, h, d).
    fn from_str(text: &str) -> Result<Self, DurationError> {
        let s = text.trim();
        if s.is_empty() {
            return Err(DurationError::Empty);
        }
        if s.starts_with('-') {
            return Err(DurationError::Negative(text.to_string()));
        }
        let mut rest = s;
        let mut total: u64 = 0;
        while !rest.is_empty() {
            rest = rest.trim_start();
            let num_len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let number = &rest[..num_len];
            if number.is_empty() || number == "." || number.matches('.').count() > 1 {
                return Err(DurationError::BadNumber(text.to_string()));
            }
            rest = rest[num_len..].trim_start();
            let unit_len = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let unit = &rest[..unit_len];
            rest = &rest[unit_len..];
            if unit.is_empty() {
                return Err(DurationError::MissingUnit(text.to_string()));
            }
            let scale = UNITS
                .iter()
                .find(|(name, _)| *name == unit)
                .map(|(_, scale)| *scale)
                .ok_or_else(|| DurationError::UnknownUnit {
                    text: text.to_string(),
                    unit: unit.to_string(),
                })?;
            let part = scale_decimal(number, scale)
                .ok_or_else(|| DurationError::Overflow(text.to_string()))?;
            total = total
                .checked_add(part)
                .ok_or_else(|| DurationError::Overflow(text.to_string()))?;
        }
        Ok(SimDuration(total))
    }
}

/// `number * scale` for a decimal string, in integers; digits finer than 1 ns are dropped.
fn scale_decimal(number: &str, scale: u64) -> Option<u64> {
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut nanos = whole.checked_mul(scale)?;
    let mut place = scale;
    for digit in frac.bytes() {
        place /= 10;
        if place == 0 {
            break;
        }
        nanos = nanos.checked_add(u64::from(digit - b'0') * place)?;
    }
    Some(nanos)
}

impl fmt::Display for SimDuration {
    /// The shortest exact form in the parser's syntax: `1h30m`, `1.5s`, `250ms`, `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut n = self.0;
        if n == 0 {
            return f.write_str("0s");
        }
        if n < NANOS_PER_SEC {
            return if n % 1_000_000 == 0 {
                write!(f, "{}ms", n / 1_000_000)
            } else if n % 1_000 == 0 {
                write!(f, "{}us", n / 1_000)
            } else {
                write!(f, "{n}ns")
            };
        }
        let hours = n / (3_600 * NANOS_PER_SEC);
        n %= 3_600 * NANOS_PER_SEC;
        let minutes = n / (60 * NANOS_PER_SEC);
        n %= 60 * NANOS_PER_SEC;
        if hours > 0 {
            write!(f, "{hours}h")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}m")?;
        }
        if n > 0 {
            let secs = n / NANOS_PER_SEC;
            let frac = n % NANOS_PER_SEC;
            if frac == 0 {
                write!(f, "{secs}s")?;
            } else {
                let digits = format!("{frac:09}");
                write!(f, "{secs}.{}s", digits.trim_end_matches('0'))?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for SimTime {
    /// Seconds since the start with nine decimals and a unit, e.g. `12.500000000s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}s", self.secs_string())
    }
}

impl Serialize for SimDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SimDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> SimDuration {
        s.parse().unwrap()
    }

    #[test]
    fn parses_the_design_examples() {
        assert_eq!(d("250ms"), SimDuration::from_millis(250));
        assert_eq!(d("1.5s"), SimDuration::from_millis(1500));
        assert_eq!(d("2m"), SimDuration::from_secs(120));
        assert_eq!(d("1h30m"), SimDuration::from_secs(5400));
        assert_eq!(d("0s"), SimDuration::ZERO);
        assert_eq!(d("3us"), SimDuration::from_nanos(3000));
        assert_eq!(d(".5s"), SimDuration::from_millis(500));
        assert_eq!(d("0.000000001s"), SimDuration::from_nanos(1));
    }

    #[test]
    fn rejects_bad_durations_with_the_reason() {
        assert_eq!("".parse::<SimDuration>(), Err(DurationError::Empty));
        assert!(matches!(
            "-1s".parse::<SimDuration>(),
            Err(DurationError::Negative(_))
        ));
        assert!(matches!(
            "5".parse::<SimDuration>(),
            Err(DurationError::MissingUnit(_))
        ));
        assert!(matches!(
            "5 parsecs".parse::<SimDuration>(),
            Err(DurationError::UnknownUnit { .. })
        ));
        assert_eq!(d("1h 30m"), d("1h30m"));
        assert!(matches!(
            "5x".parse::<SimDuration>(),
            Err(DurationError::UnknownUnit { ref unit, .. }) if unit == "x"
        ));
        assert!(matches!(
            "1.2.3s".parse::<SimDuration>(),
            Err(DurationError::BadNumber(_))
        ));
        assert!(matches!(
            "99999999999999h".parse::<SimDuration>(),
            Err(DurationError::Overflow(_))
        ));
        let message = "5x".parse::<SimDuration>().unwrap_err().to_string();
        assert!(message.contains("ms"), "{message}");
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "0s", "250ms", "1.5s", "2m", "1h30m", "1h0m5s", "7ns", "3us", "1h",
        ] {
            let parsed = d(s);
            assert_eq!(d(&parsed.to_string()), parsed, "{s} -> {parsed}");
        }
        assert_eq!(d("1h30m").to_string(), "1h30m");
        assert_eq!(d("1.5s").to_string(), "1.5s");
        assert_eq!(
            SimTime::from_nanos(12_500_000_000).secs_string(),
            "12.500000000"
        );
    }

    #[test]
    fn seconds_are_written_with_nine_decimals_at_every_magnitude() {
        for nanos in [
            0,
            7,
            999_999_999,
            1_000_000_000,
            9_000_000_001,
            10_123_456_789,
            99_999_999_999,
            100_000_000_000,
            417_601_000_000_050,
            417_601_000_000_000,
            417_601_100_000_000,
            u64::MAX,
        ] {
            let expected = format!("{}.{:09}", nanos / 1_000_000_000, nanos % 1_000_000_000);
            assert_eq!(SimTime::from_nanos(nanos).secs_string(), expected);
        }
    }
}

//! Redis's strict string-to-integer rules (`string2ll`) and the error replies that go with them.
//!
//! A string is an integer only if it is exactly what Redis would print for that integer:
//! no spaces, no `+`, no leading zeros, not `-0`, within the signed 64-bit range.

/// `ERR value is not an integer or out of range`: a value or argument is not a strict integer.
pub const NOT_AN_INTEGER: &str = "ERR value is not an integer or out of range";
/// `ERR increment or decrement would overflow`: the result would leave the 64-bit range.
pub const WOULD_OVERFLOW: &str = "ERR increment or decrement would overflow";
/// `ERR decrement would overflow`: DECRBY by the most negative integer (Redis 7).
pub const DECREMENT_WOULD_OVERFLOW: &str = "ERR decrement would overflow";

/// Parses `bytes` as Redis does (`string2ll`): `None` unless it is a canonical signed 64-bit integer.
pub fn parse_i64(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes {
        [] => return None,
        [b'0'] => return Some(0),
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    // The first digit must be 1-9: this rejects "", "-", leading zeros and "-0".
    match digits.first() {
        Some(b'1'..=b'9') => {}
        _ => return None,
    }
    // Accumulate as a negative number, which reaches i64::MIN without overflow.
    let mut value: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_sub(i64::from(b - b'0'))?;
    }
    if negative {
        Some(value)
    } else {
        value.checked_neg()
    }
}

/// Appends the decimal form of `value` to `out`, as Redis prints it.
pub fn write_i64(out: &mut Vec<u8>, value: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = value.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

/// The decimal form of `value` as bytes.
pub fn format_i64(value: i64) -> Vec<u8> {
    let mut out = Vec::with_capacity(20);
    write_i64(&mut out, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_canonical_integers() {
        for (text, value) in [
            ("0", 0),
            ("7", 7),
            ("-7", -7),
            ("10", 10),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(parse_i64(text.as_bytes()), Some(value), "{text}");
        }
    }

    #[test]
    fn rejects_what_redis_rejects() {
        for text in [
            "",
            "-",
            "+1",
            " 1",
            "1 ",
            "01",
            "00",
            "-0",
            "-01",
            "1.0",
            "1e3",
            "0x10",
            "--1",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            "١",
        ] {
            assert_eq!(parse_i64(text.as_bytes()), None, "{text:?}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for v in [0, 1, -1, 42, i64::MAX, i64::MIN, -1_000_000] {
            let bytes = format_i64(v);
            assert_eq!(bytes, v.to_string().into_bytes());
            assert_eq!(parse_i64(&bytes), Some(v));
        }
    }
}

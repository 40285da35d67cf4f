//! [`JsonLine`]: one JSON object built by hand into a reused buffer, for trace files.
//!
//! Trace writers format millions of small objects; building them field by field, in the
//! order the caller writes them, keeps the key order stable and allocates nothing per line.
//! It knows no schema: callers decide the keys (plain ASCII names, written as given).

use super::time::SimTime;

/// Keys up to this long are written in one fixed-size copy (see `JsonLine::key`).
const SHORT_KEY: usize = 28;

/// A JSON object (or a line of NDJSON) being written; reuse one for every line.
#[derive(Debug, Default)]
pub struct JsonLine {
    buf: Vec<u8>,
    /// Per open object or array: its closing bracket, and whether the next member needs a
    /// comma before it.
    open: Vec<(u8, bool)>,
    /// A key was written by [`key_only`](Self::key_only): the next value follows it directly.
    after_key: bool,
}

impl JsonLine {
    /// An empty builder.
    pub fn new() -> Self {
        JsonLine::default()
    }

    /// Starts a new object, forgetting the last one.
    #[inline]
    pub fn start(&mut self) -> &mut Self {
        self.buf.clear();
        self.open.clear();
        self.after_key = false;
        self.open_with(b'{', b'}')
    }

    /// Closes the object (and anything left open) and returns its bytes, without a newline.
    pub fn finish(&mut self) -> &[u8] {
        while let Some((close, _)) = self.open.pop() {
            self.buf.push(close);
        }
        &self.buf
    }

    /// Like [`finish`](Self::finish), with a newline after the object (a line of NDJSON).
    pub fn finish_line(&mut self) -> &[u8] {
        self.finish();
        self.buf.push(b'\n');
        &self.buf
    }

    fn open_with(&mut self, bracket: u8, close: u8) -> &mut Self {
        self.buf.push(bracket);
        self.open.push((close, false));
        self
    }

    #[inline]
    fn sep(&mut self) {
        if self.needs_comma() {
            self.buf.push(b',');
        }
    }

    /// Whether the member about to be written follows another (and needs a comma first);
    /// notes that the innermost object or array now has a member.
    #[inline]
    fn needs_comma(&mut self) -> bool {
        if self.after_key {
            self.after_key = false;
            return false;
        }
        match self.open.last_mut() {
            Some((_, c)) => std::mem::replace(c, true),
            None => false,
        }
    }

    #[inline]
    fn key(&mut self, key: &str) {
        let k = key.as_bytes();
        if k.len() > SHORT_KEY {
            self.sep();
            self.buf.push(b'"');
            self.buf.extend_from_slice(k);
            self.buf.extend_from_slice(b"\":");
            return;
        }
        // `,"key":` set out on the stack and appended as a whole array: a copy of a known
        // size is a few moves, where one of a key's own length is a call. Then cut to length.
        // Keys are written millions of times a run.
        let mut text = [0u8; SHORT_KEY + 4];
        let mut n = usize::from(self.needs_comma());
        text[0] = b',';
        text[n] = b'"';
        n += 1;
        for (to, &b) in text[n..n + k.len()].iter_mut().zip(k) {
            *to = b;
        }
        n += k.len();
        text[n] = b'"';
        text[n + 1] = b':';
        let len = self.buf.len();
        self.buf.extend_from_slice(&text);
        self.buf.truncate(len + n + 2);
    }

    /// `"key":<unsigned integer>`.
    #[inline]
    pub fn u64(&mut self, key: &str, value: u64) -> &mut Self {
        self.key(key);
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        self
    }

    /// `"key":<integer>`.
    #[inline]
    pub fn i64(&mut self, key: &str, value: i64) -> &mut Self {
        self.key(key);
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        self
    }

    /// `"key":true` or `false`.
    #[inline]
    pub fn bool(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key);
        self.buf
            .extend_from_slice(if value { b"true" } else { b"false" });
        self
    }

    /// `"key":<seconds>`, a number with nanosecond digits (`1.500000000`).
    #[inline]
    pub fn secs(&mut self, key: &str, t: SimTime) -> &mut Self {
        self.key(key);
        t.write_secs(&mut self.buf);
        self
    }

    /// `"key":<microseconds>`, a number with nanosecond digits (`1500000.000`), as the Trace
    /// Event Format counts time.
    #[inline]
    pub fn micros(&mut self, key: &str, nanos: u64) -> &mut Self {
        self.key(key);
        let mut digits = itoa::Buffer::new();
        self.buf
            .extend_from_slice(digits.format(nanos / 1000).as_bytes());
        self.buf.push(b'.');
        // With a leading 1 the fraction has exactly three digits; the 1 is dropped.
        self.buf
            .extend_from_slice(&digits.format(nanos % 1000 + 1000).as_bytes()[1..]);
        self
    }

    /// `"key":"<text>"`, escaped.
    #[inline]
    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        self.string(value.as_bytes());
        self
    }

    /// `"key":"<name>"` for a name the caller chose from its own constants (plain ASCII
    /// letters, digits and `_`), written without looking for characters to escape: every
    /// trace line has one (its kind).
    #[inline]
    pub fn name(&mut self, key: &str, name: &'static str) -> &mut Self {
        debug_assert!(name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        self.key(key);
        self.buf.push(b'"');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.push(b'"');
        self
    }

    /// `"key":"<text>"`, the text appended by `write`, which the caller knows needs no
    /// escaping (built from its own names, like [`name`](Self::name)), without a `String`.
    #[inline]
    pub fn name_with(&mut self, key: &str, write: impl FnOnce(&mut Vec<u8>)) -> &mut Self {
        self.key(key);
        self.buf.push(b'"');
        write(&mut self.buf);
        self.buf.push(b'"');
        self
    }

    /// `"key":"<bytes as text>"` (invalid UTF-8 replaced), escaped.
    pub fn bytes(&mut self, key: &str, value: &[u8]) -> &mut Self {
        self.key(key);
        self.string(String::from_utf8_lossy(value).as_bytes());
        self
    }

    /// `"key":"<prefix><n>"`, e.g. `"member":"preparer-2"`, without formatting a `String`.
    #[inline]
    pub fn named(&mut self, key: &str, prefix: &str, n: u64) -> &mut Self {
        self.key(key);
        self.buf.push(b'"');
        self.escape(prefix.as_bytes());
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        self.buf.push(b'"');
        self
    }

    /// `"key":null`.
    pub fn null(&mut self, key: &str) -> &mut Self {
        self.key(key);
        self.buf.extend_from_slice(b"null");
        self
    }

    /// `"key":` followed by a nested object; close it with [`end`](Self::end).
    pub fn object(&mut self, key: &str) -> &mut Self {
        self.key(key);
        self.open_with(b'{', b'}')
    }

    /// `"key":` followed by an array; add elements with the `value_*` methods, close it with
    /// [`end`](Self::end).
    pub fn array(&mut self, key: &str) -> &mut Self {
        self.key(key);
        self.open_with(b'[', b']')
    }

    /// `"key":`, the value to follow from one of the `value_*` methods.
    pub fn key_only(&mut self, key: &str) -> &mut Self {
        self.key(key);
        self.after_key = true;
        self
    }

    /// A value (after [`key_only`](Self::key_only), or an array element): a string.
    pub fn value_str(&mut self, value: &str) -> &mut Self {
        self.sep();
        self.string(value.as_bytes());
        self
    }

    /// A value: bytes as text.
    pub fn value_bytes(&mut self, value: &[u8]) -> &mut Self {
        self.sep();
        self.string(String::from_utf8_lossy(value).as_bytes());
        self
    }

    /// A value: an integer.
    pub fn value_i64(&mut self, value: i64) -> &mut Self {
        self.sep();
        self.buf
            .extend_from_slice(itoa::Buffer::new().format(value).as_bytes());
        self
    }

    /// A value: `null`.
    pub fn value_null(&mut self) -> &mut Self {
        self.sep();
        self.buf.extend_from_slice(b"null");
        self
    }

    /// A value: a nested array; close it with [`end`](Self::end).
    pub fn value_array(&mut self) -> &mut Self {
        self.sep();
        self.open_with(b'[', b']')
    }

    /// A value: `{"error":"<message>"}`.
    pub fn value_error(&mut self, message: &str) -> &mut Self {
        self.sep();
        self.buf.extend_from_slice(b"{\"error\":");
        self.string(message.as_bytes());
        self.buf.push(b'}');
        self
    }

    /// Closes the innermost nested object or array.
    pub fn end(&mut self) -> &mut Self {
        if self.open.len() > 1 {
            if let Some((close, _)) = self.open.pop() {
                self.buf.push(close);
            }
        }
        self
    }

    fn string(&mut self, s: &[u8]) {
        self.buf.push(b'"');
        self.escape(s);
        self.buf.push(b'"');
    }

    #[inline]
    fn escape(&mut self, s: &[u8]) {
        // Almost every string (names, items) needs no escaping: copy it whole.
        if s.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\') {
            self.buf.extend_from_slice(s);
            return;
        }
        for &b in s {
            match b {
                b'"' => self.buf.extend_from_slice(b"\\\""),
                b'\\' => self.buf.extend_from_slice(b"\\\\"),
                b'\n' => self.buf.extend_from_slice(b"\\n"),
                b'\r' => self.buf.extend_from_slice(b"\\r"),
                b'\t' => self.buf.extend_from_slice(b"\\t"),
                0..=0x1f => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    self.buf.extend_from_slice(b"\\u00");
                    self.buf.push(HEX[usize::from(b >> 4)]);
                    self.buf.push(HEX[usize::from(b & 0xf)]);
                }
                _ => self.buf.push(b),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_valid_json_in_the_order_written() {
        let mut line = JsonLine::new();
        line.start()
            .secs("t", SimTime::from_nanos(1_500_000_001))
            .str("kind", "a \"quoted\"\n\u{1}")
            .u64("order", 7)
            .i64("lag", -3)
            .bool("redelivered", false)
            .named("member", "preparer-", 2)
            .micros("ts", 1_234_567)
            .name("ph", "X")
            .name_with("items", |b| b.extend_from_slice(b"cod+chips"))
            .array("keys")
            .value_str("cod")
            .value_i64(1)
            .value_array()
            .value_null()
            .end()
            .end()
            .object("args")
            .null("reply")
            .end()
            .key_only("reply")
            .value_error("ERR x");
        let text = std::str::from_utf8(line.finish()).unwrap().to_string();
        assert_eq!(
            text,
            r#"{"t":1.500000001,"kind":"a \"quoted\"\n\u0001","order":7,"lag":-3,"redelivered":false,"member":"preparer-2","ts":1234.567,"ph":"X","items":"cod+chips","keys":["cod",1,[null]],"args":{"reply":null},"reply":{"error":"ERR x"}}"#
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["keys"][2][0], serde_json::Value::Null);
        line.start().u64("a", 1);
        assert_eq!(line.finish(), br#"{"a":1}"#);
        // A key too long for the one-copy path, between short ones.
        let long = "a_key_longer_than_twenty_eight_bytes";
        line.start().u64("a", 1).u64(long, 2).u64("b", 3);
        assert_eq!(
            line.finish(),
            format!(r#"{{"a":1,"{long}":2,"b":3}}"#).as_bytes()
        );
    }
}

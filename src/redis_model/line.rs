//! The redis-cli line syntax (`sdssplitargs`): words split on spaces, double quotes with escapes.

use super::error::RedisError;

/// Splits one line as redis-cli does: `SET "fish cake" "a\x41"` gives `SET`, `fish cake`, `aA`.
///
/// Inside double quotes `\n \r \t \b \a \\ \"` and `\xhh` are escapes; inside single quotes only
/// `\'`. A closing quote must be followed by a space or the end of the line. Errors are
/// [`RedisError::InvalidArguments`], which redis-cli prints as `Invalid argument(s)`.
pub fn split_line(line: impl AsRef<[u8]>) -> Result<Vec<Vec<u8>>, RedisError> {
    let bytes = line.as_ref();
    let mut words = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && is_space(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            return Ok(words);
        }
        let mut word = Vec::new();
        let mut in_double = false;
        let mut in_single = false;
        loop {
            let Some(&c) = bytes.get(i) else {
                if in_double || in_single {
                    return Err(RedisError::InvalidArguments);
                }
                break;
            };
            if in_double {
                if c == b'\\'
                    && bytes.get(i + 1) == Some(&b'x')
                    && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                    && bytes.get(i + 3).is_some_and(u8::is_ascii_hexdigit)
                {
                    word.push(hex(bytes[i + 2]) * 16 + hex(bytes[i + 3]));
                    i += 3;
                } else if c == b'\\' && i + 1 < bytes.len() {
                    i += 1;
                    word.push(match bytes[i] {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 0x08,
                        b'a' => 0x07,
                        other => other,
                    });
                } else if c == b'"' {
                    // The closing quote must be followed by a space or nothing.
                    if bytes.get(i + 1).is_some_and(|&n| !is_space(n)) {
                        return Err(RedisError::InvalidArguments);
                    }
                    i += 1;
                    break;
                } else {
                    word.push(c);
                }
            } else if in_single {
                if c == b'\\' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                    word.push(b'\'');
                } else if c == b'\'' {
                    if bytes.get(i + 1).is_some_and(|&n| !is_space(n)) {
                        return Err(RedisError::InvalidArguments);
                    }
                    i += 1;
                    break;
                } else {
                    word.push(c);
                }
            } else {
                match c {
                    c if is_space(c) => break,
                    b'"' => in_double = true,
                    b'\'' => in_single = true,
                    _ => word.push(c),
                }
            }
            i += 1;
        }
        words.push(word);
    }
}

/// C's `isspace` in the C locale.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn hex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<String> {
        split_line(line)
            .unwrap()
            .into_iter()
            .map(|w| String::from_utf8_lossy(&w).into_owned())
            .collect()
    }

    #[test]
    fn words_and_quotes() {
        assert_eq!(split("  GET   cod "), ["GET", "cod"]);
        assert_eq!(
            split("SET \"fish cake\" 'a b'"),
            ["SET", "fish cake", "a b"]
        );
        assert_eq!(split(r#"SET k "a\x41\n\"\\""#), ["SET", "k", "aA\n\"\\"]);
        assert_eq!(split("SET k \"\""), ["SET", "k", ""]);
        assert_eq!(split("a\"b\""), ["ab"]);
        assert!(split("").is_empty());
        assert_eq!(
            split_line(b"GET \xff").unwrap(),
            [b"GET".to_vec(), vec![0xff]]
        );
    }

    #[test]
    fn bad_quotes_are_invalid_arguments() {
        for line in ["\"x\"y", "ping \"a", "'a", "'a'b"] {
            assert!(split_line(line).is_err(), "{line}");
        }
    }
}

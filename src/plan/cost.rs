//! A plan's cost: an arithmetic expression over the grid's switches, such as
//! `preparers + 0.1*partitions`: numbers, names, `+ - * /`, unary minus and parentheses.

use super::error::PlanError;

/// A parsed expression; names are indices into the list it was parsed against.
#[derive(Clone, Debug, PartialEq)]
pub enum Cost {
    /// A number.
    Number(f64),
    /// The value of name `i`.
    Name(usize),
    /// `-a`.
    Negate(Box<Cost>),
    /// `a op b`.
    Binary(char, Box<Cost>, Box<Cost>),
}

impl Cost {
    /// Parses `text` with the names `names` (each a switch's column, e.g. `preparers`).
    pub fn parse(text: &str, names: &[&str]) -> Result<Cost, PlanError> {
        let mut p = Parser { text, at: 0, names };
        let cost = p.sum()?;
        p.skip_space();
        if p.at < text.len() {
            return Err(p.error("expected + - * / or the end"));
        }
        Ok(cost)
    }

    /// The sum of names `indices`, e.g. `preparers + partitions`.
    pub fn sum_of(indices: &[usize]) -> Cost {
        indices
            .iter()
            .map(|&i| Cost::Name(i))
            .reduce(|a, b| Cost::Binary('+', Box::new(a), Box::new(b)))
            .unwrap_or(Cost::Number(0.0))
    }

    /// The value with name `i` worth `values[i]`.
    pub fn eval(&self, values: &[f64]) -> f64 {
        match self {
            Cost::Number(x) => *x,
            Cost::Name(i) => values[*i],
            Cost::Negate(a) => -a.eval(values),
            Cost::Binary(op, a, b) => {
                let (a, b) = (a.eval(values), b.eval(values));
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ => a / b,
                }
            }
        }
    }

    /// The expression written out with `names`.
    pub fn show(&self, names: &[&str]) -> String {
        match self {
            Cost::Number(x) => x.to_string(),
            Cost::Name(i) => names[*i].to_string(),
            Cost::Negate(a) => format!("-{}", a.show(names)),
            Cost::Binary(op, a, b) => {
                let b = match (op, b.as_ref()) {
                    ('-' | '*' | '/', Cost::Binary(..)) => format!("({})", b.show(names)),
                    _ => b.show(names),
                };
                let a = match (op, a.as_ref()) {
                    ('*' | '/', Cost::Binary('+' | '-', ..)) => format!("({})", a.show(names)),
                    _ => a.show(names),
                };
                format!("{a} {op} {b}")
            }
        }
    }
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
    names: &'a [&'a str],
}

impl Parser<'_> {
    fn error(&self, what: &str) -> PlanError {
        PlanError::Cost {
            text: self.text.to_string(),
            message: format!(
                "at character {}: {what}; write an expression of numbers, + - * / ( ) and the names {}",
                self.at + 1,
                self.names.join(", ")
            ),
        }
    }

    fn skip_space(&mut self) {
        while self.text[self.at..].starts_with(' ') {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.text[self.at..].chars().next()
    }

    fn sum(&mut self) -> Result<Cost, PlanError> {
        let mut left = self.product()?;
        while let Some(op @ ('+' | '-')) = self.peek() {
            self.at += 1;
            let right = self.product()?;
            left = Cost::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Cost, PlanError> {
        let mut left = self.factor()?;
        while let Some(op @ ('*' | '/')) = self.peek() {
            self.at += 1;
            let right = self.factor()?;
            left = Cost::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Cost, PlanError> {
        match self.peek() {
            Some('-') => {
                self.at += 1;
                Ok(Cost::Negate(Box::new(self.factor()?)))
            }
            Some('(') => {
                self.at += 1;
                let inner = self.sum()?;
                if self.peek() != Some(')') {
                    return Err(self.error("expected )"));
                }
                self.at += 1;
                Ok(inner)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let rest = &self.text[self.at..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(rest.len());
                let x: f64 = rest[..len]
                    .parse()
                    .map_err(|_| self.error(&format!("{:?} is not a number", &rest[..len])))?;
                self.at += len;
                Ok(Cost::Number(x))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let rest = &self.text[self.at..];
                let len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                let name = &rest[..len];
                let i = self
                    .names
                    .iter()
                    .position(|n| *n == name)
                    .ok_or_else(|| self.error(&format!("unknown name {name:?}")))?;
                self.at += len;
                Ok(Cost::Name(i))
            }
            Some(_) => Err(self.error("expected a number, a name or (")),
            None => Err(self.error("the expression ends too soon")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 3] = ["preparers", "tills", "partitions"];

    #[test]
    fn expressions_follow_precedence() {
        let c = Cost::parse("preparers + 0.1*partitions", &NAMES).unwrap();
        assert!((c.eval(&[4.0, 1.0, 10.0]) - 5.0).abs() < 1e-12);
        let c = Cost::parse("-(preparers - 2) * 3 / tills", &NAMES).unwrap();
        assert_eq!(c.eval(&[4.0, 2.0, 0.0]), -3.0);
        assert_eq!(Cost::sum_of(&[0, 2]).show(&NAMES), "preparers + partitions");
    }

    #[test]
    fn malformed_expressions_say_where() {
        for (bad, says) in [
            ("preparers +", "ends too soon"),
            ("preparers * (tills", "expected )"),
            ("cooks", "unknown name \"cooks\""),
            ("2 preparers", "character 3"),
            ("1..2", "not a number"),
            ("preparers % 2", "character 11"),
        ] {
            let e = Cost::parse(bad, &NAMES).unwrap_err().to_string();
            assert!(
                e.contains(says) && e.contains("preparers, tills"),
                "{bad}: {e}"
            );
        }
    }
}

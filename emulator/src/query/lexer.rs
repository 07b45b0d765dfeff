//! The tokens of a `$filter` value: words, quoted strings, numbers,
//! parentheses and commas, with a message naming the position of anything
//! else.

/// One token of a `$filter`.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A property name, operator or keyword (`status`, `eq`, `and`, `null`).
    Word(String),
    /// `'…'` with the quotes removed and `''` made one quote.
    Text(String),
    /// A number literal.
    Number(f64),
    /// `(`.
    Open,
    /// `)`.
    Close,
    /// `,` (only in function calls, which are refused).
    Comma,
}

impl Token {
    /// The token as a message names it.
    pub fn describe(&self) -> String {
        match self {
            Token::Word(word) => format!("'{word}'"),
            Token::Text(text) => format!("the string '{}'", text.replace('\'', "''")),
            Token::Number(number) => format!("the number {number}"),
            Token::Open => "'('".to_string(),
            Token::Close => "')'".to_string(),
            Token::Comma => "','".to_string(),
        }
    }
}

/// Splits `text` into tokens; spaces separate them.
pub fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while let Some(&c) = chars.get(at) {
        let start = at;
        if c.is_whitespace() {
            at += 1;
            continue;
        }
        let token = match c {
            '(' => Token::Open,
            ')' => Token::Close,
            ',' => Token::Comma,
            '\'' => {
                let (text, end) = quoted(&chars, start)?;
                at = end;
                tokens.push(Token::Text(text));
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                at = run_end(&chars, start, |c| c.is_ascii_alphanumeric() || c == '_');
                tokens.push(Token::Word(chars[start..at].iter().collect()));
                continue;
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                at = run_end(&chars, start + 1, |c| {
                    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+')
                });
                tokens.push(number(&chars[start..at], start)?);
                continue;
            }
            other => {
                return Err(format!(
                    "Syntax error in $filter: unexpected character '{other}' at position {start}."
                ))
            }
        };
        tokens.push(token);
        at += 1;
    }
    Ok(tokens)
}

/// Where the run of characters satisfying `keep` from `from` ends.
fn run_end(chars: &[char], from: usize, keep: impl Fn(char) -> bool) -> usize {
    let mut end = from;
    while chars.get(end).is_some_and(|c| keep(*c)) {
        end += 1;
    }
    end
}

/// The string literal opening at `start`, and where it ends.
fn quoted(chars: &[char], start: usize) -> Result<(String, usize), String> {
    let mut text = String::new();
    let mut at = start + 1;
    loop {
        match (chars.get(at), chars.get(at + 1)) {
            (Some('\''), Some('\'')) => {
                text.push('\'');
                at += 2;
            }
            (Some('\''), _) => return Ok((text, at + 1)),
            (Some(c), _) => {
                text.push(*c);
                at += 1;
            }
            (None, _) => {
                return Err(format!(
                    "Syntax error in $filter: the string starting at position {start} has no closing quote (write a quote inside a string as '')."
                ))
            }
        }
    }
}

/// A number literal such as `7`, `-1.5` or `1e2`.
fn number(chars: &[char], start: usize) -> Result<Token, String> {
    let text: String = chars.iter().collect();
    let digits_only = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match text.parse::<f64>() {
        Ok(number) if digits_only && number.is_finite() => Ok(Token::Number(number)),
        _ => Err(format!(
            "Syntax error in $filter: '{text}' at position {start} is not a number."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Token {
        Token::Word(text.into())
    }

    #[test]
    fn a_comparison_splits_into_word_word_literal() {
        assert_eq!(
            tokens("status eq 'Active'"),
            Ok(vec![
                word("status"),
                word("eq"),
                Token::Text("Active".into())
            ])
        );
        assert_eq!(
            tokens("(severityScore ge -7.5e0)"),
            Ok(vec![
                Token::Open,
                word("severityScore"),
                word("ge"),
                Token::Number(-7.5),
                Token::Close
            ])
        );
    }

    #[test]
    fn two_quotes_inside_a_string_stand_for_one() {
        assert_eq!(
            tokens("'Set ''Minimum password length'''"),
            Ok(vec![Token::Text("Set 'Minimum password length'".into())])
        );
        assert_eq!(tokens("''"), Ok(vec![Token::Text(String::new())]));
    }

    #[test]
    fn broken_literals_and_stray_characters_are_refused_with_their_position() {
        for (text, says) in [
            ("status eq 'Active", "no closing quote"),
            ("severityScore ge 7x", "'7x' at position 17 is not a number"),
            ("severityScore ge 1.2.3", "not a number"),
            (
                "status == 'Active'",
                "unexpected character '=' at position 7",
            ),
            ("status eq \"Active\"", "unexpected character '\"'"),
            ("severityScore ge inf", ""),
        ] {
            match tokens(text) {
                Err(message) => assert!(message.contains(says), "{text}: {message}"),
                Ok(found) if says.is_empty() => assert_eq!(found.len(), 3, "{text}"),
                Ok(found) => panic!("{text} gave {found:?}"),
            }
        }
    }
}

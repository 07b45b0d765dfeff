//! `$filter` for `/api/recommendations`: comparisons of the documented
//! filterable properties with literals, joined by `and`, read into a
//! [`Filter`] that says whether an item matches.
//!
//! As in OData, property names and operators are case-sensitive, string
//! literals sit in single quotes with `''` standing for one quote, and
//! string comparisons are exact. Anything else (`or`, `not`, functions,
//! other properties or operators) is refused with a message for the 400.

use super::lexer::Token;

/// What kind of value a filterable property holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A string (or null): compared with `eq` only.
    Text,
    /// A double: compared with `eq`, `gt`, `ge`, `lt` and `le`.
    Number,
}

/// The properties `$filter` accepts, as the API documents them.
pub const FILTERABLE_FIELDS: [(&str, FieldKind); 11] = [
    ("id", FieldKind::Text),
    ("productName", FieldKind::Text),
    ("vendor", FieldKind::Text),
    ("recommendedVersion", FieldKind::Text),
    ("recommendationCategory", FieldKind::Text),
    ("subCategory", FieldKind::Text),
    ("severityScore", FieldKind::Number),
    ("remediationType", FieldKind::Text),
    ("recommendedProgram", FieldKind::Text),
    ("recommendedVendor", FieldKind::Text),
    ("status", FieldKind::Text),
];

/// A property's value in one item, as a filter reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    /// A string property; `None` when null or absent.
    Text(Option<&'a str>),
    /// A number property.
    Number(f64),
}

/// Items a [`Filter`] can read: the value of each filterable property.
pub trait FieldValues {
    /// The value of `field` (one of [`FILTERABLE_FIELDS`]).
    fn field(&self, field: &str) -> FieldValue<'_>;
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `eq`.
    Eq,
    /// `gt`.
    Gt,
    /// `ge`.
    Ge,
    /// `lt`.
    Lt,
    /// `le`.
    Le,
}

/// The literal a property is compared with.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `'text'`, quotes removed and `''` made one quote.
    Text(String),
    /// A number such as `7`, `7.5` or `-1e2`.
    Number(f64),
    /// `null`.
    Null,
}

/// One `property operator literal` condition.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The property, one of [`FILTERABLE_FIELDS`].
    pub field: &'static str,
    /// The operator.
    pub operator: Operator,
    /// The literal.
    pub literal: Literal,
}

impl Comparison {
    /// Whether `item` satisfies the condition.
    pub fn holds(&self, item: &impl FieldValues) -> bool {
        match (item.field(self.field), &self.literal) {
            (FieldValue::Text(value), Literal::Text(wanted)) => value == Some(wanted.as_str()),
            (FieldValue::Text(value), Literal::Null) => value.is_none(),
            (FieldValue::Number(value), Literal::Number(wanted)) => match self.operator {
                Operator::Eq => value == *wanted,
                Operator::Gt => value > *wanted,
                Operator::Ge => value >= *wanted,
                Operator::Lt => value < *wanted,
                Operator::Le => value <= *wanted,
            },
            _ => false,
        }
    }
}

/// A parsed `$filter`: every comparison must hold. Empty matches all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// The conditions joined by `and`.
    pub comparisons: Vec<Comparison>,
}

impl Filter {
    /// Reads a `$filter` value (already percent-decoded); `Err` says what is
    /// wrong, for a 400.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let tokens = super::lexer::tokens(text)?;
        let mut parser = Parser {
            tokens: &tokens,
            next: 0,
            comparisons: Vec::new(),
        };
        parser.conjunction()?;
        match parser.peek() {
            None => Ok(Filter {
                comparisons: parser.comparisons,
            }),
            Some(Token::Word(word)) if word == "or" => {
                Err("The operator 'or' is not supported in $filter: join conditions with 'and'.".into())
            }
            Some(token) => Err(format!(
                "Syntax error in $filter: unexpected {} after a condition; join conditions with 'and'.",
                token.describe()
            )),
        }
    }

    /// Whether `item` satisfies every comparison.
    pub fn matches(&self, item: &impl FieldValues) -> bool {
        self.comparisons.iter().all(|c| c.holds(item))
    }
}

/// Reads tokens into comparisons.
struct Parser<'a> {
    tokens: &'a [Token],
    next: usize,
    comparisons: Vec<Comparison>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn take(&mut self) -> Option<&Token> {
        let token = self.tokens.get(self.next);
        self.next += 1;
        token
    }

    /// `term ('and' term)*`.
    fn conjunction(&mut self) -> Result<(), String> {
        self.term()?;
        while matches!(self.peek(), Some(Token::Word(word)) if word == "and") {
            self.next += 1;
            self.term()?;
        }
        Ok(())
    }

    /// `'(' conjunction ')'` or a comparison.
    fn term(&mut self) -> Result<(), String> {
        if self.peek() == Some(&Token::Open) {
            self.next += 1;
            self.conjunction()?;
            return match self.take() {
                Some(Token::Close) => Ok(()),
                other => Err(format!(
                    "Syntax error in $filter: expected ')' but found {}.",
                    describe(other)
                )),
            };
        }
        let comparison = self.comparison()?;
        self.comparisons.push(comparison);
        Ok(())
    }

    /// `property operator literal`, checked against the property's kind.
    fn comparison(&mut self) -> Result<Comparison, String> {
        let name = match self.take() {
            Some(Token::Word(word)) => word.clone(),
            other => {
                return Err(format!(
                    "Syntax error in $filter: expected a property name but found {}.",
                    describe(other)
                ))
            }
        };
        if name == "not" {
            return Err("The operator 'not' is not supported in $filter.".into());
        }
        if self.peek() == Some(&Token::Open) {
            return Err(format!(
                "The function '{name}' is not supported in $filter: compare properties with eq, gt, ge, lt or le."
            ));
        }
        let (field, kind) = filterable(&name)?;
        let operator = operator(self.take(), field, kind)?;
        let literal = literal(self.take(), field, kind)?;
        Ok(Comparison {
            field,
            operator,
            literal,
        })
    }
}

/// The filterable property `name`, or why it cannot be filtered on.
fn filterable(name: &str) -> Result<(&'static str, FieldKind), String> {
    if let Some(&(field, kind)) = FILTERABLE_FIELDS.iter().find(|(field, _)| *field == name) {
        return Ok((field, kind));
    }
    let names: Vec<&str> = FILTERABLE_FIELDS.iter().map(|(field, _)| *field).collect();
    Err(format!(
        "The property '{name}' cannot be used in $filter. Filterable properties (names are case-sensitive): {}.",
        names.join(", ")
    ))
}

/// The operator after `field`: `eq` for strings, `eq`/`gt`/`ge`/`lt`/`le`
/// for numbers.
fn operator(token: Option<&Token>, field: &str, kind: FieldKind) -> Result<Operator, String> {
    let word = match token {
        Some(Token::Word(word)) => word.as_str(),
        other => {
            return Err(format!(
                "Syntax error in $filter: expected an operator after '{field}' but found {}.",
                describe(other)
            ))
        }
    };
    let operator = match word {
        "eq" => Operator::Eq,
        "gt" => Operator::Gt,
        "ge" => Operator::Ge,
        "lt" => Operator::Lt,
        "le" => Operator::Le,
        other => {
            return Err(format!(
                "The operator '{other}' is not supported in $filter: use eq, or gt, ge, lt and le on severityScore (operators are lowercase)."
            ))
        }
    };
    if kind == FieldKind::Text && operator != Operator::Eq {
        return Err(format!(
            "The operator '{word}' cannot compare the string property '{field}': use eq."
        ));
    }
    Ok(operator)
}

/// The literal after the operator, of the kind `field` holds.
fn literal(token: Option<&Token>, field: &str, kind: FieldKind) -> Result<Literal, String> {
    match (kind, token) {
        (FieldKind::Text, Some(Token::Text(text))) => Ok(Literal::Text(text.clone())),
        (FieldKind::Text, Some(Token::Word(word))) if word == "null" => Ok(Literal::Null),
        (FieldKind::Number, Some(Token::Number(number))) => Ok(Literal::Number(*number)),
        (FieldKind::Text, Some(Token::Number(_))) => Err(format!(
            "The property '{field}' is a string: compare it with a literal in single quotes, e.g. {field} eq 'value'."
        )),
        (FieldKind::Number, Some(Token::Text(_))) => Err(format!(
            "The property '{field}' is a number: compare it with a number, e.g. {field} ge 7."
        )),
        (_, other) => Err(format!(
            "Syntax error in $filter: expected a literal after the operator on '{field}' but found {}.",
            describe(other)
        )),
    }
}

/// A token for a message, or "the end".
fn describe(token: Option<&Token>) -> String {
    token.map_or_else(|| "the end of the filter".to_string(), Token::describe)
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;

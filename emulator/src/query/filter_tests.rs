//! Unit tests of `$filter`: what parses, what matches, what is refused.

use super::*;

/// An item with a few properties; the others are null.
struct Item {
    status: &'static str,
    product: Option<&'static str>,
    severity: f64,
}

impl FieldValues for Item {
    fn field(&self, field: &str) -> FieldValue<'_> {
        match field {
            "status" => FieldValue::Text(Some(self.status)),
            "productName" => FieldValue::Text(self.product),
            "severityScore" => FieldValue::Number(self.severity),
            _ => FieldValue::Text(None),
        }
    }
}

fn item(status: &'static str, product: Option<&'static str>, severity: f64) -> Item {
    Item {
        status,
        product,
        severity,
    }
}

fn matches(filter: &str, item: &Item) -> bool {
    match Filter::parse(filter) {
        Ok(filter) => filter.matches(item),
        Err(message) => panic!("{filter} was refused: {message}"),
    }
}

fn refusal(filter: &str) -> String {
    match Filter::parse(filter) {
        Err(message) => message,
        Ok(parsed) => panic!("{filter} parsed as {parsed:?}"),
    }
}

#[test]
fn string_equality_is_exact_and_case_sensitive() {
    let active = item("Active", Some("chrome"), 8.8);
    assert!(matches("status eq 'Active'", &active));
    assert!(!matches("status eq 'active'", &active));
    assert!(!matches("status eq 'Exception'", &active));
    assert!(!matches("status eq 'Active '", &active));
}

#[test]
fn severity_compares_with_every_supported_operator() {
    let high = item("Active", None, 8.8);
    for (filter, expected) in [
        ("severityScore eq 8.8", true),
        ("severityScore gt 8.8", false),
        ("severityScore ge 8.8", true),
        ("severityScore lt 9", true),
        ("severityScore le 8", false),
        ("severityScore gt -1", true),
    ] {
        assert_eq!(matches(filter, &high), expected, "{filter}");
    }
}

#[test]
fn and_needs_every_condition_and_parentheses_group() {
    let chrome = item("Active", Some("chrome"), 8.8);
    assert!(matches(
        "status eq 'Active' and productName eq 'chrome' and severityScore ge 7",
        &chrome
    ));
    assert!(!matches(
        "status eq 'Active' and productName eq 'edge'",
        &chrome
    ));
    assert!(matches(
        "(status eq 'Active') and (severityScore gt 1 and severityScore lt 9)",
        &chrome
    ));
}

#[test]
fn null_matches_null_strings_only() {
    assert!(matches("productName eq null", &item("Active", None, 0.0)));
    assert!(!matches(
        "productName eq null",
        &item("Active", Some("x"), 0.0)
    ));
}

#[test]
fn quotes_inside_literals_are_doubled() {
    let quoted = item("It's", None, 0.0);
    assert!(matches("status eq 'It''s'", &quoted));
}

#[test]
fn every_documented_property_is_filterable() {
    for (field, kind) in FILTERABLE_FIELDS {
        let filter = match kind {
            FieldKind::Text => format!("{field} eq 'x'"),
            FieldKind::Number => format!("{field} le 10"),
        };
        assert!(Filter::parse(&filter).is_ok(), "{filter}");
    }
}

#[test]
fn unsupported_properties_operators_and_syntax_are_refused_with_a_reason() {
    for (filter, says) in [
        ("Status eq 'Active'", "property 'Status' cannot be used"),
        (
            "recommendationName eq 'x'",
            "'recommendationName' cannot be used",
        ),
        ("exposureImpact gt 1", "cannot be used"),
        ("status ne 'Active'", "operator 'ne' is not supported"),
        ("status EQ 'Active'", "operator 'EQ' is not supported"),
        (
            "status gt 'Active'",
            "cannot compare the string property 'status'",
        ),
        ("status eq 1", "is a string"),
        ("severityScore ge '7'", "is a number"),
        ("severityScore ge null", "expected a literal"),
        (
            "status eq 'Active' or status eq 'Exception'",
            "'or' is not supported",
        ),
        ("not status eq 'Active'", "'not' is not supported"),
        (
            "contains(productName,'x')",
            "function 'contains' is not supported",
        ),
        ("status eq 'Active' status eq 'x'", "unexpected 'status'"),
        ("status eq", "expected a literal"),
        ("status", "expected an operator"),
        ("", "expected a property name"),
        (
            "'Active' eq status",
            "expected a property name but found the string 'Active'",
        ),
        ("(status eq 'Active'", "expected ')'"),
        ("status eq 'Active')", "unexpected ')'"),
        (
            "status eq 'Active' and",
            "expected a property name but found the end",
        ),
    ] {
        let message = refusal(filter);
        assert!(message.contains(says), "{filter}: {message}");
    }
}

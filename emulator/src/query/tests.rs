//! Unit tests of the query options and paging.

use axum::http::HeaderValue;

use super::filter::{FieldValue, FieldValues};
use super::*;

/// An item with a status and a number.
#[derive(Debug, PartialEq)]
struct Item(&'static str, usize);

impl FieldValues for Item {
    fn field(&self, field: &str) -> FieldValue<'_> {
        match field {
            "status" => FieldValue::Text(Some(self.0)),
            "severityScore" => FieldValue::Number(self.1 as f64),
            _ => FieldValue::Text(None),
        }
    }
}

fn items(count: usize) -> Vec<Item> {
    (0..count)
        .map(|n| Item(if n % 2 == 0 { "Active" } else { "Exception" }, n))
        .collect()
}

const BASE: &str = "http://127.0.0.1:8080/api/recommendations";

fn listing(query: &str, page_size: usize) -> Listing {
    match Listing::parse(Some(query), page_size, BASE.to_string()) {
        Ok(listing) => listing,
        Err(message) => panic!("{query} was refused: {message}"),
    }
}

fn numbers(page: &Page<'_, Item>) -> Vec<usize> {
    page.items.iter().map(|item| item.1).collect()
}

#[test]
fn no_options_serve_every_item_without_a_next_link() {
    let all = items(5);
    let page = listing("", 10_000).page(&all);
    assert_eq!(numbers(&page), [0, 1, 2, 3, 4]);
    assert_eq!(page.next_link, None);
}

#[test]
fn top_and_skip_select_a_window_of_the_matching_items() {
    let all = items(10);
    let page = listing("$filter=status%20eq%20'Active'&$skip=1&$top=2", 10_000).page(&all);
    assert_eq!(numbers(&page), [2, 4]);
    assert_eq!(page.next_link, None);
    assert!(listing("$top=0", 10_000).page(&all).items.is_empty());
    assert!(listing("$skip=50", 10_000).page(&all).items.is_empty());
}

#[test]
fn a_page_size_cuts_pages_and_links_to_the_rest_keeping_the_filter() {
    let all = items(10);
    let first = listing("$filter=status+eq+'Active'", 2).page(&all);
    assert_eq!(numbers(&first), [0, 2]);
    assert_eq!(
        first.next_link.as_deref(),
        Some(
            "http://127.0.0.1:8080/api/recommendations?$filter=status%20eq%20%27Active%27&$skip=2"
        )
    );
    let last = listing("$filter=status%20eq%20%27Active%27&$skip=4", 2).page(&all);
    assert_eq!(numbers(&last), [8]);
    assert_eq!(last.next_link, None);
}

#[test]
fn a_top_larger_than_a_page_carries_what_is_left_into_the_next_link() {
    let all = items(10);
    let first = listing("$top=5&$skip=1", 3).page(&all);
    assert_eq!(numbers(&first), [1, 2, 3]);
    assert_eq!(
        first.next_link.as_deref(),
        Some(format!("{BASE}?$top=2&$skip=4").as_str())
    );
    let second = listing("$top=2&$skip=4", 3).page(&all);
    assert_eq!(numbers(&second), [4, 5]);
    assert_eq!(second.next_link, None);
}

#[test]
fn option_names_ignore_case_and_other_parameters_are_ignored() {
    let parsed = listing("$TOP=3&$Skip=1&api-version=1.0&x", 10);
    assert_eq!((parsed.top, parsed.skip), (Some(3), 1));
}

#[test]
fn bad_values_and_unsupported_options_are_refused() {
    for (query, says) in [
        ("$top=10001", "The limit of '10000' for Top query has been exceeded. The value from the incoming request is '10001'."),
        ("$top=99999999999999999999999", "limit of '10000'"),
        ("$top=-1", "Invalid value '-1' for $top query option found"),
        ("$top=abc", "requires a non-negative integer value"),
        ("$top=", "Invalid value '' for $top"),
        ("$top=1.5", "Invalid value '1.5'"),
        ("$skip=-3", "Invalid value '-3' for $skip"),
        ("$top=1&$top=2", "'$top' was specified more than once"),
        ("$orderby=severityScore", "'$orderby' is not supported"),
        ("$select=id", "'$select' is not supported"),
        ("$frobnicate=1", "The query parameter '$frobnicate' is not supported."),
        ("$filter=status eq", "expected a literal"),
    ] {
        match Listing::parse(Some(query), 10, BASE.to_string()) {
            Err(message) => assert!(message.contains(says), "{query}: {message}"),
            Ok(parsed) => panic!("{query} gave {parsed:?}"),
        }
    }
    assert_eq!(listing("$top=10000", 10).top, Some(10_000));
}

#[test]
fn next_links_point_at_the_request_host_or_fall_back_to_the_path() {
    let host = HeaderValue::from_static("localhost:8081");
    assert_eq!(
        link_base(Some(&host), "/api/v1.0/recommendations"),
        "http://localhost:8081/api/v1.0/recommendations"
    );
    let hostile = HeaderValue::from_static("evil.test/x?y");
    assert_eq!(
        link_base(Some(&hostile), "/api/recommendations"),
        "/api/recommendations"
    );
    assert_eq!(
        link_base(None, "/api/recommendations"),
        "/api/recommendations"
    );
}

#[test]
fn filters_with_quotes_and_unicode_survive_the_next_link() {
    let encoded = percent_encode("productName eq 'Ünïcode ''x'' & y'");
    assert_eq!(
        encoded,
        "productName%20eq%20%27%C3%9Cn%C3%AFcode%20%27%27x%27%27%20%26%20y%27"
    );
    let pairs = query_pairs(&format!("$filter={encoded}"));
    assert_eq!(pairs[0].1, "productName eq 'Ünïcode ''x'' & y'");
}

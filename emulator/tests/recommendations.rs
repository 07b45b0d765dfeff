//! `/api/recommendations` over real HTTP: the documented item, the demo
//! tenant's order as the README states it, `$filter`, `$top`, `$skip` and
//! paging through `@odata.nextLink`.

mod common;

use std::cmp::Ordering;

use common::*;
use serde_json::Value;

/// The documented response of "List all recommendations" (one item).
const DOCUMENTED: &str = include_str!("fixtures/recommendations.json");

/// The emulator's README, whose statements about the demo tenant are tested.
const README: &str = include_str!("../README.md");

/// The `value` of a 200 answer to `GET path`.
fn items(emulator: &Emulator, path: &str) -> Vec<Value> {
    let reply = emulator.get_authorized(path);
    assert_eq!(reply.status, 200, "{path}: {}", reply.text());
    reply.json()["value"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{path}: no value array"))
}

fn names(items: &[Value]) -> Vec<&str> {
    items
        .iter()
        .map(|item| item["recommendationName"].as_str().unwrap_or_default())
        .collect()
}

fn number(item: &Value, field: &str) -> f64 {
    item[field]
        .as_f64()
        .unwrap_or_else(|| panic!("{field} in {item}"))
}

/// Exposure impact, then config impact, then exposed devices (all
/// descending), then the name: the order the widget shows.
fn widget_order(a: &Value, b: &Value) -> Ordering {
    let descending = |field| number(b, field).total_cmp(&number(a, field));
    descending("exposureImpact")
        .then_with(|| descending("configScoreImpact"))
        .then_with(|| descending("exposedMachinesCount"))
        .then_with(|| {
            a["recommendationName"]
                .as_str()
                .cmp(&b["recommendationName"].as_str())
        })
}

#[test]
fn the_documented_item_is_served_first_exactly_under_both_prefixes() {
    let emulator = Emulator::start(&[]);
    let documented: Value = serde_json::from_str(DOCUMENTED).unwrap();
    for path in ["/api/recommendations", "/api/v1.0/recommendations"] {
        let reply = emulator.get_authorized(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(API_JSON));
        assert_eq!(reply.header("odata-version"), Some("4.0"));
        let body = reply.json();
        assert_eq!(body["@odata.context"], documented["@odata.context"]);
        assert_eq!(body["value"][0], documented["value"][0]);
        assert!(body.get("@odata.nextLink").is_none(), "{path}");
        let item_line = DOCUMENTED
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with("{\"id\""))
            .unwrap();
        let text = reply.text();
        assert!(
            text.contains(&format!("\"value\":[{item_line}")),
            "the item is first, byte for byte in the documented field order: {text}"
        );
    }
}

#[test]
fn the_active_top_five_and_count_are_those_the_readme_states() {
    let emulator = Emulator::start(&[]);
    let all = items(&emulator, "/api/recommendations");
    let mut active: Vec<Value> = all
        .iter()
        .filter(|item| item["status"] == "Active")
        .cloned()
        .collect();
    active.sort_by(widget_order);
    let top: Vec<&str> = names(&active).into_iter().take(5).collect();
    assert_eq!(
        top,
        [
            "Update Google Chrome",
            "Disable SMBv1 server",
            "Update Windows 11",
            "Block Office applications from creating child processes",
            "Enable Network Protection",
        ]
    );
    assert_eq!(active.len(), 15);
    assert_eq!(all.len(), 18);
    for (rank, name) in top.iter().enumerate() {
        let line = format!("\n{}. {name} (", rank + 1);
        assert!(README.contains(&line), "the README lists {line:?}");
    }
    assert!(README.contains("has 18 recommendations"));
    assert!(README.contains("**15 are `Active`**"));
    let exposure = |n: usize| number(&active[n], "exposureImpact");
    let config = |n: usize| number(&active[n], "configScoreImpact");
    assert_eq!(exposure(1), exposure(2), "a tie on exposure impact...");
    assert!(config(1) > config(2), "...resolved by config impact");
    assert_eq!((exposure(3), config(3)), (exposure(4), config(4)));
    assert_eq!(
        active[3]["exposedMachinesCount"], active[4]["exposedMachinesCount"],
        "a tie resolved by name"
    );
}

#[test]
fn a_status_filter_serves_only_that_status() {
    let emulator = Emulator::start(&[]);
    let exceptions = items(
        &emulator,
        "/api/recommendations?$filter=status%20eq%20%27Exception%27",
    );
    assert_eq!(exceptions.len(), 3);
    assert!(exceptions.iter().all(|item| item["status"] == "Exception"));
    assert!(names(&exceptions).contains(&"Uninstall Adobe Flash Player"));
    let active = items(&emulator, "/api/recommendations?$filter=status+eq+'Active'");
    assert_eq!(active.len(), 15);
}

#[test]
fn string_and_severity_filters_select_the_matching_items() {
    let emulator = Emulator::start(&[]);
    let chrome = items(
        &emulator,
        "/api/recommendations?$filter=productName%20eq%20%27chrome%27",
    );
    assert_eq!(names(&chrome), ["Update Google Chrome"]);
    let severe = items(
        &emulator,
        "/api/recommendations?$filter=severityScore%20ge%209.5",
    );
    assert!(!severe.is_empty());
    assert!(severe
        .iter()
        .all(|item| number(item, "severityScore") >= 9.5));
    let joined = items(
        &emulator,
        "/api/recommendations?$filter=vendor%20eq%20%27microsoft%27%20and%20remediationType%20eq%20%27Upgrade%27%20and%20status%20eq%20%27Active%27",
    );
    assert_eq!(names(&joined), ["Upgrade Windows Server 2012 R2"]);
    let quoted = items(
        &emulator,
        "/api/recommendations?$filter=subCategory%20eq%20%27Password%20Policy%27",
    );
    assert_eq!(
        names(&quoted),
        ["Set 'Minimum password length' to 14 or more characters"]
    );
    let none = items(
        &emulator,
        "/api/recommendations?$filter=status%20eq%20%27active%27",
    );
    assert!(none.is_empty(), "string comparisons are case-sensitive");
}

#[test]
fn a_bad_filter_or_option_gets_400_with_an_odata_error() {
    let emulator = Emulator::start(&[]);
    for (query, says) in [
        (
            "$filter=Status%20eq%20%27Active%27",
            "'Status' cannot be used",
        ),
        (
            "$filter=status%20ne%20%27Active%27",
            "'ne' is not supported",
        ),
        ("$filter=status%20eq%20%27Active", "no closing quote"),
        ("$filter=exposureImpact%20gt%201", "cannot be used"),
        (
            "$filter=status%20eq%20%27A%27%20or%20status%20eq%20%27B%27",
            "'or'",
        ),
        ("$orderby=severityScore", "'$orderby' is not supported"),
        ("$select=id", "'$select' is not supported"),
        ("$skip=-1", "non-negative integer"),
    ] {
        let reply = emulator.get_authorized(&format!("/api/recommendations?{query}"));
        let body = assert_error(&reply, 400, "BadRequest");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{query}: {message}");
    }
}

#[test]
fn top_up_to_10000_is_accepted_and_10001_is_refused() {
    let emulator = Emulator::start(&[]);
    assert_eq!(
        items(&emulator, "/api/recommendations?$top=10000").len(),
        18
    );
    assert_eq!(items(&emulator, "/api/recommendations?$top=2").len(), 2);
    assert!(items(&emulator, "/api/recommendations?$top=0").is_empty());
    for top in ["10001", "abc", "-1"] {
        let reply = emulator.get_authorized(&format!("/api/recommendations?$top={top}"));
        assert_error(&reply, 400, "BadRequest");
    }
    let reply = emulator.get_authorized("/api/recommendations?$top=10001");
    assert_eq!(
        reply.json()["error"]["message"],
        "The limit of '10000' for Top query has been exceeded. The value from the incoming request is '10001'."
    );
}

#[test]
fn skip_leaves_out_the_first_matching_items() {
    let emulator = Emulator::start(&[]);
    let all = items(&emulator, "/api/recommendations");
    let skipped = items(&emulator, "/api/recommendations?$skip=16");
    assert_eq!(skipped, all[16..]);
    let window = items(&emulator, "/api/recommendations?$skip=1&$top=3");
    assert_eq!(window, all[1..4]);
    assert!(items(&emulator, "/api/recommendations?$skip=100").is_empty());
}

/// Follows `@odata.nextLink` from `path` to the end; every link must point
/// at the emulator's own origin. Returns the items and the pages' sizes.
fn follow_pages(emulator: &Emulator, path: &str) -> (Vec<Value>, Vec<usize>) {
    let origin = format!("http://{}", emulator.addr);
    let mut next = Some(path.to_string());
    let (mut all, mut sizes) = (Vec::new(), Vec::new());
    while let Some(path) = next.take() {
        assert!(sizes.len() < 100, "the links never end");
        let reply = emulator.get_authorized(&path);
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
        let body = reply.json();
        let page = body["value"].as_array().cloned().unwrap_or_default();
        sizes.push(page.len());
        all.extend(page);
        if let Some(link) = body["@odata.nextLink"].as_str() {
            let rest = link.strip_prefix(&origin);
            next = Some(
                rest.unwrap_or_else(|| panic!("{link} is not on {origin}"))
                    .into(),
            );
        }
    }
    (all, sizes)
}

#[test]
fn a_page_size_splits_answers_and_next_links_lead_to_the_full_list() {
    let emulator = Emulator::start(&["--page-size", "4"]);
    let (all, sizes) = follow_pages(&emulator, "/api/v1.0/recommendations");
    assert_eq!(sizes, [4, 4, 4, 4, 2]);
    let unpaged = Emulator::start(&[]);
    assert_eq!(all, items(&unpaged, "/api/recommendations"));
    let first = emulator.get_authorized("/api/v1.0/recommendations").json();
    assert_eq!(
        first["@odata.nextLink"],
        format!("http://{}/api/v1.0/recommendations?$skip=4", emulator.addr)
    );
}

#[test]
fn next_links_keep_the_filter_and_what_is_left_of_top() {
    let emulator = Emulator::start(&["--page-size", "4"]);
    let path = "/api/recommendations?$filter=status%20eq%20%27Active%27&$top=10&$skip=1";
    let first = emulator.get_authorized(path).json();
    assert_eq!(
        first["@odata.nextLink"],
        format!(
            "http://{}/api/recommendations?$filter=status%20eq%20%27Active%27&$top=6&$skip=5",
            emulator.addr
        )
    );
    let (paged, sizes) = follow_pages(&emulator, path);
    assert_eq!(sizes, [4, 4, 2]);
    let unpaged = Emulator::start(&[]);
    assert_eq!(paged, items(&unpaged, path));
    assert!(paged.iter().all(|item| item["status"] == "Active"));
}

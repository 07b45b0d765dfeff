//! The cloud table is said once, in the core (`model::cloud`). Two programs that are not Rust
//! keep a copy: the SharePoint web part's pane (`spfx/.../settings.ts`: the clouds, the
//! regions, each cloud's token resource, the cards) and the standalone page
//! (`web/standalone.js`: each cloud's sign-in host, the score cards' API scope and the
//! recommendations card's, the cards). These tests fail when a copy disagrees with the core.

use defender_score_core::model::cards::recommendations::MAX_TOP;
use defender_score_core::model::{CardKind, Cloud, Region};
use std::path::Path;

fn repository_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn settings_ts() -> String {
    repository_file("spfx/src/webparts/defenderScoreCards/settings.ts")
}

/// The quoted strings of `text`, in order ('single' or "double").
fn quoted(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(['\'', '"']) {
        let quote = &rest[start..=start];
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else { break };
        found.push(after[..end].to_owned());
        rest = &after[end + 1..];
    }
    found
}

/// The strings of the array constant `name` (`export const NAME ... = [...];` in TypeScript,
/// `const NAME = [...];` in JavaScript).
fn ts_array(source: &str, name: &str) -> Vec<String> {
    let start = source
        .find(&format!("const {name}: "))
        .or_else(|| source.find(&format!("const {name} = ")))
        .unwrap_or_else(|| panic!("no {name} in the source"));
    let list = &source[start..];
    let open = list.find('[').expect("an array") + 1;
    let close = list.find("];").expect("the array's end");
    quoted(&list[open..close])
}

/// `tokenResource`'s answer for each cloud, read from its `switch`: the `case` labels before
/// each `return`, and `default` for any other cloud.
fn ts_token_resources(source: &str) -> Vec<(String, String)> {
    let start = source
        .find("export function tokenResource")
        .expect("settings.ts has tokenResource");
    let body = &source[start..];
    let body = &body[..body.find("\n}").expect("the function's end")];
    let mut answers = Vec::new();
    let mut labels = Vec::new();
    for line in body.lines().map(str::trim) {
        if let Some(label) = line.strip_prefix("case ") {
            labels.extend(quoted(label));
        } else if line.starts_with("default") {
            labels.push("default".to_owned());
        } else if let Some(returned) = line.strip_prefix("return ") {
            let resource = quoted(returned).into_iter().next().expect("a string");
            answers.extend(labels.drain(..).map(|l| (l, resource.clone())));
        }
    }
    answers
}

#[test]
fn the_sharepoint_pane_offers_the_cores_clouds_and_regions() {
    let source = settings_ts();
    let clouds: Vec<_> = Cloud::ALL.iter().map(|c| c.as_str()).collect();
    let regions: Vec<_> = Region::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(ts_array(&source, "CLOUDS"), clouds);
    assert_eq!(ts_array(&source, "REGIONS"), regions);
}

#[test]
fn the_sharepoint_web_part_asks_for_each_clouds_token_resource() {
    let answers = ts_token_resources(&settings_ts());
    let resource_of = |cloud: &str| {
        answers
            .iter()
            .find(|(label, _)| label == cloud)
            .or_else(|| answers.iter().find(|(label, _)| label == "default"))
            .map(|(_, resource)| resource.clone())
    };
    for cloud in Cloud::ALL {
        assert_eq!(
            resource_of(cloud.as_str()).as_deref(),
            Some(cloud.token_resource()),
            "tokenResource('{}')",
            cloud.as_str()
        );
    }
}

#[test]
fn the_standalone_page_signs_in_at_each_clouds_host_for_its_scope() {
    let source = repository_file("web/standalone.js");
    let start = source
        .find("const CLOUDS = {")
        .expect("standalone.js has CLOUDS");
    let table = &source[start..];
    let table = &table[..table.find("\n};").expect("the table's end")];
    let rows: Vec<Vec<String>> = table
        .lines()
        .skip(1)
        .map(|line| {
            let (key, rest) = line.trim().split_once(':').expect("key: { ... }");
            let mut row = vec![key.trim().trim_matches('"').to_owned()];
            row.extend(quoted(rest));
            row
        })
        .collect();
    let expected: Vec<Vec<String>> = Cloud::ALL
        .iter()
        .map(|cloud| {
            vec![
                cloud.as_str().to_owned(),
                cloud.login_host().to_owned(),
                cloud.default_scopes().join(" "),
            ]
        })
        .collect();
    assert_eq!(rows, expected);
}

/// The number after `const NAME` (`: number = 20;` or ` = 20;`).
fn number_constant(source: &str, name: &str) -> Option<usize> {
    let start = source.find(&format!("const {name}"))?;
    let line = source[start..].lines().next()?;
    let value = line.rsplit('=').next()?.trim().trim_end_matches(';');
    value.parse().ok()
}

#[test]
fn the_pane_and_the_standalone_page_know_the_cores_cards_and_most_recommendations() {
    let cards: Vec<_> = CardKind::ALL.iter().map(|c| c.as_str()).collect();
    let standalone = repository_file("web/standalone.js");
    for (file, source) in [
        ("settings.ts", settings_ts()),
        ("standalone.js", standalone),
    ] {
        assert_eq!(ts_array(&source, "CARDS"), cards, "{file}'s CARDS");
        assert_eq!(
            number_constant(&source, "MAX_RECOMMENDATIONS_TOP"),
            Some(MAX_TOP),
            "{file}'s MAX_RECOMMENDATIONS_TOP"
        );
    }
}

#[test]
fn a_copy_that_disagrees_is_seen() {
    let wrong = "export function tokenResource(cloud: string): string {\n  switch (cloud) {\n    case 'gcc':\n      return 'https://elsewhere.example';\n    default:\n      return 'x';\n  }\n}\n";
    let answers = ts_token_resources(wrong);
    assert_eq!(
        answers,
        [
            ("gcc".to_owned(), "https://elsewhere.example".to_owned()),
            ("default".to_owned(), "x".to_owned())
        ]
    );
    assert_ne!(answers[0].1, Cloud::Gcc.token_resource());
    let ts = "export const MAX_RECOMMENDATIONS_TOP: number = 20;\n";
    let js = "const MAX_RECOMMENDATIONS_TOP = 21;\n";
    assert_eq!(number_constant(ts, "MAX_RECOMMENDATIONS_TOP"), Some(20));
    assert_ne!(
        number_constant(js, "MAX_RECOMMENDATIONS_TOP"),
        Some(MAX_TOP)
    );
    assert_eq!(
        ts_array("const CARDS = [\"exposure\", \"other\"];", "CARDS"),
        ["exposure", "other"]
    );
}

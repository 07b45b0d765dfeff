use super::*;
use crate::model::storage::cache::CacheMode;
use serde::Deserialize;
use serde_json::json;

/// A page on `https://portal.example` whose browser prefers `languages`.
struct TestPage {
    origin: Option<&'static str>,
    languages: Vec<&'static str>,
}

impl Page for TestPage {
    fn origin(&self) -> Option<String> {
        self.origin.map(str::to_owned)
    }
    fn languages(&self) -> Vec<String> {
        self.languages.iter().map(|l| (*l).to_owned()).collect()
    }
    fn canonical_locale(&self, tag: &str) -> Option<String> {
        // Enough of `Intl.getCanonicalLocales` for the tests: `xx-yy` → `xx-YY`.
        let mut parts = tag.split(['-', '_']);
        let language = parts.next().filter(|l| (2..=3).contains(&l.len()))?;
        let mut out = language.to_ascii_lowercase();
        for part in parts {
            if part.is_empty() || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
                return None;
            }
            out.push('-');
            out.push_str(&part.to_ascii_uppercase());
        }
        Some(out)
    }
    fn number(&self, text: &str) -> Option<f64> {
        text.parse().ok()
    }
    fn resolve(&self, url: &str) -> Option<String> {
        // Enough of `new URL(url, "https://portal.example/intranet/home.aspx")` for the tests.
        let origin = self.origin?;
        if url.contains("://") {
            Some(url.to_owned())
        } else if let Some(path) = url.strip_prefix('/') {
            Some(format!("{origin}/{path}"))
        } else {
            Some(format!("{origin}/intranet/{url}"))
        }
    }
}

fn page() -> TestPage {
    TestPage {
        origin: Some("https://portal.example"),
        languages: vec!["fr-CA", "en-US"],
    }
}

fn check(options: serde_json::Value) -> Result<Config<()>, OptionError> {
    let given = GivenOptions::deserialize(options).expect("options never fail to read");
    normalise((), &given, &page())
}

fn error(options: serde_json::Value) -> OptionError {
    match check(options.clone()) {
        Ok(_) => panic!("{options} was accepted"),
        Err(e) => e,
    }
}

#[test]
fn no_options_give_the_documented_defaults() {
    let c = check(json!({})).expect("defaults");
    assert_eq!(c.cloud, Cloud::Commercial);
    assert_eq!(c.base.as_str(), "https://api.security.microsoft.com");
    assert_eq!(
        *c.scopes,
        ["https://api.securitycenter.microsoft.com/Score.Read"]
    );
    assert_eq!(c.cards, CardKind::DEFAULT);
    assert_eq!(
        *c.recommendation_scopes,
        ["https://api.securitycenter.microsoft.com/SecurityRecommendation.Read"]
    );
    assert_eq!(c.recommendations_top, 5);
    assert_eq!(c.theme, "auto");
    assert_eq!(c.layout, "cards");
    assert_eq!(c.refresh_seconds, DEFAULT_REFRESH_SECONDS);
    assert_eq!(c.cache, CachePolicy::default());
    assert!(c.history);
    // The browser's first language the widget speaks, canonicalised.
    assert_eq!((c.locale.as_str(), c.lang), ("fr-CA", Lang::Fr));
}

#[test]
fn without_a_spoken_preferred_language_the_words_are_english() {
    let page = TestPage {
        origin: None,
        languages: vec!["fi-FI"],
    };
    let c = normalise((), &GivenOptions::default(), &page).expect("defaults");
    assert_eq!((c.locale.as_str(), c.lang), ("en", Lang::En));
}

#[test]
fn a_locale_in_an_unspoken_language_gets_english_and_a_bad_tag_is_refused() {
    let c = check(json!({ "locale": " da-dk " })).expect("valid");
    assert_eq!((c.locale.as_str(), c.lang), ("da-DK", Lang::Da));
    let c = check(json!({ "locale": "fi-FI" })).expect("valid");
    assert_eq!((c.locale.as_str(), c.lang), ("en", Lang::En));
    let e = error(json!({ "locale": "not a tag!" }));
    assert_eq!(e.option, "locale");
    assert_eq!(e.why, "\"not a tag!\" is not a valid BCP 47 language tag");
}

#[test]
fn every_wrong_option_names_itself() {
    for (options, name) in [
        (json!({ "cards": ["nope"] }), "cards"),
        (json!({ "cards": [] }), "cards"),
        (json!({ "cards": 5 }), "cards"),
        (json!({ "apiBase": "https://evil.example" }), "apiBase"),
        (json!({ "apiBase": "not a url" }), "apiBase"),
        (json!({ "apiBase": 7 }), "apiBase"),
        (json!({ "cloud": "mars" }), "cloud"),
        (json!({ "cloud": "Commercial" }), "cloud"),
        (json!({ "region": "xx" }), "region"),
        (json!({ "region": "eu", "cloud": "gcc" }), "region"),
        (json!({ "theme": "pink" }), "theme"),
        (json!({ "layout": "grid" }), "layout"),
        (json!({ "layout": "Compact" }), "layout"),
        (json!({ "layout": true }), "layout"),
        (json!({ "refreshSeconds": -1 }), "refreshSeconds"),
        (json!({ "refreshSeconds": "soon" }), "refreshSeconds"),
        (json!({ "refreshSeconds": true }), "refreshSeconds"),
        (json!({ "cache": "cookies" }), "cache"),
        (json!({ "cacheSeconds": -5 }), "cacheSeconds"),
        (json!({ "cacheSeconds": 1e6 }), "cacheSeconds"),
        (json!({ "history": "sometimes" }), "history"),
        (json!({ "history": 1 }), "history"),
        (json!({ "scopes": [] }), "scopes"),
        (json!({ "scopes": ["a", " "] }), "scopes"),
        (
            json!({ "allowedOrigins": ["https://x.example/path"] }),
            "allowedOrigins",
        ),
        (json!({ "allowedOrigins": [1] }), "allowedOrigins"),
        (json!({ "locale": 5 }), "locale"),
    ] {
        let e = error(options.clone());
        assert_eq!(e.option, name, "{options}");
        assert!(
            e.to_string()
                .starts_with(&format!("defender-score-cards: option `{name}` ")),
            "{e}"
        );
    }
}

#[test]
fn wrong_kinds_say_what_the_option_must_be() {
    assert_eq!(error(json!({ "cloud": 1 })).why, "must be a string");
    assert_eq!(
        error(json!({ "cards": {"a": 1} })).why,
        "must be an array of strings"
    );
    assert_eq!(
        error(json!({ "cards": ["exposure", "nope"] })).why,
        "has unknown card \"nope\"; use exposure, device, groups, recommendations"
    );
    assert_eq!(
        error(json!({ "allowedOrigins": ["proxy.example"] })).why,
        "entry \"proxy.example\" must be an absolute http(s) URL"
    );
    assert_eq!(
        error(json!({ "apiBase": "https://evil.example" })).why,
        "points at https://evil.example, which is not a Defender API host of the commercial \
         cloud, the page's own origin, or in `allowedOrigins`: no token will be sent there"
    );
}

#[test]
fn attributes_give_lists_numbers_and_switches_as_text() {
    let c = check(json!({
        "cards": "groups, exposure,groups", "refreshSeconds": " 60 ", "cacheSeconds": "0",
        "history": "off", "allowedOrigins": "http://127.0.0.1:8080, http://localhost:3000",
        "apiBase": "http://127.0.0.1:8080"
    }))
    .expect("valid");
    assert_eq!(c.cards, [CardKind::Groups, CardKind::Exposure]);
    assert_eq!(c.refresh_seconds, 60.0);
    assert_eq!(c.cache.ttl_ms, 0.0);
    assert!(!c.history);
    assert_eq!(c.base.origin(), "http://127.0.0.1:8080");
    assert!(check(json!({ "history": " on " })).expect("on").history);
}

#[test]
fn the_api_base_follows_cloud_and_region_and_may_be_the_page_or_an_allowed_origin() {
    let gov = check(json!({ "cloud": "dod" })).expect("valid");
    assert_eq!(
        gov.base.as_str(),
        "https://api-gov.securitycenter.microsoft.us"
    );
    assert_eq!(
        *gov.scopes,
        ["https://api-gov.securitycenter.microsoft.us/Score.Read"]
    );
    let eu = check(json!({ "region": "eu" })).expect("valid");
    assert_eq!(eu.base.as_str(), "https://eu.api.security.microsoft.com");
    assert!(check(json!({ "region": "", "cloud": "gcc" })).is_ok());
    let proxy = check(json!({ "apiBase": "/defender" })).expect("valid");
    assert_eq!(proxy.base.as_str(), "https://portal.example/defender");
    assert!(check(json!({ "apiBase": "http://emulator.example:9000" })).is_err());
    assert!(check(json!({
        "apiBase": "http://emulator.example:9000",
        "allowedOrigins": ["http://emulator.example:9000/"]
    }))
    .is_ok());
}

#[test]
fn cache_settings_are_read_in_seconds() {
    let c = check(json!({ "cache": "local", "cacheSeconds": 86400 })).expect("valid");
    assert_eq!(c.cache.mode, CacheMode::Local);
    assert_eq!(c.cache.ttl_ms, 86_400_000.0);
}

#[test]
fn only_source_base_scopes_and_cloud_changes_need_new_data() {
    let a = check(json!({})).expect("valid");
    let words = check(json!({ "locale": "nl", "theme": "dark", "cards": "groups" })).expect("ok");
    assert!(a.same_source(&words));
    let scopes = check(json!({ "scopes": ["x/.default"] })).expect("valid");
    assert!(!a.same_source(&scopes));
    let eu = check(json!({ "region": "eu" })).expect("valid");
    assert!(!a.same_source(&eu));
}

#[test]
fn without_snapshot_the_widget_reads_the_api() {
    assert_eq!(check(json!({})).expect("defaults").snapshot, None);
}

#[test]
fn a_snapshot_folder_resolves_against_the_page_and_names_its_files() {
    for (given, file) in [
        (
            "/defender/snapshot/",
            "https://portal.example/defender/snapshot/snapshot.json",
        ),
        (
            "/defender/snapshot",
            "https://portal.example/defender/snapshot/snapshot.json",
        ),
        (
            "scores",
            "https://portal.example/intranet/scores/snapshot.json",
        ),
        (
            "https://portal.example/s/",
            "https://portal.example/s/snapshot.json",
        ),
    ] {
        let c = check(json!({ "snapshot": given })).expect(given);
        let folder = c.snapshot.expect("snapshot mode");
        assert_eq!(folder.url("/snapshot.json"), file, "{given}");
    }
    let c = check(json!({
        "snapshot": "https://files.example:8443/defender/",
        "allowedOrigins": ["https://files.example:8443"]
    }))
    .expect("an allowed origin");
    assert_eq!(
        c.snapshot.map(|f| f.url("/history.json")).as_deref(),
        Some("https://files.example:8443/defender/history.json")
    );
}

#[test]
fn a_snapshot_on_another_origin_or_not_a_folder_url_is_refused_naming_the_option() {
    for bad in [
        json!({ "snapshot": "https://evil.example/snapshot/" }),
        // A Defender API host is no place for a snapshot either.
        json!({ "snapshot": "https://api.security.microsoft.com/snapshot/" }),
        json!({ "snapshot": "http://portal.example/snapshot/" }),
        json!({ "snapshot": "/snapshot/?v=1" }),
        json!({ "snapshot": "/snapshot/#x" }),
        json!({ "snapshot": "" }),
        json!({ "snapshot": 5 }),
        json!({ "snapshot": "https://files.example/s/", "allowedOrigins": ["https://other.example"] }),
    ] {
        let e = error(bad.clone());
        assert_eq!(e.option, "snapshot", "{bad}");
    }
    assert!(error(json!({ "snapshot": "https://evil.example/s/" }))
        .why
        .contains("https://evil.example"));
}

#[test]
fn changing_the_snapshot_folder_is_a_new_source() {
    let a = check(json!({ "snapshot": "/a/" })).expect("a");
    let b = check(json!({ "snapshot": "/b/" })).expect("b");
    let none = check(json!({})).expect("none");
    assert!(a.same_source(&a.clone()));
    assert!(!a.same_source(&b));
    assert!(!a.same_source(&none));
}

#[test]
fn the_layout_is_cards_or_compact_and_anything_else_names_the_option() {
    assert_eq!(
        check(json!({ "layout": "cards" })).expect("cards").layout,
        "cards"
    );
    assert_eq!(
        check(json!({ "layout": "compact" }))
            .expect("compact")
            .layout,
        "compact"
    );
    assert_eq!(
        check(json!({ "layout": null })).expect("absent").layout,
        "cards"
    );
    let e = error(json!({ "layout": "tiles" }));
    assert_eq!(e.option, "layout");
    assert_eq!(
        e.to_string(),
        "defender-score-cards: option `layout` must be \"cards\" or \"compact\""
    );
    assert_eq!(
        error(json!({ "layout": ["compact"] })).why,
        "must be a string"
    );
}

#[test]
fn a_layout_change_needs_no_new_data() {
    let cards = check(json!({})).expect("cards");
    let compact = check(json!({ "layout": "compact" })).expect("compact");
    assert!(cards.same_source(&compact));
}

#[test]
fn the_api_counts_as_elsewhere_only_in_delegated_mode_on_another_origin_than_the_page() {
    // The cloud's own host: another origin than the portal.
    assert!(check(json!({})).expect("defaults").api_elsewhere);
    // A same-origin proxy.
    let proxied = check(json!({ "apiBase": "https://portal.example/api-proxy" })).expect("valid");
    assert!(!proxied.api_elsewhere);
    // Snapshot mode calls no API.
    let snapshot = check(json!({ "snapshot": "/defender/snapshot/" })).expect("valid");
    assert!(!snapshot.api_elsewhere);
}

#[test]
fn the_recommendations_card_has_its_own_scopes_and_shows_one_to_twenty_rows() {
    let c = check(json!({ "cloud": "gcc-high", "recommendationsTop": "12" })).expect("valid");
    assert_eq!(
        *c.recommendation_scopes,
        ["https://api-gov.securitycenter.microsoft.us/SecurityRecommendation.Read"]
    );
    assert_eq!(
        c.scopes_of(CardKind::Recommendations),
        &c.recommendation_scopes
    );
    assert_eq!(c.scopes_of(CardKind::Groups), &c.scopes);
    assert_eq!(c.recommendations_top, 12);
    let custom = check(json!({ "recommendationScopes": ["api://x/Custom.Read"] })).expect("valid");
    assert_eq!(*custom.recommendation_scopes, ["api://x/Custom.Read"]);
    assert!(!c.same_source(
        &check(json!({ "cloud": "gcc-high", "recommendationScopes": ["y"] })).expect("valid")
    ));
    for wrong in [json!(0), json!(21), json!(2.5), json!("many"), json!(true)] {
        let e = error(json!({ "recommendationsTop": wrong }));
        assert_eq!(
            (e.option, e.why.as_str()),
            ("recommendationsTop", "must be a whole number from 1 to 20")
        );
    }
    let e = error(json!({ "recommendationScopes": [] }));
    assert_eq!(e.option, "recommendationScopes");
}

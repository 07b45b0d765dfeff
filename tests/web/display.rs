//! How the cards write what they show: names as text never markup, when they fetched, numbers
//! as `Intl` writes them in every language, and colours the host sets.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen(inline_js = r#"
export function intl_number(locale, n) { return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n); }
"#)]
extern "C" {
    fn intl_number(locale: &str, n: f64) -> String;
}

#[wasm_bindgen_test]
async fn markup_in_group_names_stays_text() {
    stub_fetch();
    respond(
        GROUPS_PATH,
        200,
        r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":50,"rbacGroupName":"<img src=x onerror=\"window.__pwned=1\">"}]}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "ready").await;
    assert!(shadow(&el).query_selector("img").unwrap().is_none());
    assert!(text(&el, ".group-name").unwrap().contains("<img"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn fresh_cards_say_fetched_just_now_and_get_the_exact_time_once_intl_is_loaded() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[("locale", "en-GB".into())]);
    wait_state(&el, "device", "ready").await;
    let fetched = || {
        shadow(&el)
            .query_selector(".group-head .fetched")
            .unwrap()
            .unwrap()
    };
    assert_eq!(
        fetched().text_content().as_deref(),
        Some("Fetched just now")
    );
    // The documented time, 2019-12-03T09:15:58Z, as Intl writes it for en-GB.
    wait_for("the exact time in the tooltip", || {
        fetched()
            .get_attribute("title")
            .is_some_and(|t| t.contains("2019"))
    })
    .await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn colours_set_on_the_host_win_over_both_themes() {
    for theme in ["light", "dark", "auto"] {
        stub_fetch();
        respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
        let el = host();
        el.set_attribute(
            "style",
            "--dsc-accent: rgb(1, 2, 3); --dsc-bg: rgb(250, 240, 230); --dsc-font-size: 21px",
        )
        .unwrap();
        let handle = mount_ok(
            &el,
            &[
                ("cards", Array::of1(&"exposure".into()).into()),
                ("theme", theme.into()),
            ],
        );
        wait_state(&el, "exposure", "ready").await;
        let window = web_sys::window().unwrap();
        let style = |selector: &str, property: &str| {
            let node = shadow(&el).query_selector(selector).unwrap().unwrap();
            window
                .get_computed_style(&node)
                .unwrap()
                .unwrap()
                .get_property_value(property)
                .unwrap()
        };
        assert_eq!(style(".portal", "color"), "rgb(1, 2, 3)", "{theme}");
        assert_eq!(
            style(".card", "background-color"),
            "rgb(250, 240, 230)",
            "{theme}"
        );
        assert_eq!(style(".dsc", "font-size"), "21px", "{theme}");
        handle.unmount();
    }
}

#[wasm_bindgen_test]
fn numbers_match_intl_in_every_language_and_region_including_the_shortcut_below_1000() {
    use defender_score_cards::embed::intl::IntlFormats;
    use defender_score_cards::i18n::Formats;
    let locales = [
        "en",
        "en-US",
        "en-GB",
        "en-IN",
        "nl",
        "nl-BE",
        "da-DK",
        "de",
        "de-CH",
        "de-AT",
        "fr",
        "fr-CA",
        "fr-CH",
        "es",
        "es-MX",
        "sv-SE",
        "sv-FI",
        "ja-JP",
        "nl-u-nu-arab",
        "en-u-nu-thai",
    ];
    let values = [
        0.0,
        0.4,
        7.0,
        29.5,
        33.491554,
        99.5,
        100.0,
        340.0,
        999.4,
        999.5,
        1000.0,
        1234.0,
        12_345.6,
        1_000_000.0,
    ];
    for locale in locales {
        let formats = IntlFormats::new(locale);
        for v in values {
            assert_eq!(formats.number(v), intl_number(locale, v), "{locale} {v}");
        }
    }
}

//! Mounting: the documented answers render three ready cards and tell the host in events;
//! `update` and `unmount` do what they say; wrong options throw errors naming the option.

use defender_score_cards::mount;
use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen_test]
async fn documented_responses_render_three_ready_cards() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "ready").await;
    }
    assert_eq!(
        text(&el, "[data-card=exposure] [data-testid=score]").as_deref(),
        Some("33")
    );
    assert_eq!(
        text(&el, "[data-card=device] [data-testid=score]").as_deref(),
        Some("340")
    );
    assert_eq!(
        attr(&el, "exposure", "data-band").as_deref(),
        Some("medium")
    );
    let rows = shadow(&el).query_selector_all("[data-group]").unwrap();
    assert_eq!(rows.length(), 2);
    let first = rows.get(0).unwrap().dyn_into::<Element>().unwrap();
    assert_eq!(
        first.get_attribute("data-group").as_deref(),
        Some("GroupOne")
    );
    // One token for the three parallel requests, each with the bearer header.
    assert_eq!(token_calls().length(), 1);
    let calls = fetch_calls();
    assert_eq!(calls.length(), 3);
    for c in calls.iter() {
        assert_eq!(get(&c, "auth").as_string(), Some(format!("Bearer {TOKEN}")));
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn loaded_events_bubble_composed_with_scores_and_no_token() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    wait_for("three loaded events", || {
        event_details("defender-scores:loaded").len() == 3
    })
    .await;
    let details = event_details("defender-scores:loaded");
    let by_card = |c: &str| {
        details
            .iter()
            .find(|d| get(d, "card").as_string().as_deref() == Some(c))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        get(&by_card("exposure"), "score").as_f64(),
        Some(33.491554051195706)
    );
    assert_eq!(get(&by_card("device"), "score").as_f64(), Some(340.0));
    assert_eq!(
        get(&by_card("exposure"), "time").as_string().as_deref(),
        Some("2019-12-03T07:23:53.280Z")
    );
    let groups = Array::from(&get(&by_card("groups"), "groups"));
    assert_eq!(groups.length(), 2);
    assert_eq!(
        get(&groups.get(0), "name").as_string().as_deref(),
        Some("GroupOne")
    );
    for e in recorded_events().iter() {
        assert_eq!(get(&e, "bubbles").as_bool(), Some(true));
        assert_eq!(get(&e, "composed").as_bool(), Some(true));
        let json = js_sys::JSON::stringify(&get(&e, "detail"))
            .unwrap()
            .as_string()
            .unwrap();
        assert!(!json.contains(TOKEN), "token leaked into an event: {json}");
    }
    let shadow_html = shadow(&el).inner_html();
    assert!(!shadow_html.contains(TOKEN));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn update_changes_the_language_without_fetching_again() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[("locale", "en".into())]);
    wait_state(&el, "exposure", "ready").await;
    let calls = fetch_calls().length();
    let changes = Object::new();
    Reflect::set(&changes, &"locale".into(), &"da-DK".into()).unwrap();
    handle.update(changes.into()).unwrap();
    wait_for("Danish title", || {
        text(&el, "[data-card=exposure] .title").as_deref() == Some("Eksponeringsscore")
    })
    .await;
    assert_eq!(fetch_calls().length(), calls);
    assert_eq!(
        attr(&el, "exposure", "data-state").as_deref(),
        Some("ready")
    );
    // The new locale's formatters are loaded too: the exact time (in the cards' shared
    // header) comes back in Danish.
    wait_for("the exact time in the tooltip after the change", || {
        shadow(&el)
            .query_selector(".group-head .fetched")
            .unwrap()
            .and_then(|f| f.get_attribute("title"))
            .is_some_and(|t| t.contains("2019") && t.contains("dec"))
    })
    .await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn unmount_empties_the_shadow_root_and_ignores_late_answers() {
    stub_fetch();
    // Every answer comes 200 ms late, even after the widget aborted its request.
    let late = Object::new();
    Reflect::set(&late, &"x-stub-late".into(), &"200".into()).unwrap();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &late);
    respond(DEVICE_PATH, 200, DEVICE, &late);
    respond(GROUPS_PATH, 200, GROUPS, &late);
    let el = host();
    let handle = mount_ok(&el, &[]);
    let cards = || {
        shadow(&el)
            .query_selector_all("[data-card]")
            .unwrap()
            .length()
    };
    wait_for("three cards loading", || cards() == 3).await;
    wait_for("three requests under way", || fetch_calls().length() == 3).await;
    assert_eq!(delivered_paths().length(), 0, "the answers came too soon");
    handle.unmount();
    handle.unmount();
    assert_eq!(shadow(&el).child_element_count(), 0);
    wait_for("the three late answers", || delivered_paths().length() == 3).await;
    // The page's queued tasks run (reading the bodies, any render), then the root is looked at.
    for _ in 0..3 {
        TimeoutFuture::new(0).await;
    }
    assert_eq!(shadow(&el).child_element_count(), 0);
    assert_eq!(cards(), 0);
    assert_eq!(
        recorded_events().length(),
        0,
        "an unmounted widget told the host"
    );
    wasm_bindgen_futures::JsFuture::from(handle.refresh())
        .await
        .unwrap();
    assert_eq!(shadow(&el).child_element_count(), 0);
    assert_eq!(fetch_calls().length(), 3, "an unmounted widget asked again");
}

#[wasm_bindgen_test]
fn bad_options_throw_errors_naming_the_option() {
    stub_fetch();
    let el = host();
    let message = |opts: JsValue| -> String {
        match mount(el.clone().into(), opts) {
            Ok(h) => {
                h.unmount();
                panic!("mount accepted bad options")
            }
            Err(e) => {
                assert!(e.is_instance_of::<js_sys::Error>());
                get(&e, "message").as_string().unwrap()
            }
        }
    };
    assert!(message(options(&[("cards", Array::of1(&"nope".into()).into())])).contains("`cards`"));
    assert!(message(options(&[("apiBase", "https://evil.example".into())])).contains("`apiBase`"));
    assert!(message(options(&[("apiBase", "not a url".into())])).contains("`apiBase`"));
    assert!(message(options(&[("cloud", "mars".into())])).contains("`cloud`"));
    assert!(message(options(&[("region", "xx".into())])).contains("`region`"));
    assert!(message(options(&[("theme", "pink".into())])).contains("`theme`"));
    assert!(message(options(&[("refreshSeconds", (-1).into())])).contains("`refreshSeconds`"));
    assert!(message(options(&[("cache", "cookies".into())])).contains("`cache`"));
    assert!(message(options(&[("cacheSeconds", (-5).into())])).contains("`cacheSeconds`"));
    assert!(message(options(&[("cacheSeconds", 1e6.into())])).contains("`cacheSeconds`"));
    assert!(message(options(&[("history", "sometimes".into())])).contains("`history`"));
    assert!(message(options(&[("history", 1.into())])).contains("`history`"));
    assert!(message(options(&[("getToken", "abc".into())])).contains("`getToken`"));
    let no_source = Object::new();
    assert!(message(no_source.into()).contains("`getToken`"));
    assert_eq!(fetch_calls().length(), 0);
    assert_eq!(token_calls().length(), 0);
}

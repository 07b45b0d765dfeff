//! Failures: each shows its `data-error` state and its own words, a failed refresh keeps the
//! reading as stale, and one cause on every card is said once.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::page::*;
use crate::support::*;

/// Queues the answer that makes one failure.
type QueueAnswer = Box<dyn Fn()>;

#[wasm_bindgen_test]
async fn each_failure_shows_its_data_error_state() {
    let html_type = Object::new();
    Reflect::set(&html_type, &"content-type".into(), &"text/html".into()).unwrap();
    let throttled = Object::new();
    Reflect::set(&throttled, &"retry-after".into(), &"42".into()).unwrap();
    let cases: Vec<(&str, QueueAnswer)> = vec![
        (
            "forbidden",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    403,
                    r#"{"error":{"code":"Forbidden","message":"m","target":"abc-403"}}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "not-found",
            Box::new(|| respond(EXPOSURE_PATH, 404, NOT_FOUND, &JsValue::UNDEFINED)),
        ),
        (
            "throttled",
            Box::new(move || {
                respond(
                    EXPOSURE_PATH,
                    429,
                    r#"{"error":{"code":"TooManyRequests","message":"slow","target":"x"}}"#,
                    &throttled,
                )
            }),
        ),
        (
            "server",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    500,
                    r#"{"error":{"code":"InternalServerError","message":"boom","target":"x"}}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        ("network", Box::new(|| fail_network(EXPOSURE_PATH))),
        (
            "invalid-response",
            Box::new(move || respond(EXPOSURE_PATH, 200, "<html>login</html>", &html_type)),
        ),
        (
            "invalid-response",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    200,
                    r#"{"score": 33.4, "ti"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "invalid-response",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    200,
                    r#"{"score": NaN, "time": "2019-12-03T07:23:53Z"}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "invalid-response",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    200,
                    r#"{"score": "33", "time": "2019-12-03T07:23:53Z"}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "invalid-response",
            Box::new(|| {
                respond(
                    EXPOSURE_PATH,
                    200,
                    r#"{"score": 133, "time": "2019-12-03T07:23:53Z"}"#,
                    &JsValue::UNDEFINED,
                )
            }),
        ),
        (
            "invalid-response",
            Box::new(|| respond(EXPOSURE_PATH, 200, "", &JsValue::UNDEFINED)),
        ),
    ];
    for (expected, setup) in cases {
        stub_fetch();
        setup();
        let el = host();
        let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
        wait_state(&el, "exposure", "error").await;
        assert_eq!(
            attr(&el, "exposure", "data-error").as_deref(),
            Some(expected)
        );
        assert!(
            text(&el, ".error").is_some_and(|t| !t.is_empty()),
            "{expected}: no message"
        );
        let errors = event_details("defender-scores:error");
        assert_eq!(errors.len(), 1, "{expected}");
        assert_eq!(
            get(&errors[0], "card").as_string().as_deref(),
            Some("exposure")
        );
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn forbidden_names_the_permission_and_the_support_reference() {
    stub_fetch();
    respond(
        GROUPS_PATH,
        403,
        r#"{"error":{"code":"Forbidden","message":"m","target":"abc-403"}}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "error").await;
    let alert = text(&el, ".error").unwrap();
    assert!(alert.contains("Score.Read"), "{alert}");
    assert!(alert.contains("abc-403"), "{alert}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_failed_refresh_after_a_reading_shows_it_as_stale() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "ready").await;
    stub_fetch();
    fail_network(EXPOSURE_PATH);
    wasm_bindgen_futures::JsFuture::from(handle.refresh())
        .await
        .unwrap();
    assert_eq!(
        attr(&el, "exposure", "data-state").as_deref(),
        Some("stale")
    );
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("33"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_page_fetch_that_rejects_with_a_non_error_or_resolves_to_a_non_response_is_a_network_error(
) {
    stub_fetch();
    misbehave(EXPOSURE_PATH, "reject");
    misbehave(DEVICE_PATH, "resolve");
    respond(GROUPS_PATH, 200, GROUPS, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device"] {
        wait_state(&el, name, "error").await;
        assert_eq!(attr(&el, name, "data-error").as_deref(), Some("network"));
    }
    // The other cards of the page live on: nothing panicked.
    wait_state(&el, "groups", "ready").await;
    wait_for("two error events", || {
        event_details("defender-scores:error").len() == 2
    })
    .await;
    handle.unmount();
}

#[wasm_bindgen_test]
async fn no_answer_from_an_api_on_another_origin_may_be_cors_and_points_to_snapshot_mode() {
    stub_fetch();
    fail_network(EXPOSURE_PATH);
    let el = host();
    let handle = mount_ok(
        &el,
        &[
            ("apiBase", "https://api.security.microsoft.com".into()),
            ("cards", Array::of1(&"exposure".into()).into()),
        ],
    );
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("network")
    );
    let body = text(&el, ".error-body").unwrap();
    assert_eq!(
        text(&el, ".error-title").as_deref(),
        Some("Cannot reach Microsoft Defender")
    );
    assert!(
        body.contains("may not be allowed to call the API"),
        "{body}"
    );
    assert!(
        body.contains("CORS") && body.contains("snapshot mode"),
        "{body}"
    );
    let errors = event_details("defender-scores:error");
    assert_eq!(get(&errors[0], "status").as_f64(), Some(0.0));
    handle.unmount();
    // The page's own origin (a proxy): no CORS at play, the plain network words.
    stub_fetch();
    fail_network(EXPOSURE_PATH);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "error").await;
    let body = text(&el, ".error-body").unwrap();
    assert!(body.starts_with("Check your network connection"), "{body}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_403_on_every_card_is_said_once_with_one_button_and_each_card_keeps_its_hooks() {
    stub_fetch();
    forbidden_on(EXPOSURE_PATH, "t-e");
    forbidden_on(DEVICE_PATH, "t-d");
    forbidden_on(GROUPS_PATH, "t-g");
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "error").await;
        assert_eq!(attr(&el, name, "data-error").as_deref(), Some("forbidden"));
    }
    wait_for("three error events", || {
        event_details("defender-scores:error").len() == 3
    })
    .await;
    let cards: Vec<String> = event_details("defender-scores:error")
        .iter()
        .filter_map(|d| get(d, "card").as_string())
        .collect();
    assert_eq!(cards.len(), 3, "{cards:?}");
    // One message, in one polite live region outside the cards; one button, the refresh of
    // the header the cards share.
    assert_eq!(count_in(&el, ".error"), 1);
    assert_eq!(count_in(&el, ".shared[aria-live=polite] > .error"), 1);
    assert_eq!(count_in(&el, "[data-card] .error"), 0);
    assert_eq!(count_in(&el, ".shared button"), 0);
    assert_eq!(count_in(&el, "button"), 1);
    assert_eq!(count_in(&el, "[role=alert]"), 0);
    let message = text(&el, ".shared").unwrap();
    assert!(message.contains("Score.Read"), "{message}");
    for target in ["t-e", "t-d", "t-g"] {
        assert!(message.contains(target), "{message}");
    }
    let button = in_shadow(&el, ".group-head .refresh");
    assert_eq!(
        text(&el, ".group-head .refresh-text").as_deref(),
        Some("Refresh")
    );
    // The one button fetches every card again.
    clear_queue();
    ok_all();
    let calls = fetch_calls().length();
    click(&button);
    all_ready(&el).await;
    assert_eq!(fetch_calls().length(), calls + 3);
    assert_eq!(in_shadow(&el, ".shared").child_element_count(), 0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn cards_failing_for_different_reasons_each_say_their_own() {
    stub_fetch();
    forbidden_on(EXPOSURE_PATH, "t-e");
    respond(DEVICE_PATH, 404, NOT_FOUND, &JsValue::UNDEFINED);
    forbidden_on(GROUPS_PATH, "t-g");
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "error").await;
    }
    assert_eq!(
        attr(&el, "device", "data-error").as_deref(),
        Some("not-found")
    );
    assert_eq!(count_in(&el, "[data-card] .error"), 3);
    assert_eq!(in_shadow(&el, ".shared").child_element_count(), 0);
    handle.unmount();
}

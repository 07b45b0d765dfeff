//! Retries: a throttled card waits for `Retry-After`, a server error is tried again with
//! backoff, unmount cancels what was scheduled, and failing widgets share one retry.

use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen_test]
async fn a_throttled_card_waits_for_retry_after_then_tries_once_more() {
    stub_fetch();
    let retry = Object::new();
    Reflect::set(&retry, &"retry-after".into(), &"1".into()).unwrap();
    respond(
        EXPOSURE_PATH,
        429,
        r#"{"error":{"code":"TooManyRequests","message":"slow","target":"x"}}"#,
        &retry,
    );
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("throttled")
    );
    // Calling sooner than Retry-After sends nothing.
    wasm_bindgen_futures::JsFuture::from(handle.refresh())
        .await
        .unwrap();
    assert_eq!(
        fetch_calls().length(),
        1,
        "{:?} {:?}",
        js_sys::JSON::stringify(&fetch_calls()),
        js_sys::JSON::stringify(&recorded_events())
    );
    wait_state(&el, "exposure", "ready").await;
    assert_eq!(fetch_calls().length(), 2);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_server_error_is_retried_with_backoff_until_it_loads() {
    stub_fetch();
    respond(EXPOSURE_PATH, 503, "", &JsValue::UNDEFINED);
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let el = host();
    let h = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("server")
    );
    let alert = text(&el, ".error").unwrap();
    assert!(alert.contains("will try again"), "{alert}");
    assert_eq!(fetch_calls().length(), 1);
    // The first retry comes after 1 to 2 seconds, by itself.
    wait_state(&el, "exposure", "ready").await;
    assert_eq!(
        fetch_calls().length(),
        2,
        "{:?}",
        js_sys::JSON::stringify(&fetch_calls())
    );
    let errors = event_details("defender-scores:error");
    assert_eq!(errors.len(), 1);
    assert!(get(&errors[0], "retryAfter").as_f64().unwrap() >= 1.0);
    h.unmount();
}

#[wasm_bindgen_test]
async fn unmount_cancels_a_scheduled_retry() {
    stub_fetch();
    fail_network(EXPOSURE_PATH);
    let el = host();
    let h = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "error").await;
    h.unmount();
    let calls = fetch_calls().length();
    // Longer than the longest first backoff (2 s): nothing may be asked after unmount.
    let deadline = js_sys::Date::now() + 2_500.0;
    while js_sys::Date::now() < deadline {
        assert_eq!(fetch_calls().length(), calls, "a request after unmount");
        TimeoutFuture::new(100).await;
    }
}

#[wasm_bindgen_test]
async fn five_failing_widgets_recover_with_one_retry_call_not_five() {
    stub_fetch();
    respond(DEVICE_PATH, 503, "", &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    let get_token: JsValue = make_get_token(TOKEN).into();
    let hosts: Vec<Element> = (0..5).map(|_| host()).collect();
    let handles: Vec<_> = hosts
        .iter()
        .map(|h| {
            mount_ok(
                h,
                &[
                    ("getToken", get_token.clone()),
                    ("cards", Array::of1(&"device".into()).into()),
                ],
            )
        })
        .collect();
    for h in &hosts {
        wait_state(h, "device", "ready").await;
    }
    // One shared failing call, then the first retry's answer serves every widget's retry
    // (joined while in flight, or from the cache once it arrived).
    assert_eq!(
        fetch_calls().length(),
        2,
        "{:?}",
        js_sys::JSON::stringify(&fetch_calls())
    );
    for h in handles {
        h.unmount();
    }
}

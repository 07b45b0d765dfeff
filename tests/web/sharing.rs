//! Widgets on one page share their requests and their token (when they share the token
//! source), and unmounting one keeps a request another still waits for.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen_test]
async fn widgets_with_different_token_sources_do_not_share_requests() {
    stub_fetch();
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    let only = [("cards", JsValue::from(Array::of1(&"device".into())))];
    let (a, b) = (host(), host());
    let (first, second) = (mount_ok(&a, &only), mount_ok(&b, &only));
    wait_state(&a, "device", "ready").await;
    wait_state(&b, "device", "ready").await;
    assert_eq!(fetch_calls().length(), 2);
    first.unmount();
    second.unmount();
}

#[wasm_bindgen_test]
async fn five_widgets_on_a_page_cost_one_token_and_three_calls() {
    stub_fetch();
    ok_all();
    let get_token: JsValue = make_get_token(TOKEN).into();
    let hosts: Vec<Element> = (0..5).map(|_| host()).collect();
    let handles: Vec<_> = hosts
        .iter()
        .map(|h| mount_ok(h, &[("getToken", get_token.clone())]))
        .collect();
    for h in &hosts {
        for name in ["exposure", "device", "groups"] {
            wait_state(h, name, "ready").await;
        }
    }
    assert_eq!(fetch_calls().length(), 3);
    assert_eq!(token_calls().length(), 1);
    assert_eq!(event_details("defender-scores:loaded").len(), 15);
    for h in handles {
        h.unmount();
    }
    assert_eq!(defender_score_cards::api::shared::in_flight(), 0);
}

#[wasm_bindgen_test]
async fn five_widgets_with_a_synchronous_get_token_ask_it_once() {
    stub_fetch();
    ok_all();
    let count = js_sys::Array::new();
    let get_token = {
        let count = count.clone();
        Closure::<dyn Fn() -> JsValue>::new(move || {
            count.push(&JsValue::TRUE);
            JsValue::from_str(TOKEN)
        })
        .into_js_value()
    };
    let hosts: Vec<Element> = (0..5).map(|_| host()).collect();
    let handles: Vec<_> = hosts
        .iter()
        .map(|h| mount_ok(h, &[("getToken", get_token.clone())]))
        .collect();
    for h in &hosts {
        wait_state(h, "groups", "ready").await;
    }
    assert_eq!(fetch_calls().length(), 3);
    assert_eq!(count.length(), 1);
    for h in handles {
        h.unmount();
    }
}

#[wasm_bindgen_test]
async fn unmounting_one_widget_keeps_a_shared_request_for_the_other_and_the_last_aborts_it() {
    stub_fetch();
    let slow = Object::new();
    Reflect::set(&slow, &"x-stub-delay".into(), &"300".into()).unwrap();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &slow);
    let get_token: JsValue = make_get_token(TOKEN).into();
    let only = || {
        [
            ("cards", JsValue::from(Array::of1(&"exposure".into()))),
            ("getToken", get_token.clone()),
        ]
    };
    let (a, b) = (host(), host());
    let first = mount_ok(&a, &only());
    let second = mount_ok(&b, &only());
    wait_for("the shared request to start", || {
        fetch_calls().length() == 1
    })
    .await;
    first.unmount();
    wait_state(&b, "exposure", "ready").await;
    assert_eq!(fetch_calls().length(), 1);
    assert_eq!(aborted_paths().length(), 0);
    // A refresh that nobody else shares is aborted by unmount.
    let pending = second.refresh();
    wait_for("the second request to start", || {
        fetch_calls().length() == 2
    })
    .await;
    second.unmount();
    wasm_bindgen_futures::JsFuture::from(pending).await.unwrap();
    wait_for("the request to be aborted", || {
        aborted_paths().length() == 1
    })
    .await;
    assert_eq!(defender_score_cards::api::shared::in_flight(), 0);
}

//! What the requests are: next links followed on the API's origin only, and fetch options that
//! follow no redirect, send no cookies and skip the browser's cache.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen_test]
async fn a_next_link_to_another_origin_is_refused_without_sending_the_token() {
    stub_fetch();
    respond(
        GROUPS_PATH,
        200,
        r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":5,"rbacGroupName":"A"}],"@odata.nextLink":"https://evil.example/api/exposureScore/ByMachineGroups?$skip=1"}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "error").await;
    assert_eq!(
        attr(&el, "groups", "data-error").as_deref(),
        Some("invalid-response")
    );
    assert_eq!(fetch_calls().length(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn next_links_on_the_api_origin_are_followed_and_loops_are_refused() {
    stub_fetch();
    let origin = page_origin();
    let page1 = format!(
        r#"{{"value":[{{"time":"2019-12-03T09:51:28Z","score":5,"rbacGroupName":"A"}}],"@odata.nextLink":"{origin}/api/page2"}}"#
    );
    respond(GROUPS_PATH, 200, &page1, &JsValue::UNDEFINED);
    respond(
        "/api/page2",
        200,
        r#"{"value":[{"time":"2019-12-03T09:51:28Z","score":75,"rbacGroupName":"B"}]}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "ready").await;
    assert_eq!(
        shadow(&el)
            .query_selector_all("[data-group]")
            .unwrap()
            .length(),
        2
    );
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("75"));
    handle.unmount();

    stub_fetch();
    let looping =
        format!(r#"{{"value":[],"@odata.nextLink":"{origin}/api/exposureScore/ByMachineGroups"}}"#);
    respond(GROUPS_PATH, 200, &looping, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"groups".into()).into())]);
    wait_state(&el, "groups", "error").await;
    assert_eq!(
        attr(&el, "groups", "data-error").as_deref(),
        Some("invalid-response")
    );
    assert_eq!(fetch_calls().length(), 1);
    handle.unmount();
}

#[wasm_bindgen(inline_js = r#"
let seen = [];
export function record_request_options() {
  seen = [];
  const answer = window.fetch;
  window.fetch = (input, init) => {
    const r = typeof input === "string" ? new Request(input, init) : input;
    seen.push({ method: r.method, redirect: r.redirect, credentials: r.credentials, cache: r.cache,
      mode: r.mode, accept: r.headers.get("accept") });
    return answer(input, init);
  };
}
export function request_options() { return seen; }
"#)]
extern "C" {
    fn record_request_options();
    fn request_options() -> Array;
}

#[wasm_bindgen_test]
async fn requests_follow_no_redirect_send_no_cookies_and_skip_the_cache() {
    stub_fetch();
    ok_all();
    record_request_options();
    let el = host();
    let handle = mount_ok(&el, &[]);
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "ready").await;
    }
    let seen = request_options();
    assert_eq!(seen.length(), 3);
    for request in seen.iter() {
        for (option, value) in [
            ("method", "GET"),
            ("redirect", "manual"),
            ("credentials", "omit"),
            ("cache", "no-store"),
            ("mode", "cors"),
            ("accept", "application/json"),
        ] {
            assert_eq!(get(&request, option).as_string().as_deref(), Some(value));
        }
    }
    handle.unmount();
}

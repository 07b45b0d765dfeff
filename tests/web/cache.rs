//! The reading cache: a reload within its time to live costs no call; it can be kept in
//! sessionStorage (the default), localStorage, memory or nowhere; it is per tenant, and what
//! is damaged, forged or expired is never shown as fresh.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen(inline_js = r#"
// The reading cache's keys (the trend's history has its own, in `history.rs`).
export function storage_keys(kind) { const s = kind === "local" ? localStorage : sessionStorage; return Object.keys(s).filter((k) => k.startsWith("dsc:v1|")).sort(); }
export function storage_get(key) { return sessionStorage.getItem(key); }
export function storage_set(key, value) { sessionStorage.setItem(key, value); }
"#)]
extern "C" {
    fn storage_keys(kind: &str) -> Array;
    fn storage_get(key: &str) -> Option<String>;
    fn storage_set(key: &str, value: &str);
}

fn keys(kind: &str) -> Vec<String> {
    storage_keys(kind)
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

#[wasm_bindgen_test]
async fn a_second_load_within_the_ttl_shows_the_cached_readings_without_any_call() {
    stub_fetch();
    ok_all();
    let el = host();
    let first = mount_ok(&el, &[]);
    all_ready(&el).await;
    first.unmount();
    assert_eq!(fetch_calls().length(), 3);
    let origin = page_origin();
    assert_eq!(
        keys("session"),
        ["device", "exposure", "groups"]
            .iter()
            .map(|c| format!("dsc:v1|{origin}|-|{c}"))
            .collect::<Vec<_>>()
    );
    assert!(keys("local").is_empty());
    // A reload (a new mount on the same tab) costs no call, shows the same scores, and
    // still tells the host what it shows.
    let again = host();
    let second = mount_ok(&again, &[]);
    all_ready(&again).await;
    assert_eq!(fetch_calls().length(), 3);
    assert_eq!(text(&again, "[data-testid=score]").as_deref(), Some("33"));
    assert!(shadow(&again)
        .query_selector("[data-group=GroupOne]")
        .unwrap()
        .is_some());
    assert_eq!(event_details("defender-scores:loaded").len(), 6);
    // Refreshing on purpose always asks the API.
    wasm_bindgen_futures::JsFuture::from(second.refresh())
        .await
        .unwrap();
    assert_eq!(fetch_calls().length(), 6);
    second.unmount();
}

#[wasm_bindgen_test]
async fn the_cache_can_be_local_storage_memory_or_off() {
    stub_fetch();
    ok_all();
    let only = |mode: &str| {
        vec![
            ("cards", JsValue::from(Array::of1(&"device".into()))),
            ("cache", JsValue::from(mode)),
        ]
    };
    let el = host();
    let h = mount_ok(&el, &only("local"));
    wait_state(&el, "device", "ready").await;
    h.unmount();
    assert_eq!(keys("local").len(), 1);
    assert!(keys("session").is_empty());
    let el = host();
    let h = mount_ok(&el, &only("local"));
    wait_state(&el, "device", "ready").await;
    h.unmount();
    assert_eq!(fetch_calls().length(), 1);

    // Off: nothing is kept, and every load asks.
    stub_fetch();
    ok_all();
    for _ in 0..2 {
        let el = host();
        let h = mount_ok(&el, &only("off"));
        wait_state(&el, "device", "ready").await;
        h.unmount();
    }
    assert_eq!(fetch_calls().length(), 2);
    assert!(keys("local").is_empty() && keys("session").is_empty());

    // Memory: shared on the page, never written to storage.
    defender_score_cards::storage::cache::clear_memory();
    stub_fetch();
    ok_all();
    for _ in 0..2 {
        let el = host();
        let h = mount_ok(&el, &only("memory"));
        wait_state(&el, "device", "ready").await;
        h.unmount();
    }
    assert_eq!(fetch_calls().length(), 1);
    assert!(keys("local").is_empty() && keys("session").is_empty());
    defender_score_cards::storage::cache::clear_memory();
}

#[wasm_bindgen_test]
async fn an_expired_reading_shows_as_stale_while_it_is_fetched_again() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let only = [
        ("cards", JsValue::from(Array::of1(&"exposure".into()))),
        ("cacheSeconds", JsValue::from(0)),
    ];
    let el = host();
    let h = mount_ok(&el, &only);
    wait_state(&el, "exposure", "ready").await;
    h.unmount();
    clear_queue();
    let delayed = Object::new();
    Reflect::set(&delayed, &"x-stub-delay".into(), &"400".into()).unwrap();
    respond(
        EXPOSURE_PATH,
        200,
        &EXPOSURE.replace("33.4", "12.0"),
        &delayed.into(),
    );
    let el = host();
    let h = mount_ok(&el, &only);
    wait_state(&el, "exposure", "stale").await;
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("33"));
    wait_state(&el, "exposure", "ready").await;
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("12"));
    assert_eq!(
        fetch_calls().length(),
        2,
        "{:?}",
        js_sys::JSON::stringify(&fetch_calls())
    );
    h.unmount();
}

#[wasm_bindgen_test]
async fn offline_with_an_expired_cached_reading_shows_it_stale_with_its_age() {
    stub_fetch();
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    let only = [
        ("cards", JsValue::from(Array::of1(&"device".into()))),
        ("cacheSeconds", JsValue::from(0)),
    ];
    let el = host();
    let h = mount_ok(&el, &only);
    wait_state(&el, "device", "ready").await;
    h.unmount();
    clear_queue();
    fail_network(DEVICE_PATH);
    let el = host();
    let h = mount_ok(&el, &only);
    wait_for("the network error", || {
        event_details("defender-scores:error").len() == 1
    })
    .await;
    assert_eq!(attr(&el, "device", "data-state").as_deref(), Some("stale"));
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("340"));
    let card_text = card(&el, "device").unwrap().text_content().unwrap();
    assert!(
        card_text.contains("ago") || card_text.contains("now"),
        "{card_text}"
    );
    assert!(card_text.contains("earlier reading"), "{card_text}");
    h.unmount();
}

#[wasm_bindgen_test]
async fn damaged_or_forged_storage_is_ignored_and_replaced() {
    stub_fetch();
    ok_all();
    let origin = page_origin();
    let key = |card: &str| format!("dsc:v1|{origin}|-|{card}");
    let now = js_sys::Date::now();
    storage_set(&key("exposure"), "{not json");
    storage_set(
        &key("device"),
        &format!(
            r#"{{"kind":"device","receivedMs":{now},"items":[{{"score":"340","timeMs":1}}]}}"#
        ),
    );
    storage_set(
        &key("groups"),
        &format!(
            r#"{{"kind":"groups","receivedMs":{now},"items":[{{"name":"<img src=x onerror=window.__pwned=1>","score":500,"timeMs":1}}]}}"#
        ),
    );
    let el = host();
    let h = mount_ok(&el, &[]);
    all_ready(&el).await;
    assert_eq!(fetch_calls().length(), 3);
    assert!(shadow(&el).query_selector("img").unwrap().is_none());
    assert!(shadow(&el)
        .query_selector("[data-group=GroupOne]")
        .unwrap()
        .is_some());
    // The forged entries were replaced by the real readings.
    let groups = storage_get(&key("groups")).unwrap();
    assert!(
        groups.contains("GroupOne") && !groups.contains("<img"),
        "{groups}"
    );
    h.unmount();
}

#[wasm_bindgen_test]
async fn readings_are_cached_per_tenant_and_forgotten_after_a_403() {
    stub_fetch();
    ok_all();
    let tenant_a = "11111111-2222-3333-4444-555555555555";
    let tenant_b = "66666666-7777-8888-9999-aaaaaaaaaaaa";
    let token_a: JsValue = make_get_token(&fake_jwt(tenant_a)).into();
    let token_b: JsValue = make_get_token(&fake_jwt(tenant_b)).into();
    let only = |t: &JsValue| {
        vec![
            ("cards", JsValue::from(Array::of1(&"exposure".into()))),
            ("getToken", t.clone()),
        ]
    };
    let el = host();
    let h = mount_ok(&el, &only(&token_a));
    wait_state(&el, "exposure", "ready").await;
    h.unmount();
    let k = keys("session");
    assert_eq!(k.len(), 1);
    assert!(k[0].contains(tenant_a), "{k:?}");
    // Another tenant does not see tenant A's reading.
    let el = host();
    let h = mount_ok(&el, &only(&token_b));
    wait_state(&el, "exposure", "ready").await;
    h.unmount();
    assert_eq!(fetch_calls().length(), 2);
    assert_eq!(keys("session").len(), 2);
    // Tenant A loses access: the refresh shows forbidden and the reading is dropped.
    clear_queue();
    respond(
        EXPOSURE_PATH,
        403,
        r#"{"error":{"code":"Forbidden","message":"no","target":"t"}}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let h = mount_ok(&el, &only(&token_a));
    wait_state(&el, "exposure", "ready").await;
    wasm_bindgen_futures::JsFuture::from(h.refresh())
        .await
        .unwrap();
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("forbidden")
    );
    h.unmount();
    let k = keys("session");
    assert_eq!(k.len(), 1);
    assert!(k[0].contains(tenant_b), "{k:?}");
}

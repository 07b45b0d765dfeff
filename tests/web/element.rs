//! The `<defender-score-cards>` custom element: defined once however often asked, mounted from
//! its attributes and properties, and unmounted when removed.

use defender_score_cards::define_elements;
use js_sys::Reflect;
use wasm_bindgen_test::*;

use crate::history::history_key_list;
use crate::page::*;
use crate::support::*;

#[wasm_bindgen_test]
fn define_elements_twice_is_harmless() {
    define_elements();
    define_elements();
    let registry = web_sys::window().unwrap().custom_elements();
    assert!(!registry.get("defender-score-cards").is_undefined());
}

#[wasm_bindgen_test]
async fn the_custom_element_mounts_from_attributes_and_properties() {
    stub_fetch();
    ok_all();
    define_elements();
    let origin = page_origin();
    let el = element_with(&[
        ("api-base", &origin),
        ("cards", "exposure, device"),
        ("refresh-seconds", "0"),
        ("history", "off"),
    ]);
    record_events(&el);
    connect(&el);
    Reflect::set(&el, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    wait_state(&el, "device", "ready").await;
    assert!(card(&el, "groups").is_none());
    assert!(
        history_key_list().is_empty(),
        "history=\"off\" keeps nothing"
    );
    el.remove();
    assert!(card(&el, "exposure").is_none());
}

#[wasm_bindgen_test]
async fn a_token_set_before_the_element_is_connected_is_used() {
    stub_fetch();
    ok_all();
    let origin = page_origin();
    let el = element_with(&[("api-base", &origin), ("cards", "device")]);
    Reflect::set(&el, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    connect(&el);
    define_elements();
    wait_state(&el, "device", "ready").await;
    el.remove();
}

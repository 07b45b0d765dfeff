//! Layouts for every column: measured in the browser, with the widget's own stylesheet.

use defender_score_cards::{define_elements, mount};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen(inline_js = r#"
// [top, bottom, height, width, left] of an element's box.
export function box_of(el) { const r = el.getBoundingClientRect(); return [r.top, r.bottom, r.height, r.width, r.left]; }
// The bottom of what a card shows: the lowest of its rendered descendants.
export function content_bottom(card) {
  let bottom = -Infinity;
  for (const e of card.querySelectorAll("*")) {
    const r = e.getBoundingClientRect();
    if (r.height > 0) bottom = Math.max(bottom, r.bottom);
  }
  return bottom;
}
export function update_throws(handle, changes) { try { handle.update(changes); return null; } catch (e) { return e instanceof Error ? e.message : String(e); } }
"#)]
extern "C" {
    fn box_of(el: &Element) -> Vec<f64>;
    fn content_bottom(card: &Element) -> f64;
    fn update_throws(handle: &JsValue, changes: &JsValue) -> Option<String>;
}

/// A groups answer with `n` groups, exposures 10, 14, 18, ... (at most 100 for 23 groups).
fn many_groups(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"time":"2019-12-03T09:51:28Z","score":{},"rbacGroupName":"Group {i}"}}"#,
                10 + i * 4
            )
        })
        .collect();
    format!(r#"{{"value":[{}]}}"#, rows.join(","))
}

fn sized_host(style: &str) -> Element {
    let el = host();
    el.set_attribute("style", style).unwrap();
    el
}

#[wasm_bindgen_test]
async fn ready_cards_stand_at_their_kinds_frames_beside_a_long_group_list_at_1280px() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    respond(GROUPS_PATH, 200, &many_groups(12), &JsValue::UNDEFINED);
    let el = sized_host("width: 1280px");
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    let cards: Vec<Element> = ["exposure", "device", "groups"]
        .iter()
        .map(|name| card(&el, name).unwrap())
        .collect();
    let tops: Vec<f64> = cards.iter().map(|c| box_of(c)[0]).collect();
    assert!(
        tops.iter().all(|t| (t - tops[0]).abs() < 1.0),
        "the three cards share a row at 1280 px: {tops:?}"
    );
    // 14em and 32em at 14 px: the score cards' and the list card's frames.
    let heights: Vec<f64> = cards.iter().map(|c| box_of(c)[2]).collect();
    assert_eq!(heights, [196.0, 196.0, 448.0]);
    // The score cards' readings fit their frames (the group rows scroll past the list's box).
    for (name, c) in ["exposure", "device"].iter().zip(&cards) {
        let outside = content_bottom(c) - box_of(c)[1];
        assert!(
            outside <= 0.0,
            "{name}: its content reaches {outside} px below its frame"
        );
    }
    let list = in_shadow(&el, ".groups");
    assert!(
        list.scroll_height() > list.client_height(),
        "the 12 groups scroll inside the card"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_group_list_scrolls_inside_its_cards_frame_at_every_width() {
    for width in ["1280px", "320px"] {
        stub_fetch();
        respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
        respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
        respond(GROUPS_PATH, 200, &many_groups(20), &JsValue::UNDEFINED);
        let el = sized_host(&format!("width: {width}; --dsc-list-card-height: 300px"));
        let handle = mount_ok(&el, &[]);
        all_ready(&el).await;
        let list = in_shadow(&el, ".groups");
        assert!(
            list.client_height() < 200 && list.client_height() > 50,
            "{width}: the list is {} px tall",
            list.client_height()
        );
        assert!(list.scroll_height() > list.client_height() * 3, "{width}");
        assert_eq!(count_in(&el, "[data-group]"), 20);
        let groups = card(&el, "groups").unwrap();
        assert_eq!(
            box_of(&groups)[2],
            300.0,
            "{width}: the card stands at its frame"
        );
        assert!(
            box_of(&list)[1] <= box_of(&groups)[1],
            "{width}: the card holds the list"
        );
        handle.unmount();
    }
}

#[wasm_bindgen_test]
async fn compact_at_320px_shows_three_ready_cards_and_their_shared_header_in_at_most_160px_one_line_each(
) {
    stub_fetch();
    ok_all();
    let el = sized_host("width: 320px");
    let handle = mount_ok(&el, &[("layout", "compact".into())]);
    all_ready(&el).await;
    let height = box_of(&el)[2];
    assert!(height <= 160.0, "the compact widget is {height} px tall");
    // One refresh for every card, on the shared header's line.
    let head = in_shadow(&el, ".group-head");
    assert!(box_of(&head)[2] <= 40.0, "{:?}", box_of(&head));
    assert!(box_of(&in_shadow(&el, ".group-head .refresh"))[2] > 0.0);
    for name in ["exposure", "device", "groups"] {
        let c = card(&el, name).unwrap();
        assert!(box_of(&c)[2] <= 40.0, "{name}: {:?}", box_of(&c));
        // Title and number on the line.
        for part in [".title", "[data-testid=score]"] {
            let e = c.query_selector(part).unwrap().unwrap();
            assert!(box_of(&e)[2] > 0.0, "{name} {part} is not shown");
        }
    }
    assert_eq!(
        text(&el, "[data-card=exposure] .brief").as_deref(),
        Some("Medium exposure")
    );
    assert_eq!(
        text(&el, "[data-card=groups] .brief").as_deref(),
        Some("Medium · GroupOne · Device groups: 2")
    );
    // Every hook is still there: the rows are in the DOM, hidden in the compact line.
    assert_eq!(count_in(&el, "[data-testid=score]"), 3);
    assert_eq!(count_in(&el, "[data-group]"), 2);
    assert_eq!(box_of(&in_shadow(&el, ".groups"))[2], 0.0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn compact_states_stay_readable_with_their_refresh_button_reachable() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    forbidden_on(DEVICE_PATH, "t-d");
    let slow = Object::new();
    Reflect::set(&slow, &"x-stub-delay".into(), &"4000".into()).unwrap();
    respond(GROUPS_PATH, 200, GROUPS, &slow);
    let el = sized_host("width: 320px");
    let handle = mount_ok(&el, &[("layout", "compact".into())]);
    wait_state(&el, "exposure", "ready").await;
    wait_state(&el, "device", "error").await;
    // The exposure card fails its next refresh: stale, with its number and its note.
    clear_queue();
    fail_network(EXPOSURE_PATH);
    forbidden_on(DEVICE_PATH, "t-d");
    respond(GROUPS_PATH, 200, GROUPS, &slow);
    click(&in_shadow(&el, ".group-head .refresh"));
    wait_state(&el, "exposure", "stale").await;
    assert_eq!(
        attr(&el, "groups", "data-state").as_deref(),
        Some("loading")
    );
    let shown = |selector: &str| box_of(&in_shadow(&el, selector))[2] > 0.0;
    // The failed and the stale card each keep their own refresh; the shared one stays.
    for name in ["exposure", "device"] {
        assert!(shown(&format!("[data-card={name}] .refresh")), "{name}");
    }
    assert!(shown(".group-head .refresh"));
    assert!(shown("[data-card=exposure] [data-testid=score]"));
    assert!(shown("[data-card=exposure] .stale-note"));
    assert!(shown("[data-card=device] .error-title"));
    assert!(shown("[data-card=device] .error-body"));
    assert!(!shown("[data-card=device] .error-detail"));
    assert!(shown("[data-card=groups] .loading"));
    assert!(box_of(&card(&el, "groups").unwrap())[2] <= 40.0);
    // The error's words sit under the title line, not squeezed beside it.
    let device = card(&el, "device").unwrap();
    let words = box_of(&in_shadow(&el, "[data-card=device] .error"));
    assert!(words[3] > box_of(&device)[3] * 0.8, "{words:?}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_layout_switches_by_update_and_by_attribute_without_fetching_again() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    let layout = |el: &Element| in_shadow(el, ".dsc").get_attribute("data-layout");
    assert_eq!(layout(&el).as_deref(), Some("cards"));
    let calls = fetch_calls().length();
    let changes = Object::new();
    Reflect::set(&changes, &"layout".into(), &"compact".into()).unwrap();
    handle.update(changes.into()).unwrap();
    wait_for("the compact layout", || {
        layout(&el).as_deref() == Some("compact")
    })
    .await;
    assert_eq!(
        attr(&el, "exposure", "data-state").as_deref(),
        Some("ready")
    );
    assert_eq!(
        fetch_calls().length(),
        calls,
        "a layout change fetches nothing"
    );
    handle.unmount();

    define_elements();
    let origin = page_origin();
    let element = element_with(&[
        ("api-base", &origin),
        ("refresh-seconds", "0"),
        ("layout", "compact"),
    ]);
    record_events(&element);
    connect(&element);
    Reflect::set(&element, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    wait_state(&element, "device", "ready").await;
    assert_eq!(layout(&element).as_deref(), Some("compact"));
    element.set_attribute("layout", "cards").unwrap();
    wait_for("the cards layout", || {
        layout(&element).as_deref() == Some("cards")
    })
    .await;
    // A wrong value is an error event naming the option; the cards stay as they were.
    element.set_attribute("layout", "tiles").unwrap();
    let errors = event_details("defender-scores:error");
    let message = get(errors.last().unwrap(), "message").as_string().unwrap();
    assert!(message.contains("option `layout`"), "{message}");
    assert_eq!(layout(&element).as_deref(), Some("cards"));
    element.remove();
}

#[wasm_bindgen_test]
async fn a_wrong_layout_throws_an_error_naming_the_option() {
    stub_fetch();
    ok_all();
    let el = host();
    let err = match mount(el.clone().into(), options(&[("layout", "grid".into())])) {
        Ok(h) => {
            h.unmount();
            panic!("mount accepted layout: \"grid\"")
        }
        Err(e) => e,
    };
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&err, "message").as_string().as_deref(),
        Some("defender-score-cards: option `layout` must be \"cards\" or \"compact\"")
    );
    assert_eq!(fetch_calls().length(), 0);
    let handle = mount_ok(&el, &[("layout", "compact".into())]);
    let changes = Object::new();
    Reflect::set(&changes, &"layout".into(), &5.into()).unwrap();
    let handle: JsValue = handle.into();
    let message = update_throws(&handle, &changes).expect("update refused it");
    assert!(message.contains("option `layout`"), "{message}");
    let unmount: Function = get(&handle, "unmount").dyn_into().unwrap();
    unmount.call0(&handle).unwrap();
}

#[wasm_bindgen_test]
async fn the_gauge_and_group_bars_are_decorative_and_the_bands_stay_in_words() {
    stub_fetch();
    ok_all();
    let el = sized_host("width: 960px");
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    let gauge = in_shadow(&el, "[data-card=exposure] .gauge");
    assert_eq!(gauge.get_attribute("aria-hidden").as_deref(), Some("true"));
    assert!(box_of(&gauge)[3] > 100.0, "the gauge spans the card");
    // The marker at 33 of 100, on the medium band (30 to 70).
    let (track, mark) = (box_of(&gauge), box_of(&in_shadow(&el, ".gauge rect")));
    let at = (mark[4] + mark[3] / 2.0 - track[4]) / track[3];
    assert!(
        (at - 0.33).abs() < 0.02,
        "the marker sits at {at} of the track"
    );
    assert_eq!(count_in(&el, "[data-card=exposure] .gauge rect"), 1);
    assert!(text(&el, "[data-card=exposure] .meaning")
        .unwrap()
        .contains("Medium exposure"));
    assert_eq!(count_in(&el, "[role=meter]"), 2);
    assert_eq!(count_in(&el, "[data-card=device] .gauge"), 0);
    let rows = shadow(&el).query_selector_all("[data-group]").unwrap();
    for i in 0..rows.length() {
        let row: Element = rows.get(i).unwrap().dyn_into().unwrap();
        let bar = row.query_selector(".bar").unwrap().expect("a bar");
        assert_eq!(bar.get_attribute("aria-hidden").as_deref(), Some("true"));
        let words = row.query_selector(".group-band").unwrap().unwrap();
        assert_eq!(words.text_content().as_deref(), Some("Medium"));
        // As long as the group's exposure: GroupOne 41.4, GroupTwo 37.4 of 100.
        let fill = bar.query_selector("rect").unwrap().unwrap();
        let ratio = box_of(&fill)[3] / box_of(&bar)[3];
        let expected = [0.414, 0.374][i as usize];
        assert!((ratio - expected).abs() < 0.02, "row {i}: {ratio}");
    }
    assert!(
        !shadow(&el).inner_html().contains("style="),
        "no inline style (strict CSP)"
    );
    handle.unmount();
}

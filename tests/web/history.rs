//! The trend: readings kept in localStorage per API base and tenant, one record an hour, drawn
//! as a sparkline; off, damaged, in an earlier format or out of room, the cards still work.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen(inline_js = r#"
export function history_keys() { return Object.keys(localStorage).filter((k) => k.startsWith("dsc:v1:history|")).sort(); }
export function local_get(key) { return localStorage.getItem(key); }
export function local_set(key, value) { localStorage.setItem(key, value); }
let historyReads = 0; let readsCounted = false;
export function count_history_reads() {
  historyReads = 0;
  if (readsCounted) return;
  readsCounted = true;
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (k) {
    if (String(k).startsWith("dsc:v1:history|")) historyReads += 1;
    return getItem.call(this, k);
  };
}
export function history_reads() { return historyReads; }
let refusing = false; let refuseInstalled = false;
export function refuse_history_writes(on) {
  refusing = on;
  if (refuseInstalled) return;
  refuseInstalled = true;
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (refusing && String(k).startsWith("dsc:v1:history|")) throw new DOMException("full", "QuotaExceededError");
    return setItem.call(this, k, v);
  };
}
"#)]
extern "C" {
    fn history_keys() -> Array;
    fn local_get(key: &str) -> Option<String>;
    pub fn local_set(key: &str, value: &str);
    fn count_history_reads();
    fn history_reads() -> u32;
    fn refuse_history_writes(on: bool);
}

/// A day in milliseconds.
const DAY_MS: f64 = 86_400_000.0;

/// Where the trend of the page's API base and `tenant` is kept (`-` when unknown).
pub fn history_key(tenant: &str) -> String {
    let origin = page_origin();
    format!("dsc:v1:history|{origin}|{tenant}")
}

/// A kept history as stored: a JSON array of records `{"timeMs", "exposure", "device",
/// "groups": [[name, score], ...]}`; each of `records` is `(days ago, the other members)`.
pub fn kept_history(records: &[(f64, &str)]) -> (f64, String) {
    let at = |days_ago: f64| ((js_sys::Date::now() - days_ago * DAY_MS) / 1000.0).floor() * 1000.0;
    let texts: Vec<String> = records
        .iter()
        .map(|(days_ago, rest)| format!(r#"{{"timeMs":{},{rest}}}"#, at(*days_ago)))
        .collect();
    (at(records[0].0), format!("[{}]", texts.join(",")))
}

/// The kept records, each as JSON text.
fn lines(key: &str) -> Vec<String> {
    let text = local_get(key).unwrap_or_default();
    let Ok(records) = js_sys::JSON::parse(&text) else {
        return Vec::new();
    };
    Array::from(&records)
        .iter()
        .map(|r| js_sys::JSON::stringify(&r).unwrap().into())
        .collect()
}

/// Every kept trend's key.
pub fn history_key_list() -> Vec<String> {
    history_keys()
        .iter()
        .filter_map(|k| k.as_string())
        .collect()
}

#[wasm_bindgen_test]
async fn a_fresh_reading_is_kept_under_the_tenant_key_without_the_token() {
    stub_fetch();
    ok_all();
    let jwt = fake_jwt("72F988BF-86F1-41AF-91AB-2D7CD011DB47");
    let el = host();
    let handle = mount_ok(&el, &[("getToken", make_get_token(&jwt).into())]);
    all_ready(&el).await;
    let key = history_key("72f988bf-86f1-41af-91ab-2d7cd011db47");
    assert_eq!(history_key_list(), std::slice::from_ref(&key));
    let kept = lines(&key);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let (time, scores) = kept[0].split_once(',').unwrap();
    assert_eq!(
        scores,
        r#""exposure":33.49,"device":340,"groups":[["GroupOne",41.38],["GroupTwo",37.4]]}"#
    );
    let at: f64 = time.strip_prefix(r#"{"timeMs":"#).unwrap().parse().unwrap();
    assert!((js_sys::Date::now() - at).abs() < 60_000.0, "{at}");
    let stored = local_get(&key).unwrap();
    assert!(!stored.contains(&jwt) && !key.contains(&jwt));
    // One reading is no trend yet: no sparkline (the one `svg` with `role="img"`; the gauge
    // and the group bars are decorative), no empty box.
    assert!(!has(&el, ".trend"));
    assert!(!has(&el, "svg[role=img]"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_load_reads_the_kept_history_once_not_again_for_each_fresh_reading() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let (_, old) = kept_history(&[(
        10.0,
        r#""exposure":41,"device":350,"groups":[["GroupOne",30],["GroupTwo",37.4]]"#,
    )]);
    local_set(&key, &old);
    count_history_reads();
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    assert_eq!(history_reads(), 1);
    // The three fresh readings were added to what was read: one old record, one new.
    assert_eq!(lines(&key).len(), 2, "{:?}", lines(&key));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn readings_within_the_hour_share_one_record_and_a_later_one_draws_the_trend() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    refresh(&handle).await;
    assert_eq!(fetch_calls().length(), 6);
    assert_eq!(lines(&key).len(), 1, "at most one record an hour");
    // As if the record had been made ten days ago, with other scores.
    let (_, old) = kept_history(&[(
        10.0,
        r#""exposure":41,"device":350,"groups":[["GroupOne",30],["GroupTwo",37.4]]"#,
    )]);
    local_set(&key, &old);
    refresh(&handle).await;
    assert_eq!(lines(&key).len(), 2);
    let svg = shadow(&el)
        .query_selector("[data-card=exposure] svg[role=img]")
        .unwrap()
        .expect("a sparkline");
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("Exposure score over the last 2 readings, from 41 to 33")
    );
    assert!(svg.query_selector("path").unwrap().is_some(), "band lines");
    let change = text(&el, "[data-card=exposure] .trend").unwrap();
    assert!(change.contains("7.5 since "), "{change}");
    assert!(change.ends_with(", better"), "{change}");
    let device = text(&el, "[data-card=device] .trend").unwrap();
    assert!(
        device.contains("10 since ") && device.ends_with(", worse"),
        "{device}"
    );
    assert!(
        !has(&el, "[data-card=device] svg path"),
        "no bands off the 0-100 axis"
    );
    // GroupOne's exposure rose from 30; GroupTwo's did not change.
    let rose = text(&el, "[data-group=GroupOne] .rose").unwrap();
    assert!(rose.starts_with("+11.4 since "), "{rose}");
    assert!(rose.ends_with(", exposure rose"), "{rose}");
    assert!(!has(&el, "[data-group=GroupTwo] .rose"));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn history_off_writes_nothing_forgets_what_was_kept_and_shows_no_sparkline() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let (_, kept) = kept_history(&[
        (9.0, r#""exposure":41,"device":350"#),
        (2.0, r#""exposure":40,"device":345"#),
    ]);
    local_set(&key, &kept);
    let el = host();
    let handle = mount_ok(&el, &[("history", false.into())]);
    all_ready(&el).await;
    assert!(history_key_list().is_empty(), "{:?}", history_key_list());
    // No sparkline (the `svg` with `role="img"`; the gauge and group bars are decorative).
    assert!(!has(&el, ".trend") && !has(&el, "svg[role=img]") && !has(&el, ".csv"));
    assert_eq!(
        text(&el, "[data-card=exposure] [data-testid=score]").as_deref(),
        Some("33")
    );
    // Turned on again, the next fresh reading starts a new history.
    handle.update(options(&[("history", "on".into())])).unwrap();
    refresh(&handle).await;
    assert_eq!(lines(&key).len(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_damaged_history_is_ignored_and_the_card_still_shows_its_score() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let (_, good) = kept_history(&[(3.0, r#""exposure":41"#)]);
    let damaged = [
        r#"["\u0000garbage",{"timeMs":12,"exposure":9999.99},{"timeMs":-5},"not a record","#,
        good.trim_start_matches('[')
            .trim_end_matches(']')
            .replace(r#""exposure":41"#, r#""exposure":"1e3""#)
            .as_str(),
        r#",{"json": true}]"#,
    ]
    .concat();
    local_set(&key, &damaged);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "ready").await;
    assert_eq!(text(&el, "[data-testid=score]").as_deref(), Some("33"));
    assert!(!has(&el, ".trend"));
    // The damaged records are gone; the fresh reading is kept.
    let kept = lines(&key);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].ends_with(r#","exposure":33.49}"#), "{kept:?}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_history_kept_in_the_earlier_line_format_is_replaced_by_the_new_one() {
    stub_fetch();
    ok_all();
    let key = history_key("-");
    let at = ((js_sys::Date::now() - 3.0 * DAY_MS) / 1000.0).floor() * 1000.0;
    local_set(
        &key,
        &format!("{at}\t4100\t35000\t2\t3000\tGroupOne\t3740\tGroupTwo\n"),
    );
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    assert!(!has(&el, ".trend"));
    let kept = lines(&key);
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert!(kept[0].contains(r#""exposure":33.49"#), "{kept:?}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_full_storage_means_no_history_and_the_cards_still_work() {
    stub_fetch();
    ok_all();
    refuse_history_writes(true);
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    refresh(&handle).await;
    refuse_history_writes(false);
    assert!(history_key_list().is_empty());
    assert!(!has(&el, ".trend") && !has(&el, ".csv"));
    assert_eq!(
        text(&el, "[data-card=device] [data-testid=score]").as_deref(),
        Some("340")
    );
    handle.unmount();
}

//! The CSV download of the kept history: one button a widget (in the header the cards share),
//! and a file that holds every kept reading.

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::history::{history_key, kept_history, local_set};
use crate::page::*;
use crate::support::*;

#[wasm_bindgen(inline_js = r#"
let downloads = []; let revoked = []; let downloadsTrapped = false;
export function trap_downloads() {
  downloads = []; revoked = [];
  if (downloadsTrapped) return;
  downloadsTrapped = true;
  const create = URL.createObjectURL; const revoke = URL.revokeObjectURL;
  URL.createObjectURL = (blob) => { const url = create(blob); downloads.push({ url, blob, name: null }); return url; };
  URL.revokeObjectURL = (url) => { revoked.push(url); revoke(url); };
  // Records the anchor's click instead of downloading.
  HTMLAnchorElement.prototype.click = function () { const d = downloads.find((x) => x.url === this.href); if (d) d.name = this.getAttribute("download"); };
}
export function download_names() { return downloads.map((d) => d.name); }
export function download_url(i) { return downloads[i].url; }
export function download_type(i) { return downloads[i].blob.type; }
export async function download_text(i) { return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await downloads[i].blob.arrayBuffer()); }
export function revoked_urls() { return revoked; }
"#)]
extern "C" {
    fn trap_downloads();
    fn download_names() -> Array;
    fn download_url(i: u32) -> String;
    fn download_type(i: u32) -> String;
    fn download_text(i: u32) -> js_sys::Promise;
    fn revoked_urls() -> Array;
}

#[wasm_bindgen_test]
async fn the_csv_download_holds_the_kept_readings() {
    trap_downloads();
    stub_fetch();
    ok_all();
    let (at, old) = kept_history(&[(
        3.0,
        r#""exposure":41,"device":350,"groups":[["=HYPERLINK(\"x\")",30]]"#,
    )]);
    local_set(&history_key("-"), &old);
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    // One button per widget, in the header the cards share.
    assert_eq!(shadow(&el).query_selector_all(".csv").unwrap().length(), 1);
    let button = shadow(&el)
        .query_selector(".group-head button.csv")
        .unwrap()
        .expect("a download button in the shared header");
    assert_eq!(
        button.text_content().as_deref(),
        Some("Download history (CSV)")
    );
    button.dyn_into::<web_sys::HtmlElement>().unwrap().click();
    wait_for("the download", || download_names().length() == 1).await;
    assert_eq!(
        download_names().get(0).as_string().as_deref(),
        Some("defender-scores-history.csv")
    );
    assert_eq!(download_type(0), "text/csv;charset=utf-8");
    let csv = wasm_bindgen_futures::JsFuture::from(download_text(0))
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let then = String::from(js_sys::Date::new(&at.into()).to_iso_string()).replace(".000Z", "Z");
    let expected = format!(
        "\u{feff}time,card,group,score\r\n\
         {then},exposure,,41\r\n\
         {then},device,,350\r\n\
         {then},groups,\"'=HYPERLINK(\"\"x\"\")\",30\r\n"
    );
    assert!(csv.starts_with(&expected), "{csv:?}");
    let rest: Vec<&str> = csv[expected.len()..].split("\r\n").collect();
    let cells: Vec<&str> = rest
        .iter()
        .filter_map(|row| row.split_once(',').map(|(_, cells)| cells))
        .collect();
    assert_eq!(
        cells,
        [
            "exposure,,33.49",
            "device,,340",
            "groups,GroupOne,41.38",
            "groups,GroupTwo,37.4"
        ],
        "{csv:?}"
    );
    // The object URL does not outlive the widget.
    let url = download_url(0);
    handle.unmount();
    assert!(revoked_urls()
        .iter()
        .any(|u| u.as_string() == Some(url.clone())));
}

#[wasm_bindgen_test]
async fn the_csv_download_is_said_once_in_the_shared_header_not_on_a_failed_card() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 200, DEVICE, &JsValue::UNDEFINED);
    forbidden_on(GROUPS_PATH, "t-g");
    let (_, old) = kept_history(&[(3.0, r#""exposure":41,"device":350"#)]);
    local_set(&history_key("-"), &old);
    let el = host();
    let handle = mount_ok(&el, &[]);
    wait_state(&el, "exposure", "ready").await;
    wait_state(&el, "device", "ready").await;
    wait_state(&el, "groups", "error").await;
    assert_eq!(count_in(&el, ".csv"), 1);
    assert_eq!(count_in(&el, ".group-head .csv"), 1);
    assert_eq!(count_in(&el, "[data-card] .csv"), 0);
    handle.unmount();
}

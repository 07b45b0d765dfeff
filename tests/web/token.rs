//! The token: asked for once before the first render, refreshed once after a 401, MSAL's
//! sign-in when it needs the user, and never written anywhere but the Authorization header.

use defender_score_cards::mount;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use crate::page::*;
use crate::support::*;

#[wasm_bindgen_test]
async fn a_401_refreshes_the_token_once_and_retries() {
    stub_fetch();
    respond(
        EXPOSURE_PATH,
        401,
        r#"{"error":{"code":"Unauthorized","message":"expired","target":"t"}}"#,
        &JsValue::UNDEFINED,
    );
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"exposure".into()).into())]);
    wait_state(&el, "exposure", "ready").await;
    let calls = token_calls();
    assert_eq!(calls.length(), 2);
    assert_eq!(get(&calls.get(0), "forceRefresh").as_bool(), Some(false));
    assert_eq!(get(&calls.get(1), "forceRefresh").as_bool(), Some(true));
    let scopes = Array::from(&get(&calls.get(0), "scopes"));
    assert_eq!(
        scopes.get(0).as_string().as_deref(),
        Some("https://api.securitycenter.microsoft.com/Score.Read")
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_second_401_asks_the_user_to_sign_in_again() {
    stub_fetch();
    respond(
        DEVICE_PATH,
        401,
        r#"{"error":{"code":"Unauthorized","message":"no","target":"t-401"}}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[("cards", Array::of1(&"device".into()).into())]);
    wait_state(&el, "device", "error").await;
    assert_eq!(
        attr(&el, "device", "data-error").as_deref(),
        Some("unauthorized")
    );
    assert_eq!(fetch_calls().length(), 2);
    assert_eq!(token_calls().length(), 2);
    let errors = event_details("defender-scores:error");
    assert_eq!(errors.len(), 1);
    assert_eq!(get(&errors[0], "status").as_f64(), Some(401.0));
    assert_eq!(
        get(&errors[0], "target").as_string().as_deref(),
        Some("t-401")
    );
    handle.unmount();
}

#[wasm_bindgen(inline_js = r#"
export function fake_msal(log) {
  let signedIn = false;
  return {
    getActiveAccount() { return signedIn ? { username: "ada@contoso.example" } : null; },
    getAllAccounts() { return signedIn ? [{ username: "ada@contoso.example" }] : []; },
    setActiveAccount(a) { log.push("setActiveAccount:" + a.username); },
    acquireTokenSilent(req) {
      log.push("silent:" + req.forceRefresh);
      if (!signedIn) {
        const e = new Error("AADSTS50058: interaction required"); e.name = "InteractionRequiredAuthError"; e.errorCode = "interaction_required";
        return Promise.reject(e);
      }
      return Promise.resolve({ accessToken: "msal-token-9c2" });
    },
    acquireTokenPopup(req) {
      log.push("popup:" + req.scopes.join(" "));
      signedIn = true;
      return Promise.resolve({ accessToken: "msal-token-9c2", account: { username: "ada@contoso.example" } });
    },
  };
}
"#)]
extern "C" {
    fn fake_msal(log: &Array) -> JsValue;
}

#[wasm_bindgen_test]
async fn msal_interaction_required_shows_sign_in_which_opens_the_popup_then_loads() {
    stub_fetch();
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    let log = Array::new();
    let el = host();
    let opts = Object::new();
    let origin = page_origin();
    Reflect::set(&opts, &"msal".into(), &fake_msal(&log)).unwrap();
    Reflect::set(&opts, &"apiBase".into(), &origin.into()).unwrap();
    Reflect::set(&opts, &"cards".into(), &Array::of1(&"exposure".into())).unwrap();
    let handle = mount(el.clone().into(), opts.into()).unwrap();
    wait_state(&el, "exposure", "error").await;
    assert_eq!(
        attr(&el, "exposure", "data-error").as_deref(),
        Some("unauthorized")
    );
    assert_eq!(fetch_calls().length(), 0, "no request without a token");
    let button = shadow(&el)
        .query_selector(".sign-in")
        .unwrap()
        .expect("a Sign in button");
    click(&button);
    wait_state(&el, "exposure", "ready").await;
    let entries: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert!(
        entries.contains(&"popup:https://api.securitycenter.microsoft.com/Score.Read".to_string()),
        "{entries:?}"
    );
    assert!(
        entries.contains(&"setActiveAccount:ada@contoso.example".to_string()),
        "{entries:?}"
    );
    assert_eq!(
        get(&fetch_calls().get(0), "auth").as_string().as_deref(),
        Some("Bearer msal-token-9c2")
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn sign_in_needed_on_every_card_is_one_sign_in_button() {
    stub_fetch();
    ok_all();
    let log = Array::new();
    let el = host();
    let opts = Object::new();
    let origin = page_origin();
    Reflect::set(&opts, &"msal".into(), &fake_msal(&log)).unwrap();
    Reflect::set(&opts, &"apiBase".into(), &origin.into()).unwrap();
    Reflect::set(&opts, &"refreshSeconds".into(), &0.into()).unwrap();
    let handle = mount(el.clone().into(), opts.into()).unwrap();
    for name in ["exposure", "device", "groups"] {
        wait_state(&el, name, "error").await;
        assert_eq!(
            attr(&el, name, "data-error").as_deref(),
            Some("unauthorized")
        );
    }
    assert_eq!(count_in(&el, ".sign-in"), 1);
    assert_eq!(count_in(&el, ".shared button"), 1);
    click(&in_shadow(&el, ".shared .sign-in"));
    all_ready(&el).await;
    assert_eq!(in_shadow(&el, ".shared").child_element_count(), 0);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn mount_asks_for_the_token_before_the_cards_first_render() {
    stub_fetch();
    ok_all();
    let el = host();
    let handle = mount_ok(&el, &[]);
    // Still inside the mount() call's turn: the cards are not rendered yet, the token is asked.
    assert_eq!(token_calls().length(), 1);
    assert!(card(&el, "exposure").is_none());
    wait_state(&el, "groups", "ready").await;
    assert_eq!(token_calls().length(), 1);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn requests_with_a_synchronous_token_leave_before_the_cards_first_render() {
    stub_fetch();
    ok_all();
    let el = host();
    watch_cards_at_fetch(&el);
    let get_token =
        Closure::<dyn Fn() -> JsValue>::new(|| JsValue::from_str(TOKEN)).into_js_value();
    let handle = mount_ok(&el, &[("getToken", get_token)]);
    wait_state(&el, "groups", "ready").await;
    let calls = fetch_calls();
    assert_eq!(calls.length(), 3);
    for call in calls.iter() {
        let cards = js_sys::Reflect::get(&call, &"cards".into()).unwrap();
        assert_eq!(
            cards.as_f64(),
            Some(0.0),
            "a request left after the first render"
        );
    }
    handle.unmount();
}

#[wasm_bindgen(inline_js = r#"
let seen = [];
let installed = false;
export function spy_on_token_sinks() {
  seen = [];
  if (installed) return;
  installed = true;
  const record = (where) => (...args) => { try { seen.push(where + ":" + args.map((a) => typeof a === "string" ? a : JSON.stringify(a)).join(" ")); } catch (e) { seen.push(where + ":?"); } };
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) { record(this === localStorage ? "localStorage" : "sessionStorage")(k, v); return setItem.call(this, k, v); };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, "cookie");
  Object.defineProperty(Document.prototype, "cookie", { configurable: true, get() { return cookie.get.call(this); }, set(v) { record("cookie")(v); cookie.set.call(this, v); } });
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    const original = console[level];
    console[level] = function (...args) { record("console." + level)(...args); return original.apply(this, args); };
  }
  for (const m of ["pushState", "replaceState"]) {
    const original = history[m];
    history[m] = function (...args) { record("history")(...args); return original.apply(this, args); };
  }
}
export function token_sinks() { return seen.join("\n") + "\n" + location.href + "\n" + JSON.stringify(Object.entries(localStorage)) + JSON.stringify(Object.entries(sessionStorage)) + document.cookie; }
"#)]
extern "C" {
    fn spy_on_token_sinks();
    fn token_sinks() -> String;
}

#[wasm_bindgen_test]
async fn the_token_reaches_no_storage_cookie_console_url_dom_or_event() {
    spy_on_token_sinks();
    stub_fetch();
    respond(
        EXPOSURE_PATH,
        401,
        r#"{"error":{"code":"Unauthorized","message":"expired","target":"t"}}"#,
        &JsValue::UNDEFINED,
    );
    respond(EXPOSURE_PATH, 200, EXPOSURE, &JsValue::UNDEFINED);
    respond(DEVICE_PATH, 500, "<html>oops</html>", &JsValue::UNDEFINED);
    respond(
        GROUPS_PATH,
        200,
        r#"{"value": "nope"}"#,
        &JsValue::UNDEFINED,
    );
    let el = host();
    let handle = mount_ok(&el, &[]);
    wait_state(&el, "exposure", "ready").await;
    wait_state(&el, "device", "error").await;
    wait_state(&el, "groups", "error").await;
    let sinks = token_sinks();
    // The spy sees the widget's storage writes (the cached exposure reading)...
    assert!(sinks.contains("sessionStorage:dsc:v1|"), "{sinks}");
    // ...and none of them, nor anything else, carries the token.
    assert!(!sinks.contains(TOKEN), "the token leaked: {sinks}");
    assert!(!shadow(&el).inner_html().contains(TOKEN));
    assert!(!el.outer_html().contains(TOKEN));
    for e in recorded_events().iter() {
        let json = js_sys::JSON::stringify(&e).unwrap().as_string().unwrap();
        assert!(!json.contains(TOKEN), "token in an event: {json}");
    }
    // Every request went to the API base, with the token only in the Authorization header.
    let origin = page_origin();
    for c in fetch_calls().iter() {
        let url = get(&c, "url").as_string().unwrap();
        assert!(url.starts_with(&format!("{origin}/api/")), "{url}");
        assert!(!url.contains(TOKEN));
    }
    handle.unmount();
}

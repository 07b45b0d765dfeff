//! The opt-in recommendations card in delegated mode: asked for only when named in `cards`,
//! with a token of its own scopes; every page of active recommendations read, ranked, and
//! sent in its `loaded` event (the first `recommendationsTop`, and the active count); a 403 or
//! a consent missing for its scope stops it alone; its reading is cached like the others'.

use defender_score_cards::{define_elements, mount};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

use crate::page::*;
use crate::support::*;

/// The documented answer (one recommendation), and the emulator's demo tenant (18 items, 15
/// of them active), as the API sends them.
const DOCUMENTED: &str = include_str!("../fixtures/recommendations.json");
const DEMO_ITEMS: &str = include_str!("../../emulator/src/tenant/demo_recommendations.json");
const RECOMMENDATIONS_PATH: &str = "/api/recommendations";
const SCORE_SCOPE: &str = "https://api.securitycenter.microsoft.com/Score.Read";
const RECOMMENDATION_SCOPE: &str =
    "https://api.securitycenter.microsoft.com/SecurityRecommendation.Read";
/// The demo tenant's top five, in the card's order.
const DEMO_TOP_FIVE: [&str; 5] = [
    "va-_-google-_-chrome",
    "sca-_-scid-2200",
    "va-_-microsoft-_-windows_11",
    "sca-_-scid-2503",
    "sca-_-scid-96",
];
const DEMO_ACTIVE: f64 = 15.0;

fn demo_page() -> String {
    format!(r#"{{"value":{DEMO_ITEMS}}}"#)
}

/// The demo tenant's items over pages of `size`, each but the last with an `@odata.nextLink`
/// on the page's origin.
fn demo_pages(size: usize) -> Vec<String> {
    let items: Vec<serde_json::Value> = serde_json::from_str(DEMO_ITEMS).unwrap();
    let origin = page_origin();
    let chunks: Vec<_> = items.chunks(size).collect();
    chunks
        .iter()
        .enumerate()
        .map(|(i, chunk)| {
            let mut page = serde_json::json!({ "value": chunk });
            if i + 1 < chunks.len() {
                page["@odata.nextLink"] = format!(
                    "{origin}/api/recommendations?$filter=status%20eq%20%27Active%27&$skip={}",
                    (i + 1) * size
                )
                .into();
            }
            page.to_string()
        })
        .collect()
}

fn all_four() -> JsValue {
    ["exposure", "device", "groups", "recommendations"]
        .iter()
        .map(|c| JsValue::from_str(c))
        .collect::<Array>()
        .into()
}

fn only_recommendations() -> JsValue {
    Array::of1(&"recommendations".into()).into()
}

/// The ids of a `loaded` detail's recommendations, in order.
fn ids(detail: &JsValue) -> Vec<String> {
    Array::from(&get(detail, "recommendations"))
        .iter()
        .map(|r| get(&r, "id").as_string().unwrap())
        .collect()
}

/// The `loaded` details of the recommendations card.
fn recommendation_details() -> Vec<JsValue> {
    event_details("defender-scores:loaded")
        .into_iter()
        .filter(|d| get(d, "card").as_string().as_deref() == Some("recommendations"))
        .collect()
}

/// The scopes of each `getToken` call, joined by spaces.
fn asked_scopes() -> Vec<String> {
    token_calls()
        .iter()
        .map(|c| {
            let scopes: Vec<String> = Array::from(&get(&c, "scopes"))
                .iter()
                .filter_map(|s| s.as_string())
                .collect();
            scopes.join(" ")
        })
        .collect()
}

fn recommendation_requests() -> usize {
    fetch_calls()
        .iter()
        .filter(|c| {
            get(c, "url")
                .as_string()
                .is_some_and(|u| u.contains(RECOMMENDATIONS_PATH))
        })
        .count()
}

#[wasm_bindgen_test]
async fn the_recommendations_card_is_opt_in() {
    stub_fetch();
    ok_all();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[]);
    all_ready(&el).await;
    assert!(card(&el, "recommendations").is_none());
    assert_eq!(recommendation_requests(), 0);
    assert_eq!(
        asked_scopes(),
        [SCORE_SCOPE],
        "no token for its scope either"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_recommendations_card_asks_for_its_own_scope_and_the_score_cards_for_score_read() {
    stub_fetch();
    ok_all();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", all_four())]);
    all_ready(&el).await;
    wait_state(&el, "recommendations", "ready").await;
    let mut asked = asked_scopes();
    asked.sort();
    assert_eq!(
        asked,
        [SCORE_SCOPE, RECOMMENDATION_SCOPE],
        "one token per scope set"
    );
    let call = fetch_calls()
        .iter()
        .find(|c| {
            get(c, "url")
                .as_string()
                .unwrap()
                .contains(RECOMMENDATIONS_PATH)
        })
        .expect("a request for the recommendations");
    assert_eq!(
        get(&call, "url").as_string().unwrap(),
        format!(
            "{}/api/recommendations?$filter=status%20eq%20%27Active%27",
            page_origin()
        ),
        "only active recommendations are asked for"
    );
    assert_eq!(fetch_calls().length(), 4);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_loaded_event_lists_the_first_recommendations_top_in_rank_order_with_the_active_count()
{
    stub_fetch();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(
        &el,
        &[
            ("cards", only_recommendations()),
            ("recommendationsTop", 3.into()),
        ],
    );
    wait_state(&el, "recommendations", "ready").await;
    let details = recommendation_details();
    assert_eq!(details.len(), 1);
    let detail = &details[0];
    assert_eq!(ids(detail), DEMO_TOP_FIVE[..3]);
    assert_eq!(get(detail, "active").as_f64(), Some(DEMO_ACTIVE));
    assert!(get(detail, "time")
        .as_string()
        .is_some_and(|t| t.ends_with('Z')));
    let first = Array::from(&get(detail, "recommendations")).get(0);
    assert_eq!(
        get(&first, "name").as_string().as_deref(),
        Some("Update Google Chrome")
    );
    assert_eq!(get(&first, "exposureImpact").as_f64(), Some(9.3));
    assert_eq!(get(&first, "configScoreImpact").as_f64(), Some(0.0));
    assert_eq!(get(&first, "exposedDevices").as_f64(), Some(22.0));
    assert!(get(&first, "totalDevices")
        .as_f64()
        .is_some_and(|n| n >= 22.0));
    assert!(get(&first, "publicExploit").as_bool().is_some());
    assert!(get(&first, "activeAlert").as_bool().is_some());
    let json = js_sys::JSON::stringify(detail)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!json.contains(TOKEN), "no token in the event: {json}");
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_default_is_the_top_five_and_the_documented_answer_loads() {
    stub_fetch();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", only_recommendations())]);
    wait_state(&el, "recommendations", "ready").await;
    assert_eq!(ids(&recommendation_details()[0]), DEMO_TOP_FIVE);
    handle.unmount();

    stub_fetch();
    respond(RECOMMENDATIONS_PATH, 200, DOCUMENTED, &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", only_recommendations())]);
    wait_state(&el, "recommendations", "ready").await;
    let detail = &recommendation_details()[0];
    assert_eq!(ids(detail), ["va-_-microsoft-_-windows_11"]);
    assert_eq!(get(detail, "active").as_f64(), Some(1.0));
    handle.unmount();
}

#[wasm_bindgen_test]
async fn every_page_is_read_and_ranked_together() {
    stub_fetch();
    let pages = demo_pages(4);
    assert_eq!(pages.len(), 5);
    for page in &pages {
        respond(RECOMMENDATIONS_PATH, 200, page, &JsValue::UNDEFINED);
    }
    let el = host();
    let handle = mount_ok(&el, &[("cards", only_recommendations())]);
    wait_state(&el, "recommendations", "ready").await;
    assert_eq!(recommendation_requests(), 5);
    let detail = &recommendation_details()[0];
    assert_eq!(ids(detail), DEMO_TOP_FIVE);
    assert_eq!(get(detail, "active").as_f64(), Some(DEMO_ACTIVE));
    // The token went only to the page's origin, on every page.
    for call in fetch_calls().iter() {
        assert!(get(&call, "url")
            .as_string()
            .unwrap()
            .starts_with(&page_origin()));
    }
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_recommendations_top_attribute_sets_how_many_the_event_lists() {
    stub_fetch();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    define_elements();
    let origin = page_origin();
    let el = element_with(&[
        ("api-base", &origin),
        ("cards", "recommendations"),
        ("recommendations-top", "2"),
        ("refresh-seconds", "0"),
    ]);
    record_events(&el);
    connect(&el);
    Reflect::set(&el, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    wait_state(&el, "recommendations", "ready").await;
    assert_eq!(ids(&recommendation_details()[0]), DEMO_TOP_FIVE[..2]);
    el.remove();
}

#[wasm_bindgen_test]
async fn the_recommendation_scopes_attribute_is_the_scope_its_token_is_asked_for() {
    stub_fetch();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    define_elements();
    let origin = page_origin();
    let el = element_with(&[
        ("api-base", &origin),
        ("cards", "recommendations"),
        (
            "recommendation-scopes",
            "api://proxy/Recs.Read, api://proxy/Other.Read",
        ),
        ("refresh-seconds", "0"),
    ]);
    connect(&el);
    Reflect::set(&el, &"getToken".into(), &make_get_token(TOKEN)).unwrap();
    wait_state(&el, "recommendations", "ready").await;
    assert_eq!(
        asked_scopes(),
        ["api://proxy/Recs.Read api://proxy/Other.Read"]
    );
    el.remove();
}

#[wasm_bindgen_test]
async fn update_of_recommendations_top_costs_no_request_and_of_its_scopes_fetches_again() {
    stub_fetch();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let el = host();
    // No cache: a reload may otherwise be answered by the reading cached for the tenant.
    let no_cache = ("cache", JsValue::from("off"));
    let handle = mount_ok(&el, &[("cards", only_recommendations()), no_cache]);
    wait_state(&el, "recommendations", "ready").await;
    assert_eq!(recommendation_requests(), 1);
    let changes = Object::new();
    Reflect::set(&changes, &"recommendationsTop".into(), &12.into()).unwrap();
    handle.update(changes.into()).unwrap();
    // A refetch asks for its token within update() itself.
    assert_eq!(
        token_calls().length(),
        1,
        "a new top is only a new rendering"
    );

    let changes = Object::new();
    let scopes = Array::of1(&"api://proxy/Recs.Read".into());
    Reflect::set(&changes, &"recommendationScopes".into(), &scopes).unwrap();
    handle.update(changes.into()).unwrap();
    wait_for("a request with the new scope", || {
        recommendation_requests() == 2
    })
    .await;
    wait_state(&el, "recommendations", "ready").await;
    assert_eq!(
        recommendation_requests(),
        2,
        "the new top cost no request, the new scopes one"
    );
    assert_eq!(
        asked_scopes().last().map(String::as_str),
        Some("api://proxy/Recs.Read")
    );
    // The reading after the change lists the new top.
    let details = recommendation_details();
    assert_eq!(details.len(), 2);
    assert_eq!(ids(&details[1]).len(), 12);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_403_on_the_recommendations_stops_that_card_alone() {
    stub_fetch();
    ok_all();
    forbidden_on(RECOMMENDATIONS_PATH, "t-recs-403");
    let el = host();
    let handle = mount_ok(&el, &[("cards", all_four())]);
    all_ready(&el).await;
    wait_state(&el, "recommendations", "error").await;
    assert_eq!(
        attr(&el, "recommendations", "data-error").as_deref(),
        Some("forbidden")
    );
    let errors = event_details("defender-scores:error");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        get(&errors[0], "card").as_string().as_deref(),
        Some("recommendations")
    );
    assert_eq!(
        get(&errors[0], "error").as_string().as_deref(),
        Some("forbidden")
    );
    assert_eq!(get(&errors[0], "status").as_f64(), Some(403.0));
    assert_eq!(
        get(&errors[0], "target").as_string().as_deref(),
        Some("t-recs-403")
    );
    assert_eq!(event_details("defender-scores:loaded").len(), 3);
    // Not said once for every card: the score cards have nothing to share.
    assert_eq!(in_shadow(&el, ".shared").child_element_count(), 0);
    handle.unmount();
}

#[wasm_bindgen(inline_js = r#"
// MSAL with a signed-in user who has consented to Score.Read only: a silent token for the
// recommendation scope needs the user, until the popup consents to it.
export function consenting_msal(log) {
  let consented = false;
  const account = { username: "ada@contoso.example" };
  const needs = (scopes) => scopes.some((s) => s.endsWith("/SecurityRecommendation.Read"));
  return {
    getActiveAccount() { return account; },
    getAllAccounts() { return [account]; },
    setActiveAccount(a) { log.push("setActiveAccount:" + a.username); },
    acquireTokenSilent(req) {
      log.push("silent:" + req.scopes.join(" "));
      if (needs(req.scopes) && !consented) {
        // As MSAL throws Entra's answer: errorCode invalid_grant, subError consent_required.
        const e = new Error("AADSTS65001: The user or administrator has not consented");
        e.name = "InteractionRequiredAuthError"; e.errorCode = "invalid_grant"; e.subError = "consent_required";
        return Promise.reject(e);
      }
      return Promise.resolve({ accessToken: "msal-token-4e1" });
    },
    acquireTokenPopup(req) {
      log.push("popup:" + req.scopes.join(" "));
      if (needs(req.scopes)) consented = true;
      return Promise.resolve({ accessToken: "msal-token-4e1", account });
    },
  };
}
"#)]
extern "C" {
    fn consenting_msal(log: &Array) -> JsValue;
}

fn msal_options(msal: &JsValue, extra: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    Reflect::set(&o, &"msal".into(), msal).unwrap();
    Reflect::set(&o, &"apiBase".into(), &page_origin().into()).unwrap();
    Reflect::set(&o, &"refreshSeconds".into(), &0.into()).unwrap();
    Reflect::set(&o, &"cards".into(), &all_four()).unwrap();
    for (k, v) in extra {
        Reflect::set(&o, &(*k).into(), v).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
async fn a_consent_missing_for_its_scope_asks_that_card_alone_to_sign_in_then_it_loads() {
    stub_fetch();
    ok_all();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let log = Array::new();
    let el = host();
    let handle = mount(el.clone().into(), msal_options(&consenting_msal(&log), &[])).unwrap();
    all_ready(&el).await;
    wait_state(&el, "recommendations", "error").await;
    assert_eq!(
        attr(&el, "recommendations", "data-error").as_deref(),
        Some("unauthorized")
    );
    assert_eq!(recommendation_requests(), 0, "no request without its token");
    let errors = event_details("defender-scores:error");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        get(&errors[0], "card").as_string().as_deref(),
        Some("recommendations")
    );
    // Its own button, on its card: the score cards need nothing.
    assert_eq!(count_in(&el, ".sign-in"), 1);
    assert_eq!(count_in(&el, "[data-card=recommendations] .sign-in"), 1);
    click(&in_shadow(&el, "[data-card=recommendations] .sign-in"));
    wait_state(&el, "recommendations", "ready").await;
    all_ready(&el).await;
    let entries: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert!(
        entries.contains(&format!("popup:{RECOMMENDATION_SCOPE}")),
        "the popup asks for the card's scope: {entries:?}"
    );
    assert!(
        !entries.iter().any(|e| e == &format!("popup:{SCORE_SCOPE}")),
        "{entries:?}"
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn a_token_failure_for_its_scope_alone_leaves_the_score_cards_loading_as_before() {
    stub_fetch();
    ok_all();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    // A host's getToken that throws for the recommendation scope.
    let get_token = js_sys::Function::new_with_args(
        "r",
        &format!(
            "if (r.scopes.some((s) => s.endsWith('/SecurityRecommendation.Read'))) throw new Error('no consent'); return '{TOKEN}';"
        ),
    );
    let el = host();
    let handle = mount_ok(
        &el,
        &[("cards", all_four()), ("getToken", get_token.into())],
    );
    all_ready(&el).await;
    wait_state(&el, "recommendations", "error").await;
    assert_eq!(
        attr(&el, "recommendations", "data-error").as_deref(),
        Some("unauthorized")
    );
    assert_eq!(fetch_calls().length(), 3);
    assert_eq!(event_details("defender-scores:loaded").len(), 3);
    handle.unmount();
}

#[wasm_bindgen_test]
async fn the_shared_sign_in_asks_for_both_scopes_when_every_card_needs_the_user() {
    stub_fetch();
    ok_all();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let log = Array::new();
    let el = host();
    // `fake` has no account yet: every card, the recommendations one too, waits for sign-in.
    let msal = js_sys::Function::new_with_args(
        "log",
        "let account = null; return {
          getActiveAccount() { return account; }, getAllAccounts() { return account ? [account] : []; },
          setActiveAccount(a) { account = a; },
          acquireTokenSilent() { return Promise.resolve({ accessToken: 'msal-token-4e1' }); },
          acquireTokenPopup(req) { log.push('popup:' + req.scopes.join(' ')); return Promise.resolve({ accessToken: 'msal-token-4e1', account: { username: 'ada' } }); },
        };",
    )
    .call1(&JsValue::UNDEFINED, &log)
    .unwrap();
    let handle = mount(el.clone().into(), msal_options(&msal, &[])).unwrap();
    for name in ["exposure", "device", "groups", "recommendations"] {
        wait_state(&el, name, "error").await;
    }
    assert_eq!(count_in(&el, ".sign-in"), 1, "one reason, said once");
    click(&in_shadow(&el, ".shared .sign-in"));
    all_ready(&el).await;
    wait_state(&el, "recommendations", "ready").await;
    let entries: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(
        entries,
        [format!("popup:{SCORE_SCOPE} {RECOMMENDATION_SCOPE}")]
    );
    handle.unmount();
}

#[wasm_bindgen_test]
async fn widgets_with_other_recommendation_scopes_do_not_share_its_request() {
    stub_fetch();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let get_token: JsValue = make_get_token(TOKEN).into();
    let cards = ("cards", only_recommendations());
    let (a, b, c) = (host(), host(), host());
    let other = Array::of1(&"api://proxy/Recs.Read".into()).into();
    let first = mount_ok(&a, &[cards.clone(), ("getToken", get_token.clone())]);
    let same = mount_ok(&b, &[cards.clone(), ("getToken", get_token.clone())]);
    let different = mount_ok(
        &c,
        &[
            cards,
            ("getToken", get_token),
            ("recommendationScopes", other),
        ],
    );
    for el in [&a, &b, &c] {
        wait_state(el, "recommendations", "ready").await;
    }
    assert_eq!(recommendation_requests(), 2, "one per scope set");
    let mut asked = asked_scopes();
    asked.sort();
    assert_eq!(asked, ["api://proxy/Recs.Read", RECOMMENDATION_SCOPE]);
    for h in [first, same, different] {
        h.unmount();
    }
}

#[wasm_bindgen_test]
async fn a_cached_recommendations_reading_answers_a_reload_with_no_call() {
    stub_fetch();
    ok_all();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let el = host();
    let first = mount_ok(&el, &[("cards", all_four())]);
    all_ready(&el).await;
    wait_state(&el, "recommendations", "ready").await;
    first.unmount();
    assert_eq!(fetch_calls().length(), 4);
    let again = host();
    let top = ("recommendationsTop", JsValue::from(2));
    let second = mount_ok(&again, &[("cards", all_four()), top]);
    all_ready(&again).await;
    wait_state(&again, "recommendations", "ready").await;
    assert_eq!(fetch_calls().length(), 4, "the reload costs no call");
    let details = recommendation_details();
    assert_eq!(details.len(), 2);
    assert_eq!(
        ids(&details[1]),
        DEMO_TOP_FIVE[..2],
        "the cache keeps its order"
    );
    assert_eq!(get(&details[1], "active").as_f64(), Some(DEMO_ACTIVE));
    second.unmount();
}

#[wasm_bindgen_test]
async fn the_compact_layout_still_shows_the_recommendations_cards_state() {
    stub_fetch();
    ok_all();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let el = host();
    let compact = ("layout", JsValue::from("compact"));
    let handle = mount_ok(&el, &[("cards", all_four()), compact.clone()]);
    wait_state(&el, "recommendations", "ready").await;
    handle.unmount();

    stub_fetch();
    ok_all();
    forbidden_on(RECOMMENDATIONS_PATH, "t-compact");
    let el = host();
    let handle = mount_ok(&el, &[("cards", all_four()), compact]);
    all_ready(&el).await;
    wait_state(&el, "recommendations", "error").await;
    assert_eq!(
        attr(&el, "recommendations", "data-error").as_deref(),
        Some("forbidden")
    );
    handle.unmount();
}

/// Needs the card's rows (the view): each row carries `data-recommendation="<id>"`.
#[wasm_bindgen_test]
async fn the_recommendations_card_lists_the_demo_tenants_top_five_in_order() {
    stub_fetch();
    respond(RECOMMENDATIONS_PATH, 200, &demo_page(), &JsValue::UNDEFINED);
    let el = host();
    let handle = mount_ok(&el, &[("cards", only_recommendations())]);
    wait_state(&el, "recommendations", "ready").await;
    let rows = rows(&el);
    assert_eq!(rows, DEMO_TOP_FIVE);
    let changes = Object::new();
    Reflect::set(&changes, &"recommendationsTop".into(), &7.into()).unwrap();
    handle.update(changes.into()).unwrap();
    wait_for("seven rows", || rows_len(&el) == 7).await;
    handle.unmount();
}

fn rows(el: &Element) -> Vec<String> {
    let list = shadow(el)
        .query_selector_all("[data-card=recommendations] [data-recommendation]")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .filter_map(|e| e.get_attribute("data-recommendation"))
        .collect()
}

fn rows_len(el: &Element) -> usize {
    rows(el).len()
}

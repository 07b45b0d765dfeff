//! `<defender-score-cards>`: a small JS class forwarding the element's lifecycle to `mount()`.

use super::mount::mount_widget;
use std::cell::Cell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const ATTRIBUTES = ["api-base", "cloud", "region", "cards", "locale", "theme", "refresh-seconds", "allowed-origins", "cache", "cache-seconds", "history", "snapshot", "layout", "recommendations-top", "recommendation-scopes"];
const OPTION = { "api-base": "apiBase", "refresh-seconds": "refreshSeconds", "allowed-origins": "allowedOrigins", "cache-seconds": "cacheSeconds", "recommendations-top": "recommendationsTop", "recommendation-scopes": "recommendationScopes" };
export function define_score_cards(name, mount) {
  if (typeof customElements === "undefined" || customElements.get(name)) return;
  class DefenderScoreCards extends HTMLElement {
    static get observedAttributes() { return ATTRIBUTES; }
    constructor() { super(); this._handle = null; this._getToken = undefined; this._msal = undefined; this._allowed = undefined; }
    get getToken() { return this._getToken; }
    set getToken(f) { this._getToken = f; this._sync(); }
    get msal() { return this._msal; }
    set msal(app) { this._msal = app; this._sync(); }
    get allowedOrigins() { return this._allowed; }
    set allowedOrigins(list) { this._allowed = list; this._sync(); }
    connectedCallback() {
      // Properties set before the element was upgraded shadow the accessors: move them through.
      for (const p of ["getToken", "msal", "allowedOrigins"]) {
        if (Object.prototype.hasOwnProperty.call(this, p)) { const v = this[p]; delete this[p]; this[p] = v; }
      }
      this._sync();
    }
    disconnectedCallback() { if (this._handle) { const h = this._handle; this._handle = null; h.unmount(); h.free(); } }
    attributeChangedCallback() { this._sync(); }
    refresh() { return this._handle ? this._handle.refresh() : Promise.resolve(); }
    _options() {
      const o = {};
      for (const a of ATTRIBUTES) {
        const v = this.getAttribute(a);
        if (v !== null) o[OPTION[a] || a] = v;
      }
      if (this._allowed !== undefined) o.allowedOrigins = this._allowed;
      if (this._getToken !== undefined) o.getToken = this._getToken;
      if (this._msal !== undefined) o.msal = this._msal;
      return o;
    }
    _sync() {
      if (!this.isConnected) return;
      const o = this._options();
      if (!o.getToken && !o.msal && !o.snapshot) return;
      let result;
      try { result = this._handle ? (this._handle.update(o), this._handle) : mount(this, o); } catch (e) { result = e; }
      if (result instanceof Error) {
        this.dispatchEvent(new CustomEvent("defender-scores:error", { bubbles: true, composed: true,
          detail: { card: null, status: 0, code: "InvalidOptions", message: result.message, target: null } }));
      } else if (!this._handle) {
        this._handle = result;
      }
    }
  }
  customElements.define(name, DefenderScoreCards);
}
"#)]
extern "C" {
    fn define_score_cards(name: &str, mount: &JsValue);
}

thread_local! {
    static DEFINED: Cell<bool> = const { Cell::new(false) };
}

/// Registers `<defender-score-cards>`; calling it again does nothing.
pub fn define_elements() {
    if DEFINED.with(|d| d.replace(true)) {
        return;
    }
    // Errors come back as `Error` values, which the element turns into an error event.
    let mount =
        Closure::<dyn Fn(JsValue, JsValue) -> JsValue>::new(|host: JsValue, options: JsValue| {
            match mount_widget(&host, &options) {
                Ok(handle) => JsValue::from(handle),
                Err(e) => e,
            }
        });
    define_score_cards("defender-score-cards", mount.as_ref());
    mount.forget();
}

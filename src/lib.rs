//! Microsoft Defender scores as embeddable cards.
//!
//! Layers, top down, each using only those below it:
//! - this file: the JS exports (`mount`, `defineElements`) and their TypeScript types;
//! - [`embed`]: options, `mount`, the custom element, the widget's state, the refresh loop;
//! - [`components`]: the cards, and the views they lay out;
//! - [`api`]: the client, tokens, request sharing, snapshot files;
//! - [`storage`]: the reading cache and the kept history in the browser;
//! - [`model`] and [`i18n`]: the pure core (no browser).
//!
//! ```js
//! import init, { mount } from "./pkg/defender_score_cards.js";
//! await init();
//! const handle = mount(document.getElementById("scores"), { getToken: () => token });
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod api;
pub mod components;
pub mod embed;
pub mod storage;

/// The pure core, from the workspace crate `defender-score-core` (shared with the publisher).
pub use defender_score_core::{i18n, model};

use wasm_bindgen::prelude::*;

pub use embed::mount::ScoreCardsHandle;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** What `getToken` is asked. */
export interface TokenRequest { scopes: string[]; forceRefresh: boolean; }
/** An MSAL `AuthenticationResult`, or anything with an `accessToken`. */
export interface AccessTokenResult { accessToken: string; }
/** The host's token callback. */
export type GetToken = (request: TokenRequest) => string | AccessTokenResult | Promise<string | AccessTokenResult>;
/** The subset of an MSAL.js `PublicClientApplication` the widget uses. */
export interface MsalLike {
  acquireTokenSilent(request: { scopes: string[]; account: unknown; forceRefresh: boolean }): Promise<AccessTokenResult>;
  getActiveAccount?(): unknown;
  getAllAccounts?(): unknown[];
}
/** The cards; `"recommendations"` is opt-in (not in the default `cards`). */
export type CardName = "exposure" | "device" | "groups" | "recommendations";
export type CloudName = "commercial" | "gcc" | "gcc-high" | "dod";
export type RegionName = "us" | "eu" | "uk" | "au" | "swa" | "ina" | "aea";
/** Options of `mount()` and `handle.update()`. */
export interface ScoreCardsOptions {
  getToken?: GetToken;
  msal?: MsalLike;
  account?: unknown;
  apiBase?: string;
  cloud?: CloudName;
  region?: RegionName;
  scopes?: string[];
  /** The recommendations card's token scopes (default `<the cloud's token resource>/SecurityRecommendation.Read`). */
  recommendationScopes?: string[];
  /** Default `["exposure", "device", "groups"]`. */
  cards?: CardName[];
  /** How many recommendations the recommendations card shows: 1 to 20, default 5. */
  recommendationsTop?: number;
  locale?: string;
  theme?: "auto" | "light" | "dark";
  /** `"cards"` (default) or `"compact"`: one short line per card, for narrow columns and page headers. */
  layout?: "cards" | "compact";
  refreshSeconds?: number;
  allowedOrigins?: string[];
  /** Where readings are cached: `"session"` (default), `"local"`, `"memory"` or `"off"`. */
  cache?: "session" | "local" | "memory" | "off";
  /** How long a cached reading is fresh, in seconds (default 900, at most 86400). */
  cacheSeconds?: number;
  /** Keep fresh readings in `localStorage` for the trend and CSV export (default true); false also forgets what was kept. */
  history?: boolean;
  /** Snapshot mode: the URL of a folder written by `defender-score-publisher`, on the page's origin or in `allowedOrigins`. No token is asked for or sent. */
  snapshot?: string;
}
/** One recommendation in a `defender-scores:loaded` detail. */
export interface RecommendationDetail {
  id: string;
  name: string;
  /** How much the exposure score would drop. */
  exposureImpact: number;
  /** The device secure score points it would add. */
  configScoreImpact: number;
  exposedDevices: number;
  totalDevices: number;
  publicExploit: boolean;
  activeAlert: boolean;
}
/** `defender-scores:loaded` detail. */
export type LoadedDetail =
  | { card: "exposure" | "device"; score: number; time: string }
  | { card: "groups"; groups: { name: string; score: number }[]; time: string | null }
  | { card: "recommendations"; recommendations: RecommendationDetail[]; active: number; time: string };
/** `defender-scores:error` detail. */
export interface ErrorDetail {
  card: CardName | null;
  status: number;
  code: string | null;
  message: string;
  target: string | null;
  error?: "unauthorized" | "forbidden" | "not-found" | "throttled" | "server" | "network" | "invalid-response";
  retryAfter?: number;
}
/** The `<defender-score-cards>` element, after `defineElements()`. */
export interface DefenderScoreCardsElement extends HTMLElement {
  getToken?: GetToken;
  msal?: MsalLike;
  allowedOrigins?: string[];
  /** Fetches every card again. */
  refresh(): Promise<void>;
}
declare global {
  interface HTMLElementTagNameMap { "defender-score-cards": DefenderScoreCardsElement; }
  interface HTMLElementEventMap {
    "defender-scores:loaded": CustomEvent<LoadedDetail>;
    "defender-scores:error": CustomEvent<ErrorDetail>;
  }
}
"#;

/// Mounts the cards into `host`'s open shadow root and starts loading them.
///
/// Throws a JS `Error` naming the option when an option is wrong.
///
/// ```js
/// const handle = mount(el, { getToken: async ({ scopes, forceRefresh }) => token });
/// ```
#[wasm_bindgen]
pub fn mount(
    #[wasm_bindgen(unchecked_param_type = "HTMLElement")] host: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ScoreCardsOptions")] options: JsValue,
) -> Result<ScoreCardsHandle, JsValue> {
    embed::mount::mount_widget(&host, &options)
}

/// Registers the `<defender-score-cards>` custom element; calling it again is harmless.
///
/// ```js
/// defineElements();
/// document.querySelector("defender-score-cards").getToken = getToken;
/// ```
#[wasm_bindgen(js_name = defineElements)]
pub fn define_elements() {
    embed::element::define_elements();
}

// The standalone page's sign-in, imported by src/bin/standalone.rs through
// wasm-bindgen (`#[wasm_bindgen(module = "/web/standalone.js")]`).
//
// Without config.json beside index.html the page runs the emulator demo; with
// it, it loads MSAL.js from this site (never a CDN), signs the user in with the
// redirect flow and hands the PublicClientApplication to the cards. A config.json
// with "snapshot" (the publisher's folder) signs nobody in: the cards read the folder.
// One with "demo": true runs the demo too, without the 404 of a missing file
// (what `cargo xtask serve` writes).
//
// MSAL 5 redirect flow, as set up here:
//   1. index.html: no account yet -> `loginRedirect` (authorization code + PKCE).
//      MSAL keeps the PKCE verifier, the request and the start page in
//      sessionStorage (its temporary cache is always sessionStorage).
//   2. The identity provider sends the browser to `redirect.html` (the
//      redirectUri), MSAL's "redirect bridge": it stores the response in
//      sessionStorage and navigates back to index.html, without the code in
//      the address bar.
//   3. index.html: `handleRedirectPromise` finds that response, redeems the
//      code and caches the tokens in sessionStorage (`cacheLocation:
//      "sessionStorage"`): this tab only, gone when it closes, never
//      localStorage or cookies. Memory only would be better, but MSAL 5
//      refuses every redirect flow with `cacheLocation: "memoryStorage"`
//      (BrowserConfigurationAuthError `in_mem_redirect_unavailable`).
// The same redirect.html serves the cards' "Sign in" popup and MSAL's silent
// iframe, which MSAL 5 also completes through the bridge.

/** Where the page looks for its configuration, relative to the page. */
const CONFIG_URL = "config.json";
/** MSAL.js, copied into dist/ by trunk from the npm package. */
const MSAL_SCRIPT = "msal/msal-browser.min.js";
/** The redirect bridge page, relative to the page. */
const REDIRECT_PAGE = "redirect.html";
/** sessionStorage key marking a sign-in redirect in flight (a time, no token). */
const ATTEMPT_KEY = "defender-score-cards.sign-in-started";
/** A redirect that came back without an account within this time failed. */
const ATTEMPT_MS = 120_000;

/** The keys config.json may have, with their JSON types. */
const KEYS = {
  demo: "boolean",
  snapshot: "string",
  clientId: "string",
  tenantId: "string",
  cloud: "string",
  region: "string",
  apiBase: "string",
  cards: "string-list",
  recommendationsTop: "number",
  locale: "string",
  theme: "string",
  layout: "string",
  scopes: "string-list",
  recommendationScopes: "string-list",
  refreshSeconds: "number",
  allowedOrigins: "string-list",
  authority: "string",
  knownAuthorities: "string-list",
  protocolMode: "string",
  redirectUri: "string",
};

/** The keys only sign-in uses: refused in snapshot mode and in the demo. */
const SIGN_IN_KEYS = ["clientId", "tenantId", "authority", "scopes", "recommendationScopes", "knownAuthorities", "protocolMode", "redirectUri"];

/** Sign-in host and the score cards' API scope per cloud (the scopes match the widget's defaults). */
const CLOUDS = {
  commercial: { login: "https://login.microsoftonline.com", scope: "https://api.securitycenter.microsoft.com/Score.Read" },
  gcc: { login: "https://login.microsoftonline.com", scope: "https://api-gcc.securitycenter.microsoft.us/Score.Read" },
  "gcc-high": { login: "https://login.microsoftonline.us", scope: "https://api-gov.securitycenter.microsoft.us/Score.Read" },
  dod: { login: "https://login.microsoftonline.us", scope: "https://api-gov.securitycenter.microsoft.us/Score.Read" },
};

/** The widget's cards, in its order; "recommendations" is opt-in (needs SecurityRecommendation.Read). */
const CARDS = ["exposure", "device", "groups", "recommendations"];
/** The most recommendations that card shows (`recommendationsTop` is 1 to this). */
const MAX_RECOMMENDATIONS_TOP = 20;

/** A problem for the person at the page: a title and what to do. */
export class PageProblem extends Error {
  constructor(title, detail) {
    super(`${title}: ${detail}`);
    this.name = "PageProblem";
    this.title = title;
    this.detail = detail;
  }
}

/** Where web/boot.js leaves its request for config.json, made while the wasm loads. */
const EARLY_CONFIG = Symbol.for("defender-score-cards.config");

/** The answer for config.json: boot.js's early request (taken once), else a request now. */
function configResponse() {
  const early = globalThis[EARLY_CONFIG];
  delete globalThis[EARLY_CONFIG];
  return early ?? fetch(CONFIG_URL, { cache: "no-store", credentials: "same-origin" });
}

const configProblem = (detail) => new PageProblem("config.json is not usable", detail);

/**
 * Reads config.json. Resolves to `null` when there is none (404: demo mode),
 * to the checked configuration otherwise; rejects with a PageProblem.
 */
export async function loadConfig() {
  let response;
  try {
    response = await configResponse();
  } catch (error) {
    throw configProblem(`it could not be fetched (${error.message}).`);
  }
  if (response.status === 404) return null;
  if (!response.ok) throw configProblem(`the server answered HTTP ${response.status} for it.`);
  const text = await response.text();
  let config;
  try {
    config = JSON.parse(text);
  } catch (error) {
    const type = response.headers.get("content-type") ?? "no content type";
    throw configProblem(`it is not valid JSON (${error.message}; the server sent ${type}).`);
  }
  return checkConfig(config);
}

/** Checks the shape of a parsed config.json; throws a PageProblem naming the key. */
export function checkConfig(config) {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw configProblem("it must be a JSON object, e.g. {\"clientId\": \"…\", \"tenantId\": \"…\"}.");
  }
  for (const [key, value] of Object.entries(config)) {
    const type = KEYS[key];
    if (!type) {
      throw configProblem(`unknown key "${key}"; the keys are ${Object.keys(KEYS).join(", ")}.`);
    }
    const ok =
      type === "string-list"
        ? typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string"))
        : typeof value === type;
    if (!ok) {
      const expected = type === "string-list" ? "an array of strings" : `a ${type}`;
      throw configProblem(`"${key}" must be ${expected}.`);
    }
  }
  checkCards(config);
  if (isDemo(config)) {
    // The demo: the emulator on this page's origin with its demo token; nobody signs in.
    for (const key of SIGN_IN_KEYS) {
      if (config[key] !== undefined) throw configProblem(`"${key}" is for sign-in; with "demo" nobody signs in.`);
    }
    for (const key of ["snapshot", "apiBase", "cloud", "region"]) {
      if (config[key] !== undefined) throw configProblem(`"${key}" does not go with "demo": the demo reads the emulator on this page's origin.`);
    }
    return config;
  }
  if (config.snapshot !== undefined) {
    // Snapshot mode: the cards read the publisher's folder; nobody signs in here.
    for (const key of SIGN_IN_KEYS) {
      if (config[key] !== undefined) throw configProblem(`"${key}" is for sign-in; with "snapshot" nobody signs in.`);
    }
    return config;
  }
  if (!config.clientId?.trim()) {
    throw configProblem("\"clientId\" is missing: the Application (client) ID of your app registration.");
  }
  const cloud = config.cloud ?? "commercial";
  if (!CLOUDS[cloud]) {
    throw configProblem(`"cloud" is "${cloud}"; use one of ${Object.keys(CLOUDS).join(", ")}.`);
  }
  if (!config.authority && !config.tenantId?.trim()) {
    throw configProblem("\"tenantId\" is missing: the Directory (tenant) ID of your organisation.");
  }
  if (config.authority !== undefined && !/^https:\/\//i.test(config.authority)) {
    throw configProblem("\"authority\" must be an https:// URL.");
  }
  return config;
}

/**
 * Checks the cards named and how many recommendations to show, before anyone signs in:
 * a name the widget does not know would otherwise be said only after the round trip.
 */
function checkCards(config) {
  if (config.cards !== undefined) {
    const cards = asList(config.cards);
    if (cards.length === 0) throw configProblem(`"cards" names no card; the cards are ${CARDS.join(", ")}.`);
    const unknown = cards.find((card) => !CARDS.includes(card));
    if (unknown !== undefined) {
      throw configProblem(`"cards" names "${unknown}", which is not a card; the cards are ${CARDS.join(", ")}.`);
    }
    const repeated = cards.find((card, index) => cards.indexOf(card) !== index);
    if (repeated !== undefined) throw configProblem(`"cards" names "${repeated}" twice.`);
  }
  const top = config.recommendationsTop;
  if (top !== undefined && !(Number.isInteger(top) && top >= 1 && top <= MAX_RECOMMENDATIONS_TOP)) {
    throw configProblem(`"recommendationsTop" must be a whole number from 1 to ${MAX_RECOMMENDATIONS_TOP}.`);
  }
}

const asList = (value) =>
  typeof value === "string" ? value.split(",").map((v) => v.trim()).filter(Boolean) : value;

/** The API scopes the page signs in for and the score cards ask for. */
function scopesOf(config) {
  return asList(config.scopes) ?? [CLOUDS[config.cloud ?? "commercial"].scope];
}

/**
 * The sign-in request: the score cards' scopes only. The recommendations card asks for
 * its own scope when it is first shown (its Sign in opens MSAL's consent popup), so a
 * tenant that has not approved SecurityRecommendation.Read still signs in and shows the
 * scores: asking for that consent here would fail the whole sign-in there.
 */
function loginRequest(config) {
  return { scopes: scopesOf(config) };
}

/** The MSAL configuration for a checked config.json. */
export function msalConfiguration(config) {
  const cloud = CLOUDS[config.cloud ?? "commercial"];
  const authority = config.authority ?? `${cloud.login}/${encodeURIComponent(config.tenantId.trim())}`;
  const redirectUri = new URL(config.redirectUri ?? REDIRECT_PAGE, document.baseURI).href;
  const msalConfig = {
    auth: {
      clientId: config.clientId.trim(),
      authority,
      redirectUri,
      postLogoutRedirectUri: redirectUri,
    },
    // Not "memoryStorage": MSAL 5 refuses redirects with it (see the top).
    cache: { cacheLocation: "sessionStorage" },
    system: {},
  };
  if (config.knownAuthorities) msalConfig.auth.knownAuthorities = asList(config.knownAuthorities);
  if (config.protocolMode) msalConfig.system.protocolMode = config.protocolMode;
  return msalConfig;
}

/** Loads MSAL.js (a classic script defining `window.msal`) once. */
function loadMsal() {
  if (window.msal?.PublicClientApplication) return Promise.resolve(window.msal);
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(MSAL_SCRIPT, document.baseURI).href;
    script.addEventListener("load", () =>
      window.msal?.PublicClientApplication
        ? resolve(window.msal)
        : reject(new PageProblem("MSAL.js did not load", `${MSAL_SCRIPT} defined no msal.PublicClientApplication.`)),
    );
    script.addEventListener("error", () =>
      reject(new PageProblem("MSAL.js did not load", `${MSAL_SCRIPT} is missing from this site; rebuild dist/ with \`cargo xtask build\`.`)),
    );
    document.head.append(script);
  });
}

/** A readable line for an MSAL (or other) error; MSAL 5 messages are only links, the code says more. */
export function describeError(error) {
  const parts = [];
  if (error?.errorCode) parts.push(error.errorCode);
  if (error?.subError) parts.push(error.subError);
  const message = error?.errorMessage || error?.message || String(error);
  return parts.length ? `${parts.join(" / ")}: ${message}` : message;
}

const signInProblem = (error) =>
  error instanceof PageProblem ? error : new PageProblem("Sign-in failed", describeError(error));

function storage() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Starts the redirect sign-in; the page navigates away. */
async function startSignIn(app, config) {
  storage()?.setItem(ATTEMPT_KEY, String(Date.now()));
  await app.loginRedirect(loginRequest(config));
}

/** Whether a checked configuration asks for the demo (`"demo": true`). */
export function isDemo(config) {
  return config.demo === true;
}

/** Whether the page signs in for this configuration (not in snapshot mode, not in the demo). */
export function needsSignIn(config) {
  return config.snapshot === undefined && !isDemo(config);
}

/**
 * Signs the user in. Resolves to `{ msal, options }` for `mount()` once there
 * is an account (`{ options }` when nobody signs in: snapshot mode, the demo),
 * or to `null` while the browser is sent to the identity provider. Rejects
 * with a PageProblem the page shows.
 */
export async function signIn(config) {
  if (!needsSignIn(config)) return { options: mountOptions(config, null) };
  let app;
  try {
    const msal = await loadMsal();
    app = new msal.PublicClientApplication(msalConfiguration(config));
    await app.initialize();
    const result = await app.handleRedirectPromise();
    if (result?.account) app.setActiveAccount(result.account);
  } catch (error) {
    storage()?.removeItem(ATTEMPT_KEY);
    throw signInProblem(error);
  }
  const account = app.getActiveAccount() ?? app.getAllAccounts()[0];
  if (account) {
    app.setActiveAccount(account);
    storage()?.removeItem(ATTEMPT_KEY);
    return { msal: app, options: mountOptions(config, app) };
  }
  const started = Number(storage()?.getItem(ATTEMPT_KEY));
  if (started && Date.now() - started < ATTEMPT_MS) {
    // Back from the identity provider without an account: say so instead of
    // sending the browser round again (and again).
    storage()?.removeItem(ATTEMPT_KEY);
    const problem = new PageProblem(
      "Sign-in did not complete",
      "the identity provider sent the browser back without a signed-in account. " +
        "Check that this page's redirect.html is a registered redirect URI (Single-page application platform).",
    );
    problem.retry = () => startSignIn(app, config).catch((error) => console.error(describeError(error)));
    throw problem;
  }
  try {
    await startSignIn(app, config);
  } catch (error) {
    storage()?.removeItem(ATTEMPT_KEY);
    throw signInProblem(error);
  }
  return null;
}

/** The `mount()` options from config.json, with the signed-in MSAL instance (none in snapshot mode or the demo). */
function mountOptions(config, app) {
  const options = app ? { msal: app, scopes: scopesOf(config) } : {};
  if (app && config.recommendationScopes !== undefined) options.recommendationScopes = asList(config.recommendationScopes);
  for (const key of ["snapshot", "cloud", "region", "apiBase", "locale", "theme", "layout", "refreshSeconds", "recommendationsTop"]) {
    if (config[key] !== undefined) options[key] = config[key];
  }
  for (const key of ["cards", "allowedOrigins"]) {
    if (config[key] !== undefined) options[key] = asList(config[key]);
  }
  return options;
}

/** Replaces the contents of `host` with a readable problem (and a retry button when one helps). */
export function showProblem(host, error) {
  const problem = error instanceof PageProblem ? error : new PageProblem("The cards could not start", describeError(error));
  const box = document.createElement("div");
  box.setAttribute("role", "alert");
  box.className = "page-problem";
  const title = document.createElement("h2");
  title.textContent = problem.title;
  const detail = document.createElement("p");
  detail.textContent = problem.detail;
  box.append(title, detail);
  if (typeof problem.retry === "function") {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Sign in again";
    button.addEventListener("click", problem.retry);
    box.append(button);
  }
  host.replaceChildren(box);
}

/** Shows a short status line (e.g. while the browser goes to sign in). */
export function showStatus(host, text) {
  const line = document.createElement("p");
  line.className = "page-status";
  line.setAttribute("role", "status");
  line.textContent = text;
  host.replaceChildren(line);
}

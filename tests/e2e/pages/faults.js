// The page module of faults.html and cache.html: mounts `?widgets=N` (default
// 1) widgets with mount(), all with one getToken (so they share requests), the
// API on this origin, English, no auto refresh, and `?cache=` / `?cacheSeconds=`
// passed on when given. It records in `window.e2e`, from the first moment:
// every event the widgets dispatch (with performance.now()), and each card's
// history of data-state / data-error / score / error text as it changes (a
// MutationObserver, so short-lived states are not missed between polls).
//
// The token is not in the page or its URL: the test defines `window.e2eToken`
// with an init script, so a token found in the DOM, storage, an event or the
// URL can only have been put there by the widget.

import init, { mount } from "./pkg/defender_score_cards.js";

const params = new URLSearchParams(location.search);
const count = Number(params.get("widgets") ?? "1");

const e2e = { mounted: false, failure: null, startedAt: null, events: [], history: {}, tokenRequests: 0, handles: [] };
window.e2e = e2e;

for (const type of ["defender-scores:loaded", "defender-scores:error"]) {
  document.addEventListener(type, (event) => {
    e2e.events.push({ type, host: event.target.id, at: performance.now(), detail: JSON.parse(JSON.stringify(event.detail)) });
  });
}

/** Appends a card's visible state to its history whenever it changes. */
function watch(host) {
  const root = host.shadowRoot;
  const snapshot = () => {
    for (const card of root.querySelectorAll("[data-card]")) {
      const key = `${host.id}:${card.getAttribute("data-card")}`;
      const seen = {
        state: card.getAttribute("data-state"),
        error: card.getAttribute("data-error"),
        score: card.querySelector('[data-testid="score"]')?.textContent ?? null,
        text: card.querySelector(".error-body")?.textContent ?? null,
      };
      const list = (e2e.history[key] ??= []);
      const last = list[list.length - 1];
      if (!last || ["state", "error", "score", "text"].some((k) => last[k] !== seen[k])) {
        list.push({ ...seen, at: performance.now() });
      }
    }
  };
  new MutationObserver(snapshot).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
  snapshot();
}

const getToken = () => {
  e2e.tokenRequests += 1;
  return window.e2eToken;
};
const options = { getToken, apiBase: location.origin, locale: "en", refreshSeconds: 0 };
if (params.has("cache")) options.cache = params.get("cache");
if (params.has("cacheSeconds")) options.cacheSeconds = Number(params.get("cacheSeconds"));

/** Refreshes every widget (as `handle.refresh()` does: always asks the API). */
e2e.refresh = () => Promise.all(e2e.handles.map((handle) => handle.refresh()));

try {
  await init();
  e2e.startedAt = performance.now();
  for (let i = 0; i < count; i += 1) {
    const host = document.createElement("div");
    host.id = `w${i}`;
    document.getElementById("widgets").append(host);
    e2e.handles.push(mount(host, options));
    watch(host);
  }
  e2e.mounted = true;
} catch (error) {
  e2e.failure = String(error?.stack ?? error);
}

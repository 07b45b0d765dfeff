// The strict-CSP page's only script (an external module: the policy allows
// no inline script). The API is another origin, given as `?api=ORIGIN`; the
// cards go in twice, once with mount() and once as <defender-score-cards>.
// `window.cspPage` records what the test needs (never a token).

import init, { defineElements, mount } from "./pkg/defender_score_cards.js";

const api = new URLSearchParams(location.search).get("api");
const cspPage = { ready: false, failure: null, events: [] };
window.cspPage = cspPage;

for (const type of ["defender-scores:loaded", "defender-scores:error"]) {
  document.addEventListener(type, (event) => {
    cspPage.events.push({ type, host: event.target.id, detail: JSON.parse(JSON.stringify(event.detail)) });
  });
}

try {
  await init();
  mount(document.getElementById("mounted"), {
    getToken: () => "demo-token",
    apiBase: api,
    allowedOrigins: [api],
    refreshSeconds: 0,
  });
  defineElements();
  const element = document.createElement("defender-score-cards");
  element.id = "element";
  element.setAttribute("api-base", api);
  element.setAttribute("allowed-origins", api);
  element.setAttribute("refresh-seconds", "0");
  element.getToken = () => "demo-token";
  document.getElementById("elements").append(element);
  cspPage.ready = true;
} catch (error) {
  cspPage.failure = String(error?.stack ?? error);
}

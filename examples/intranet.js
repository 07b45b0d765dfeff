// The intranet page's script: registers <defender-score-cards> and gives each
// element the portal's own token function. (A real portal returns its MSAL
// token here, or sets `element.msal = app` instead; this example talks to the
// local emulator, whose demo token is "demo-token".)
//
// `?without-cards` leaves the module out, so a test can compare the page's
// own styles with and without the cards. `window.intranet` records what a
// test needs (never a token).

import init, { defineElements } from "./pkg/defender_score_cards.js";

const intranet = { defined: false, failure: null, tokenRequests: { nl: 0, en: 0 } };
window.intranet = intranet;

/** The portal's token function. */
async function portalToken() {
  return "demo-token";
}

if (!new URLSearchParams(location.search).has("without-cards")) {
  try {
    await init();
    defineElements();
    for (const element of document.querySelectorAll("defender-score-cards")) {
      element.getToken = () => {
        intranet.tokenRequests[element.id] += 1;
        return portalToken();
      };
    }
    intranet.defined = true;
  } catch (error) {
    intranet.failure = String(error?.stack ?? error);
  }
}

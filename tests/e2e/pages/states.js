// The page module of states.html: the cards in one state at a time, for the
// accessibility audit (a11y.mjs), the visual comparison (visual.mjs) and
// `cargo xtask screenshots`. The node side (../support/states.mjs) sets up the
// emulator, then calls `window.states.mount({...})` with plain values:
//   theme, locale        passed on as options
//   token                what getToken returns (default "demo-token")
//   signIn               true: an MSAL stand-in whose acquireTokenSilent says
//                        the user must interact (the "Sign in" button)
// The API is this origin, nothing is cached, nothing refreshes by itself.
// `window.states.view({ theme, locale })` re-renders the same readings in
// another theme or language (handle.update: no new request).

import init, { mount } from "./pkg/defender_score_cards.js";

const states = { initialised: false, failure: null, handle: null, tokenRequests: 0 };
window.states = states;

/** An MSAL.js stand-in whose silent requests always need the user (InteractionRequiredAuthError). */
function interactionRequiredMsal() {
  const account = { homeAccountId: "e2e", username: "user@example.test" };
  const needsUser = () => {
    const error = new Error("interaction_required: AADSTS50058: A silent sign-in request was sent but no user is signed in.");
    error.name = "InteractionRequiredAuthError";
    error.errorCode = "interaction_required";
    return Promise.reject(error);
  };
  return {
    getActiveAccount: () => account,
    getAllAccounts: () => [account],
    acquireTokenSilent: needsUser,
    acquireTokenPopup: needsUser,
  };
}

/** Mounts the cards into #scores; throws what mount() throws. */
states.mount = ({ theme = "light", locale = "en", token = "demo-token", signIn = false } = {}) => {
  const options = { apiBase: location.origin, theme, locale, cache: "off", refreshSeconds: 0 };
  if (signIn) {
    options.msal = interactionRequiredMsal();
  } else {
    options.getToken = () => {
      states.tokenRequests += 1;
      return token;
    };
  }
  document.body.dataset.theme = theme;
  states.handle = mount(document.getElementById("scores"), options);
};

/** Shows the same readings in `theme` and `locale`. */
states.view = ({ theme, locale }) => {
  document.body.dataset.theme = theme;
  states.handle.update({ theme, locale });
};

try {
  await init();
  states.initialised = true;
} catch (error) {
  states.failure = String(error?.stack ?? error);
}

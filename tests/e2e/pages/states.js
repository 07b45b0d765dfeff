// The page module of states.html: the cards in one state at a time, for the
// accessibility audit (a11y.mjs), the visual comparison (visual.mjs) and
// `cargo xtask screenshots`. The node side (../support/states.mjs) sets up the
// emulator, then calls `window.states.mount({...})` with plain values:
//   theme                "light" or "dark" (passed on), or "strong": a SharePoint
//                        strong section (the light theme; states.css sets the
//                        host's --dsc-* properties)
//   locale               passed on
//   layout               passed on ("cards", the default, or "compact")
//   width                the host element's width in CSS px (default 960)
//   token                what getToken returns (default "demo-token")
//   cards                the `cards` option (default: left out, the three score cards)
//   signIn               true: an MSAL stand-in whose acquireTokenSilent says
//                        the user must interact (the "Sign in" button)
// The API is this origin, nothing is cached, nothing refreshes by itself.
// `window.states.element({ layout, width })` adds a <defender-score-cards>
// element (#element, below #scores) with those attributes, light English, the
// same API and token: the `layout` attribute beside the option.
// `window.states.view({ theme, locale, layout, width })` re-renders the same
// readings in another view (handle.update: no new request); its promise
// resolves once the widget has rendered (after a task: Yew renders in
// microtasks; a MessageChannel task is not held back by the paused clock).

import init, { defineElements, mount } from "./pkg/defender_score_cards.js";

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

/** The widget's theme for a view's theme (a strong section is the light theme with the host's colours). */
const widgetTheme = (theme) => (theme === "strong" ? "light" : theme);

/** The page around the cards: its backdrop (body[data-theme]) and the host's width. */
function frame(theme, width) {
  document.body.dataset.theme = theme;
  document.getElementById("scores").style.width = `${width}px`;
}

/** Resolves after the next task, when every microtask queued before (Yew's renders) has run. */
const afterRender = () =>
  new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

/** Mounts the cards into #scores; throws what mount() throws. */
states.mount = ({ theme = "light", locale = "en", layout = "cards", width = 960, token = "demo-token", signIn = false, cards } = {}) => {
  const options = { apiBase: location.origin, theme: widgetTheme(theme), locale, cache: "off", refreshSeconds: 0 };
  if (cards) options.cards = cards;
  // "cards" is the default: mounting without the option keeps the default path tested.
  if (layout !== "cards") options.layout = layout;
  if (signIn) {
    options.msal = interactionRequiredMsal();
  } else {
    options.getToken = () => {
      states.tokenRequests += 1;
      return token;
    };
  }
  frame(theme, width);
  states.handle = mount(document.getElementById("scores"), options);
};

/** Shows the same readings in another view; resolves once rendered. */
states.view = async ({ theme, locale, layout, width }) => {
  frame(theme, width);
  states.handle.update({ theme: widgetTheme(theme), locale, layout });
  await afterRender();
};

/** Adds #element, a <defender-score-cards> with the `layout` attribute, `width` px wide; returns nothing. */
states.element = ({ layout, width }) => {
  defineElements();
  const element = document.createElement("defender-score-cards");
  element.id = "element";
  element.style.width = `${width}px`;
  for (const [name, value] of Object.entries({
    "api-base": location.origin,
    theme: "light",
    locale: "en",
    cache: "off",
    "refresh-seconds": "0",
    layout,
  })) {
    element.setAttribute(name, value);
  }
  element.getToken = () => "demo-token";
  document.querySelector("main").append(element);
};

try {
  await init();
  states.initialised = true;
} catch (error) {
  states.failure = String(error?.stack ?? error);
}

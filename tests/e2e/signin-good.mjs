// The standalone page with config.json signs in for real: MSAL.js's redirect
// flow (authorization code + PKCE) against a local OIDC provider, through the
// redirect bridge page, then the cards call the emulator, which verifies the
// signed JWT against the provider's keys, and show the demo scores.
// Setup: support/signin.mjs.

import { assert, assertEqual, card, errorsIn } from "./harness.mjs";
import { apiCallsReaching, assertDemoScores, openingSignsIn, runSignInScenario } from "./support/signin.mjs";

await runSignInScenario(
  "standalone page: MSAL.js redirect sign-in against a local OIDC provider, a good token",
  { scp: "Score.Read", expireNext: 0 },
  (scenario) => [
    openingSignsIn(
      scenario,
      "opening the page sends the browser to the provider and back; all three cards reach data-state=ready",
      "ready",
    ),
    [
      "the sign-in was authorization code with PKCE (S256), redirected to redirect.html",
      async () => {
        assertEqual(scenario.stack.log.authorize.length, 1, "authorize requests");
        const [authorize] = scenario.stack.log.authorize;
        assertEqual(authorize.codeChallengeMethod, "S256", "code_challenge_method");
        assert(authorize.hasCodeChallenge, "the authorize request had a code_challenge");
        assertEqual(new URL(authorize.redirectUri).pathname, "/redirect.html", "redirect_uri path");
        assertEqual(scenario.stack.log.token.map((t) => [t.grantType, t.pkce]), [["authorization_code", true]], "access tokens issued");
      },
    ],
    [
      "the cards show the demo scores: exposure 33, device 340, GroupOne",
      async () => {
        await assertDemoScores(scenario.session.page);
        assertEqual(await card(scenario.session.page, "groups").locator('[data-group="GroupOne"]').count(), 1, "GroupOne rows");
      },
    ],
    [
      "the emulator verified the JWT: 3 API calls, all 200",
      async () => {
        const calls = await apiCallsReaching(3);
        assertEqual(calls.map((c) => c.status), [200, 200, 200], `API call statuses (${JSON.stringify(calls)})`);
      },
    ],
    [
      "tokens only in MSAL's sessionStorage cache: none in localStorage, cookies, the address bar or the card DOM",
      async () => {
        const places = await scenario.session.page.evaluate(() => ({
          localStorage: JSON.stringify(Object.entries(localStorage)),
          cookie: document.cookie,
          url: location.href,
          cardsDom: document.getElementById("defender-score-cards").shadowRoot?.innerHTML ?? "",
          pageDom: document.documentElement.outerHTML,
        }));
        places.console = JSON.stringify(scenario.session.console);
        const holds = (text) => scenario.stack.log.issued.some((secret) => text.includes(secret));
        const leaks = Object.entries(places).filter(([, text]) => holds(text)).map(([where]) => where);
        assertEqual(leaks, [], "places holding a token");
        // MSAL 5 refuses redirect sign-in with memoryStorage, so the page uses
        // sessionStorage (this tab only); every entry holding a token is MSAL's.
        const sessionEntries = await scenario.session.page.evaluate(() => Object.entries(sessionStorage));
        const foreign = sessionEntries.filter(([key, value]) => holds(value) && !key.startsWith("msal.")).map(([key]) => key);
        assertEqual(foreign, [], "sessionStorage keys holding a token outside MSAL's cache");
        assert(!/[?&#]code=/.test(places.url), `the address bar still has the code: ${places.url}`);
        assertEqual(new URL(places.url).pathname, "/", "the page the browser came back to");
      },
    ],
    [
      "no console errors, and only the site and the identity provider were asked for anything",
      async () => {
        assertEqual(errorsIn(scenario.session), [], "console and page errors");
        assertEqual(scenario.session.foreignRequests, [], "requests to other origins");
      },
    ],
  ],
);

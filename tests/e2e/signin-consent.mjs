// The recommendations card's own permission, end to end: the standalone page
// signs in with MSAL.js for Score.Read (as signin-good.mjs), and shows the
// four cards. The identity provider has no consent to SecurityRecommendation.Read
// yet: a token request for it is refused as Entra refuses it (invalid_grant,
// sub-error consent_required, AADSTS65001), and a silent authorize for it
// (prompt=none) comes back with error=consent_required. So the three score cards
// load and the recommendations card alone asks to sign in; its button opens
// MSAL's popup for that scope, the user "consents" (an interactive authorize),
// and the card loads, read with a token whose scp is SecurityRecommendation.Read.
// Setup: support/signin.mjs.

import { assert, assertEqual, card, errorsIn, waitFor, waitForCardState } from "./harness.mjs";
import { apiCallsReaching, assertDemoScores, openingSignsIn, runSignInScenario } from "./support/signin.mjs";

/** The scope the recommendations card asks for (the widget's default). */
const RECOMMENDATIONS = "SecurityRecommendation.Read";
const asksForRecommendations = (scope) => typeof scope === "string" && scope.includes(`/${RECOMMENDATIONS}`);

/** What the provider was asked, besides support/signin.mjs's log. */
const seen = { refused: [], consentedBy: null };

const policy = {
  scp: "Score.Read",
  expireNext: 0,
  cards: ["exposure", "device", "groups", "recommendations"],
  consented: false,
  scpFor: (scope) => (asksForRecommendations(scope) ? RECOMMENDATIONS : "Score.Read"),
  onAuthorize(redirect, req) {
    if (!asksForRecommendations(req.query.scope) || policy.consented) return;
    if (req.query.prompt === "none") {
      // A silent authorize cannot ask the user: Entra answers consent_required.
      redirect.url.searchParams.delete("code");
      redirect.url.searchParams.set("error", "consent_required");
      redirect.url.searchParams.set("error_description", "AADSTS65001: The user or administrator has not consented to use the application.");
      seen.refused.push("authorize prompt=none");
    } else {
      // An interactive authorize (the popup): the user consents.
      policy.consented = true;
      seen.consentedBy = `authorize prompt=${req.query.prompt ?? "(none given)"}`;
    }
  },
  onToken(response, req) {
    if (!asksForRecommendations(req.body.scope) || policy.consented) return;
    response.statusCode = 400;
    response.body = {
      error: "invalid_grant",
      suberror: "consent_required",
      error_description: "AADSTS65001: The user or administrator has not consented to use the application.",
      error_codes: [65001],
    };
    seen.refused.push(`token ${req.body.grant_type}`);
  },
};

await runSignInScenario(
  "standalone page: the recommendations card asks for its own consent; the score cards load meanwhile",
  policy,
  (scenario) => [
    openingSignsIn(scenario, "after signing in for Score.Read, the three score cards reach data-state=ready", "ready"),
    [
      "the recommendations card alone is in error, data-error=unauthorized, with its own Sign in button",
      async () => {
        const page = scenario.session.page;
        const seenState = await waitForCardState(page, "recommendations", "error", { timeoutMs: 30_000 });
        assertEqual(seenState.error, "unauthorized", "the recommendations card's data-error");
        assertEqual(await card(page, "recommendations").locator(".sign-in").count(), 1, "its Sign in buttons");
        assertEqual(await page.locator(".sign-in").count(), 1, "Sign in buttons on the page");
        await assertDemoScores(page);
        assert(seen.refused.length > 0, "the provider refused a token for SecurityRecommendation.Read");
        assertEqual(policy.consented, false, "consent given before the button was pressed");
      },
    ],
    [
      "only the score cards reached the API: 3 calls, all 200, none for the recommendations",
      async () => {
        const calls = await apiCallsReaching(3);
        assertEqual(calls.map((c) => c.status), [200, 200, 200], `API call statuses (${JSON.stringify(calls)})`);
      },
    ],
    [
      "its Sign in opens MSAL's popup for SecurityRecommendation.Read; once consented, the card is ready",
      async () => {
        const page = scenario.session.page;
        const [popup] = await Promise.all([
          page.waitForEvent("popup", { timeout: 15_000 }),
          card(page, "recommendations").locator(".sign-in").click(),
        ]);
        // The provider's authorize answers at once; the popup lands on redirect.html and MSAL closes it.
        await waitFor("the popup to close", async () => popup.isClosed() || null, { timeoutMs: 30_000 });
        assert(seen.consentedBy !== null, "an interactive authorize asked for SecurityRecommendation.Read");
        assert(seen.consentedBy !== "authorize prompt=none", `consent came from ${seen.consentedBy}`);
        await waitForCardState(page, "recommendations", "ready", { timeoutMs: 30_000 });
        for (const name of ["exposure", "device", "groups"]) {
          await waitForCardState(page, name, "ready", { timeoutMs: 15_000 });
        }
      },
    ],
    [
      "the recommendations were read once, with a token the emulator accepts for them (scp SecurityRecommendation.Read): 200",
      async () => {
        const isRecommendations = (c) => (c.path ?? c.uri ?? c.url ?? "").includes("/api/recommendations");
        const calls = await waitFor("a call for the recommendations", async () => {
          const list = await apiCallsReaching(4);
          return list.some(isRecommendations) ? list : null;
        });
        const statuses = calls.filter(isRecommendations).map((c) => c.status);
        assertEqual(statuses, [200], `recommendation calls (${JSON.stringify(calls)})`);
      },
    ],
    [
      "no uncaught errors, and only the site and the identity provider were asked for anything",
      async () => {
        assertEqual(scenario.session.foreignRequests, [], "requests to other origins");
        // MSAL logs the refused silent token as an error; the page itself must throw nothing.
        assertEqual(errorsIn(scenario.session).filter((e) => e.startsWith("uncaught")), [], "uncaught page errors");
      },
    ],
  ],
);

// The token from the sign-in is already expired when it reaches the emulator
// (MSAL believes `expires_in` and caches it): the emulator answers 401, the
// widget asks MSAL once with forceRefresh: true, MSAL redeems its refresh
// token for a fresh access token, and the retried calls show the scores.
// Setup: support/signin.mjs.

import { assertEqual, errorsIn } from "./harness.mjs";
import { apiCallsReaching, assertDemoScores, openingSignsIn, runSignInScenario } from "./support/signin.mjs";

await runSignInScenario(
  "standalone page: an expired access token is refreshed once (forceRefresh) and the scores show",
  { scp: "Score.Read", expireNext: 1 },
  (scenario) => [
    openingSignsIn(scenario, "after signing in, all three cards reach data-state=ready", "ready"),
    [
      "the identity provider issued the expired token, then exactly one refreshed token",
      async () => {
        assertEqual(
          scenario.stack.log.token.map((t) => [t.grantType, t.expired]),
          [["authorization_code", true], ["refresh_token", false]],
          "access tokens issued (grant, expired)",
        );
      },
    ],
    [
      "the emulator refused the expired token (401) and accepted the fresh one for every card",
      async () => {
        const calls = await apiCallsReaching(6);
        const statuses = calls.map((c) => c.status);
        assertEqual(statuses.filter((s) => s === 401).length, 3, `401 answers (${JSON.stringify(calls)})`);
        assertEqual(statuses.filter((s) => s === 200).length, 3, `200 answers (${JSON.stringify(calls)})`);
        assertEqual(calls.length, 6, `API calls (${JSON.stringify(calls)})`);
      },
    ],
    [
      "the scores show: exposure 33, device 340; no other console errors",
      async () => {
        await assertDemoScores(scenario.session.page);
        // Chromium logs each 401 as a failed resource load; nothing else may be.
        const errors = errorsIn(scenario.session).filter((e) => !e.includes("status of 401"));
        assertEqual(errors, [], "console and page errors besides the 401 loads");
        assertEqual(scenario.session.foreignRequests, [], "requests to other origins");
      },
    ],
  ],
);

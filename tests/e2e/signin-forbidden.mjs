// The signed-in user's token is for the right audience but lacks Score.Read
// (scp "User.Read"): the emulator answers 403 and every card shows
// data-error="forbidden", without asking for another token; the message is said
// once for the three cards.
// Setup: support/signin.mjs.

import { assert, assertEqual, errorsIn } from "./harness.mjs";
import { apiCallsReaching, openingSignsIn, runSignInScenario } from "./support/signin.mjs";

await runSignInScenario(
  "standalone page: a token without Score.Read shows the forbidden state",
  { scp: "User.Read", expireNext: 0 },
  (scenario) => [
    openingSignsIn(
      scenario,
      "after signing in, all three cards reach data-state=error with data-error=forbidden",
      "error",
      "forbidden",
    ),
    [
      "the emulator answered 403 to each card once; no token refresh was asked for",
      async () => {
        const calls = await apiCallsReaching(3);
        assertEqual(calls.map((c) => c.status), [403, 403, 403], `API call statuses (${JSON.stringify(calls)})`);
        assertEqual(scenario.stack.log.token.map((t) => t.grantType), ["authorization_code"], "token requests");
      },
    ],
    [
      "the message, said once for the three cards, names the missing permission Score.Read",
      async () => {
        // Playwright's CSS locators pierce the widget's open shadow root.
        const shared = scenario.session.page.locator(".shared > .error");
        assertEqual(await shared.count(), 1, "shared messages");
        const text = await shared.textContent();
        assert(text.includes("Score.Read"), `the message says ${JSON.stringify(text)}`);
        const inCards = await scenario.session.page.locator("[data-card] .error").count();
        assertEqual(inCards, 0, "messages repeated inside the cards");
        assertEqual(scenario.session.foreignRequests, [], "requests to other origins");
        // A 403 is logged by Chromium as a failed resource load; nothing else may be.
        const errors = errorsIn(scenario.session).filter((e) => !e.includes("status of 403"));
        assertEqual(errors, [], "console and page errors besides the 403 loads");
      },
    ],
  ],
);

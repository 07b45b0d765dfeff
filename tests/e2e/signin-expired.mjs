// The token from the sign-in is already expired when it reaches the emulator
// (MSAL believes `expires_in` and caches it): the emulator answers 401, the
// widget asks MSAL once with forceRefresh: true, MSAL redeems its refresh
// token for a fresh access token, and the retried calls show the scores.
// Setup: support/signin.mjs.

import {
  apiCalls,
  assert,
  assertEqual,
  card,
  errorsIn,
  launchBrowser,
  openPage,
  runScenario,
  waitFor,
  waitForCardState,
} from "./harness.mjs";
import { startSignInStack } from "./support/signin.mjs";

const policy = { scp: "Score.Read", expireNext: 1 };
const stack = await startSignInStack(policy);
const browser = await launchBrowser({ extraArgs: stack.chromiumArgs });
let session;

await runScenario(
  "standalone page: an expired access token is refreshed once (forceRefresh) and the scores show",
  [
    [
      "after signing in, all three cards reach data-state=ready",
      async () => {
        session = await openPage(browser, "/", { allowOrigins: [stack.issuer] });
        for (const name of ["exposure", "device", "groups"]) {
          await waitForCardState(session.page, name, "ready", { timeoutMs: 30_000 });
        }
      },
    ],
    [
      "the identity provider issued the expired token, then exactly one refreshed token",
      async () => {
        assertEqual(
          stack.log.token.map((t) => [t.grantType, t.expired]),
          [["authorization_code", true], ["refresh_token", false]],
          "access tokens issued (grant, expired)",
        );
      },
    ],
    [
      "the emulator refused the expired token (401) and accepted the fresh one for every card",
      async () => {
        const calls = await waitFor("6 API calls", async () => {
          const list = await apiCalls();
          return list.length >= 6 ? list : null;
        });
        const statuses = calls.map((c) => c.status);
        assertEqual(statuses.filter((s) => s === 401).length, 3, `401 answers (${JSON.stringify(calls)})`);
        assertEqual(statuses.filter((s) => s === 200).length, 3, `200 answers (${JSON.stringify(calls)})`);
        assertEqual(calls.length, 6, `API calls (${JSON.stringify(calls)})`);
      },
    ],
    [
      "the scores show: exposure 33, device 340; no other console errors",
      async () => {
        const exposure = await card(session.page, "exposure").locator('[data-testid="score"]').textContent();
        const device = await card(session.page, "device").locator('[data-testid="score"]').textContent();
        assert(exposure.includes("33"), `exposure score text is ${JSON.stringify(exposure)}`);
        assert(device.includes("340"), `device score text is ${JSON.stringify(device)}`);
        // Chromium logs each 401 as a failed resource load; nothing else may be.
        const errors = errorsIn(session).filter((e) => !e.includes("status of 401"));
        assertEqual(errors, [], "console and page errors besides the 401 loads");
        assertEqual(session.foreignRequests, [], "requests to other origins");
      },
    ],
  ],
  async () => {
    await browser.close();
    await stack.stop();
  },
);

// The signed-in user's token is for the right audience but lacks Score.Read
// (scp "User.Read"): the emulator answers 403 and every card shows
// data-error="forbidden", without asking for another token.
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

const policy = { scp: "User.Read", expireNext: 0 };
const stack = await startSignInStack(policy);
const browser = await launchBrowser({ extraArgs: stack.chromiumArgs });
let session;

await runScenario(
  "standalone page: a token without Score.Read shows the forbidden state",
  [
    [
      "after signing in, all three cards reach data-state=error with data-error=forbidden",
      async () => {
        session = await openPage(browser, "/", { allowOrigins: [stack.issuer] });
        for (const name of ["exposure", "device", "groups"]) {
          const state = await waitForCardState(session.page, name, "error", { timeoutMs: 30_000 });
          assertEqual(state.error, "forbidden", `the ${name} card's data-error`);
        }
      },
    ],
    [
      "the emulator answered 403 to each card once; no token refresh was asked for",
      async () => {
        const calls = await waitFor("3 API calls", async () => {
          const list = await apiCalls();
          return list.length >= 3 ? list : null;
        });
        assertEqual(calls.map((c) => c.status), [403, 403, 403], `API call statuses (${JSON.stringify(calls)})`);
        assertEqual(stack.log.token.map((t) => t.grantType), ["authorization_code"], "token requests");
      },
    ],
    [
      "the card names the missing permission Score.Read",
      async () => {
        const text = await card(session.page, "exposure").textContent();
        assert(text.includes("Score.Read"), `the exposure card says ${JSON.stringify(text)}`);
        assertEqual(session.foreignRequests, [], "requests to other origins");
        // A 403 is logged by Chromium as a failed resource load; nothing else may be.
        const errors = errorsIn(session).filter((e) => !e.includes("status of 403"));
        assertEqual(errors, [], "console and page errors besides the 403 loads");
      },
    ],
  ],
  async () => {
    await browser.close();
    await stack.stop();
  },
);

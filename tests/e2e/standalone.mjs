// The standalone SPA (dist/, served by the emulator) shows the demo tenant's
// three cards with their numbers, cleanly, in exactly three API calls.

import {
  apiCalls,
  assert,
  assertEqual,
  card,
  errorsIn,
  launchBrowser,
  openPage,
  runScenario,
  waitForCardState,
} from "./harness.mjs";

const browser = await launchBrowser();
let session;

await runScenario(
  "standalone SPA on the emulator's demo tenant",
  [
    [
      "all three cards reach data-state=ready",
      async () => {
        session = await openPage(browser, "/");
        for (const name of ["exposure", "device", "groups"]) {
          await waitForCardState(session.page, name, "ready");
        }
      },
    ],
    [
      "the exposure card's score shows 33 and the device card's shows 340",
      async () => {
        const exposure = await card(session.page, "exposure").locator('[data-testid="score"]').textContent();
        const device = await card(session.page, "device").locator('[data-testid="score"]').textContent();
        assert(exposure.includes("33"), `exposure score text is ${JSON.stringify(exposure)}`);
        assert(device.includes("340"), `device score text is ${JSON.stringify(device)}`);
      },
    ],
    [
      "the groups card has rows for GroupOne and GroupTwo",
      async () => {
        const groups = card(session.page, "groups");
        for (const name of ["GroupOne", "GroupTwo"]) {
          const rows = await groups.locator(`[data-group="${name}"]`).count();
          assertEqual(rows, 1, `rows with data-group="${name}"`);
        }
      },
    ],
    [
      "the page logged no console errors and asked nothing of other origins",
      async () => {
        // Without config.json the page runs the demo; its 404 is the expected probe.
        assertEqual(errorsIn(session, { missing: ["/config.json"] }), [], "console and page errors");
        assertEqual(session.foreignRequests, [], "requests to other origins");
      },
    ],
    [
      "the emulator served exactly 3 API calls",
      async () => {
        const calls = await apiCalls();
        assertEqual(calls.length, 3, `API calls (${JSON.stringify(calls)})`);
      },
    ],
  ],
  () => browser.close(),
);

// Embedding with mount(): a plain host page (pages/mount.html) imports the ES
// module from pkg/, mounts the cards with a getToken callback, and the widget
// loads the demo tenant, never leaks the token, asks for a fresh token after
// a 401, and shows a 403 as "forbidden".

import {
  assert,
  assertEqual,
  emulator,
  errorsIn,
  launchBrowser,
  openPage,
  pending,
  runScenario,
  waitFor,
  waitForCardState,
} from "./harness.mjs";

const TOKEN = "demo-token";
const browser = await launchBrowser();
let session;

/** What the host page recorded (see pages/mount.html). */
const recorded = () =>
  session.page.evaluate(() => ({
    mounted: window.e2e.mounted,
    failure: window.e2e.failure,
    events: window.e2e.events,
    tokenRequests: window.e2e.tokenRequests,
  }));

/** Events of `type` for `card` recorded after the first `skip` events. */
const eventsFor = (events, type, card, skip = 0) =>
  events.slice(skip).filter((e) => e.type === `defender-scores:${type}` && e.detail?.card === card);

await runScenario(
  "embedding with mount() from pkg/",
  [
    [
      "mount() dispatches one defender-scores:loaded event per card, bubbling to the document",
      async () => {
        session = await openPage(browser, "/mount.html");
        await waitFor("mount() to return", async () => {
          const page = await recorded();
          if (page.failure) throw new Error(`mount failed: ${page.failure}`);
          return page.mounted || pending("not mounted yet");
        });
        const { events } = await waitFor("three loaded events", async () => {
          const page = await recorded();
          const loaded = page.events.filter((e) => e.type === "defender-scores:loaded");
          return loaded.length >= 3 ? page : pending(JSON.stringify(page.events));
        });
        const loaded = events.filter((e) => e.type === "defender-scores:loaded");
        assertEqual(loaded.map((e) => e.detail.card).sort(), ["device", "exposure", "groups"], "loaded cards");
        assert(loaded.every((e) => e.target === "scores"), `event targets: ${JSON.stringify(loaded.map((e) => e.target))}`);
      },
    ],
    [
      "the loaded events carry the demo scores: exposure 33.49…, device 340, GroupOne and GroupTwo",
      async () => {
        const { events } = await recorded();
        const [exposure] = eventsFor(events, "loaded", "exposure");
        const [device] = eventsFor(events, "loaded", "device");
        const [groups] = eventsFor(events, "loaded", "groups");
        assert(Math.abs(exposure.detail.score - 33.491554051195706) < 1e-9, `exposure score ${exposure.detail.score}`);
        assertEqual(device.detail.score, 340, "device score");
        const byName = Object.fromEntries((groups.detail.groups ?? []).map((g) => [g.name, g.score]));
        assert(Math.abs(byName.GroupOne - 41.38041766305988) < 1e-9, `groups: ${JSON.stringify(groups.detail.groups)}`);
        assert(Math.abs(byName.GroupTwo - 37.403726933165366) < 1e-9, `groups: ${JSON.stringify(groups.detail.groups)}`);
        assert(exposure.detail.time && device.detail.time, "exposure and device events carry a time");
      },
    ],
    [
      "all three cards are data-state=ready, with no console errors",
      async () => {
        for (const name of ["exposure", "device", "groups"]) {
          await waitForCardState(session.page, name, "ready");
        }
        assertEqual(errorsIn(session), [], "console and page errors");
        assertEqual(session.foreignRequests, [], "requests to other origins");
      },
    ],
    [
      "the token appears in no event, storage, cookie, URL, console message or card DOM",
      async () => {
        const places = await session.page.evaluate(() => ({
          events: JSON.stringify(window.e2e.events),
          localStorage: JSON.stringify(Object.entries(localStorage)),
          sessionStorage: JSON.stringify(Object.entries(sessionStorage)),
          cookie: document.cookie,
          url: location.href,
          cardsDom: document.getElementById("scores").shadowRoot?.innerHTML ?? "",
          hostAttributes: document.getElementById("scores").outerHTML,
        }));
        places.console = JSON.stringify(session.console);
        const leaks = Object.entries(places).filter(([, text]) => text.includes(TOKEN)).map(([where]) => where);
        assertEqual(leaks, [], "places holding the token");
        assert(places.cardsDom.length > 0, "the cards rendered into an open shadow root");
      },
    ],
    [
      "after a 401 the widget asks getToken again with forceRefresh: true and the card recovers",
      async () => {
        await emulator("POST", "/_emulator/faults", {
          endpoint: "exposureScore",
          status: 401,
          json: { error: { code: "Unauthorized", message: "expired", target: "t-1" } },
        });
        const before = await recorded();
        await session.page.evaluate(() => window.e2e.handle.refresh());
        await waitFor("a token request with forceRefresh: true", async () => {
          const { tokenRequests } = await recorded();
          const fresh = tokenRequests.slice(before.tokenRequests.length);
          return fresh.some((r) => r.forceRefresh === true) || pending(JSON.stringify(fresh));
        });
        await waitFor("a new loaded event for the exposure card", async () => {
          const { events } = await recorded();
          return eventsFor(events, "loaded", "exposure", before.events.length).length > 0 ||
            pending(JSON.stringify(events.slice(before.events.length)));
        });
        await waitForCardState(session.page, "exposure", "ready");
      },
    ],
    [
      "two 403s leave the exposure card data-state=error data-error=forbidden with a 403 error event",
      async () => {
        await emulator("POST", "/_emulator/faults", {
          endpoint: "exposureScore",
          status: 403,
          times: 2,
          json: { error: { code: "Forbidden", message: "missing Score.Read", target: "t-2" } },
        });
        const before = await recorded();
        await session.page.evaluate(() => window.e2e.handle.refresh());
        const [error] = await waitFor("an error event for the exposure card", async () => {
          const { events } = await recorded();
          const errors = eventsFor(events, "error", "exposure", before.events.length);
          return errors.length > 0 ? errors : pending(JSON.stringify(events.slice(before.events.length)));
        });
        assertEqual(error.detail.status, 403, "error event status");
        assertEqual(error.detail.code, "Forbidden", "error event code");
        const state = await waitForCardState(session.page, "exposure", "error");
        assertEqual(state.error, "forbidden", "data-error");
      },
    ],
  ],
  () => browser.close(),
);

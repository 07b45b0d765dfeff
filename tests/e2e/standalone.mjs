// The standalone SPA (dist/, served by the emulator) shows the demo tenant's
// three cards with their numbers, cleanly, in exactly three API calls (a
// config.json with "demo": true runs the same demo, with its options). With a
// config.json naming the four cards it shows the recommendations card too, its
// token asked for SecurityRecommendation.Read (MSAL stood in by an account
// already signed in: the real redirect sign-in is signin-good.mjs's, the
// authorize request's scopes config-errors.mjs's).

import {
  apiCalls,
  assert,
  assertEqual,
  card,
  errorsIn,
  launchBrowser,
  openPage,
  pending,
  runScenario,
  waitFor,
  waitForCardState,
} from "./harness.mjs";

const ALL_CARDS = ["exposure", "device", "groups", "recommendations"];
const SCORE_SCOPE = "https://api.securitycenter.microsoft.com/Score.Read";
const RECOMMENDATION_SCOPE = "https://api.securitycenter.microsoft.com/SecurityRecommendation.Read";

/**
 * Stands in for msal/msal-browser.min.js: an account is already signed in, every silent
 * token request is answered with the emulator's demo token and recorded (its scopes) in
 * `window.msalScopes`.
 */
const STAND_IN_MSAL = `
window.msalScopes = [];
window.msal = {
  PublicClientApplication: class {
    constructor() { this.account = { homeAccountId: "e2e", username: "e2e@contoso.example" }; }
    async initialize() {}
    async handleRedirectPromise() { return null; }
    getActiveAccount() { return this.account; }
    getAllAccounts() { return [this.account]; }
    setActiveAccount(account) { this.account = account; }
    async loginRedirect() { throw new Error("the stand-in is signed in already"); }
    async acquireTokenSilent(request) {
      window.msalScopes.push(request.scopes);
      return { accessToken: "demo-token", account: this.account };
    }
  },
};`;

/** The page's defender-scores:* events, collected from the first script on. */
const COLLECT_EVENTS = () => {
  window.cardEvents = [];
  for (const type of ["defender-scores:loaded", "defender-scores:error"]) {
    document.addEventListener(type, (event) => window.cardEvents.push({ type, detail: event.detail }));
  }
};

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
    [
      "config.json naming the four cards and 3 recommendations: the recommendations card reaches data-state=ready; its loaded event has the top 3 of 15 active",
      async () => {
        await session.context.close();
        session = await openPage(browser, "/");
        const config = {
          clientId: "e2e-client",
          tenantId: "contoso.example",
          apiBase: "/",
          cards: ALL_CARDS,
          recommendationsTop: 3,
        };
        await session.context.route("**/config.json", (route) =>
          route.fulfill({ contentType: "application/json", body: JSON.stringify(config) }),
        );
        await session.context.route("**/msal/msal-browser.min.js", (route) =>
          route.fulfill({ contentType: "text/javascript", body: STAND_IN_MSAL }),
        );
        await session.page.addInitScript(COLLECT_EVENTS);
        await session.page.reload();
        for (const name of ALL_CARDS) await waitForCardState(session.page, name, "ready");
        const detail = await waitFor("the recommendations card's loaded event", async () => {
          const found = await session.page.evaluate(
            () => window.cardEvents.find((e) => e.type === "defender-scores:loaded" && e.detail?.card === "recommendations")?.detail ?? null,
          );
          return found ?? pending("no loaded event yet");
        });
        assertEqual(detail.active, 15, "active recommendations");
        assertEqual(
          detail.recommendations.map((r) => r.name),
          ["Update Google Chrome", "Disable SMBv1 server", "Update Windows 11"],
          "the recommendations in the event",
        );
        // The page's first load, before the routes, ran the demo: its config.json probe found none.
        assertEqual(errorsIn(session, { missing: ["/config.json"] }), [], "console and page errors");
        assertEqual(session.foreignRequests, [], "requests to other origins");
      },
    ],
    [
      "the recommendations card asked MSAL for its own scope (SecurityRecommendation.Read), the score cards for Score.Read",
      async () => {
        const scopes = await session.page.evaluate(() => window.msalScopes.map((s) => s.join(" ")));
        assertEqual([...new Set(scopes)].sort(), [SCORE_SCOPE, RECOMMENDATION_SCOPE], "the scopes tokens were asked for");
      },
    ],
    [
      "config.json with \"demo\": true and two cards: the demo runs with those cards, in that order, without MSAL and with no console error",
      async () => {
        await session.context.close();
        session = await openPage(browser, "/");
        await session.context.route("**/config.json", (route) =>
          route.fulfill({ contentType: "application/json", body: JSON.stringify({ demo: true, cards: ["device", "exposure"] }) }),
        );
        const msalLoads = [];
        session.page.on("request", (request) => {
          if (request.url().includes("/msal/")) msalLoads.push(request.url());
        });
        await session.page.reload();
        for (const name of ["device", "exposure"]) await waitForCardState(session.page, name, "ready");
        const shown = await session.page.locator("[data-card]").evaluateAll((cards) => cards.map((c) => c.dataset.card));
        assertEqual(shown, ["device", "exposure"], "the cards shown");
        assertEqual(msalLoads, [], "MSAL.js requests");
        // The first load, before the route, probed for config.json and found none.
        assertEqual(errorsIn(session, { missing: ["/config.json"] }), [], "console and page errors");
      },
    ],
  ],
  () => browser.close(),
);

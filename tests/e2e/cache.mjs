// A reload costs nothing: readings are cached in sessionStorage (by default)
// under keys `dsc:v1|<API base>|<tenant>|<card>`, so reloading a tab shows
// the three cards at once with no request, however many widgets the page
// has; a new tab starts empty; `cache: "off"` asks every time; and a reading
// older than `cacheSeconds` is shown as stale while it is fetched again.
//
// The token is JWT-shaped with a `tid` (the emulator accepts it as a fixed
// demo token), so the keys must name the tenant and must not hold the token.
// pages/cache.html (module pages/faults.js) records events and each card's
// state history from the first moment.

import {
  assert,
  assertEqual,
  emulator,
  launchBrowser,
  pending,
  runScenario,
  useBaseUrl,
  waitFor,
} from "./harness.mjs";
import { startEmulator } from "./support/processes.mjs";

const site = process.env.E2E_SITE_DIR;
if (!site || !process.env.E2E_EMULATOR) {
  console.error("E2E_SITE_DIR and E2E_EMULATOR are not set; run the e2e tests with `cargo xtask test`");
  process.exit(2);
}

const TENANT = "72F988BF-86F1-41AF-91AB-2D7CD011DB47";
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** An unsigned JWT-shaped token: the widget reads `tid` for the cache key; the emulator compares it as a string. */
const TOKEN = [
  b64url({ alg: "none", typ: "JWT" }),
  b64url({ tid: TENANT, oid: "00000000-0000-0000-0000-00000000e2e0", aud: "https://api.securitycenter.microsoft.com" }),
  "e2e-cache-signature-4Qx9Tz",
].join(".");
const CARDS = ["exposure", "device", "groups"];
const KEY_PREFIX = "dsc:v1|";

let stopEmulator = async () => {};
let baseUrl;
let browser;
const figures = {};
/** The first tab, its scores, and its context (for the new tab). */
let first;

/** A fresh browser context (empty storage) whose pages get the token from an init script. */
async function newContext() {
  const context = await browser.newContext();
  await context.addInitScript((token) => {
    window.e2eToken = token;
  }, TOKEN);
  const origin = new URL(baseUrl).origin;
  await context.route("**/*", (route) =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort("blockedbyclient"),
  );
  return context;
}

/** Opens pages/cache.html?`query` in a new tab of `context`; waits for mount(). */
async function openTab(context, query = "") {
  const tab = { context, query, console: [], pageErrors: [] };
  tab.page = await context.newPage();
  tab.page.on("console", (m) => tab.console.push({ type: m.type(), text: m.text() }));
  tab.page.on("pageerror", (error) => tab.pageErrors.push(String(error)));
  await tab.page.goto(`${baseUrl}/cache.html${query ? `?${query}` : ""}`);
  await mounted(tab);
  return tab;
}

async function mounted(tab) {
  await waitFor("mount() to return", async () => {
    const state = await tab.page.evaluate(() => ({ mounted: window.e2e?.mounted, failure: window.e2e?.failure }));
    if (state.failure) return pending(`mount failed: ${state.failure}`);
    return state.mounted || pending("not mounted yet");
  });
}

/** `location.reload()` in the same tab; waits for the new document's mount() (not the old one's). */
async function reload(tab) {
  await tab.page.evaluate(() => {
    window.e2eOldDocument = true;
  });
  const loaded = tab.page.waitForEvent("load");
  await tab.page.evaluate(() => location.reload()).catch(() => {});
  await loaded;
  await waitFor("the reloaded document", async () =>
    (await tab.page.evaluate(() => window.e2eOldDocument !== true)) || pending("still the old document"),
  );
  await mounted(tab);
}

const recorded = (tab) => tab.page.evaluate(() => ({ events: window.e2e.events, history: window.e2e.history }));

/** Waits for `widgets` x 3 loaded events and every card ready; returns the record. */
async function allReady(tab, widgets = 1, { timeoutMs } = {}) {
  return waitFor(
    `${widgets * 3} loaded events and ${widgets * 3} ready cards`,
    async () => {
      const rec = await recorded(tab);
      const loaded = rec.events.filter((e) => e.type === "defender-scores:loaded").length;
      const states = Object.values(rec.history).map((h) => h.at(-1).state);
      const ready = states.filter((s) => s === "ready").length;
      if (rec.events.some((e) => e.type === "defender-scores:error")) {
        throw new Error(`an error event: ${JSON.stringify(rec.events.filter((e) => e.type === "defender-scores:error"))}`);
      }
      return loaded >= widgets * 3 && ready === widgets * 3 ? rec : pending(`${loaded} loaded events, states ${states.join(",")}`);
    },
    { timeoutMs },
  );
}

/** API calls the emulator has served since the last reset. */
const calls = async () => (await emulator("GET", "/_emulator/calls")).total;

/** Polls for `ms` that the call count stays `expected`; fails at once if it moves. A watch, not a sleep. */
async function callsStay(expected, what, ms = 500) {
  const until = Date.now() + ms;
  for (;;) {
    assertEqual(await calls(), expected, what);
    if (Date.now() >= until) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Each card's loaded event data (score or groups, and time), in card order, for comparing two views. */
const readings = (rec, host = "w0") =>
  CARDS.map((card) =>
    rec.events
      .filter((e) => e.type === "defender-scores:loaded" && e.host === host && e.detail.card === card)
      .map((e) => e.detail),
  );
/** The headline each card shows. */
const scores = (rec, host = "w0") => Object.fromEntries(CARDS.map((card) => [card, rec.history[`${host}:${card}`]?.at(-1).score]));

/** Storage of the tab: entries of sessionStorage and localStorage. */
const storageOf = (tab) =>
  tab.page.evaluate(() => ({ session: Object.entries(sessionStorage), local: Object.entries(localStorage) }));

/** The token is in no event, card DOM, URL, storage or console message; nothing threw. */
async function checkNoLeak(tab) {
  const places = await tab.page.evaluate(() => ({
    events: JSON.stringify(window.e2e.events),
    cardsDom: [...document.querySelectorAll("#widgets > *")].map((h) => h.shadowRoot?.innerHTML ?? "").join("\n"),
    url: location.href,
    sessionStorage: JSON.stringify(Object.entries(sessionStorage)),
    localStorage: JSON.stringify(Object.entries(localStorage)),
    cookie: document.cookie,
  }));
  places.console = JSON.stringify(tab.console);
  const signature = TOKEN.split(".")[2];
  const leaks = Object.entries(places)
    .filter(([, text]) => text.includes(TOKEN) || text.includes(signature))
    .map(([where]) => where);
  assertEqual(leaks, [], "places holding the token");
  assertEqual(tab.pageErrors, [], "uncaught page errors");
  assertEqual(tab.console.filter((m) => m.type === "error"), [], "console errors");
}

await runScenario(
  "the reading cache: a reload costs nothing",
  [
    [
      "the first view of one widget costs 3 calls; location.reload() in the same tab costs 0, with the same scores and 3 loaded events",
      async () => {
        const started = await startEmulator(["--static", site, "--demo-token", TOKEN], { quiet: true });
        stopEmulator = started.stop;
        baseUrl = started.url;
        useBaseUrl(baseUrl);
        browser = await launchBrowser();
        const context = await newContext();
        const tab = await openTab(context);
        const before = await allReady(tab);
        await callsStay(3, "calls for the first view");
        await reload(tab);
        const after = await allReady(tab);
        await callsStay(3, "calls after the reload (3 from the first view)");
        assertEqual(scores(after), scores(before), "scores shown after the reload");
        assertEqual(readings(after), readings(before), "loaded events after the reload");
        assert(Object.values(scores(after)).every((s) => s), `a card shows no score: ${JSON.stringify(scores(after))}`);
        for (const card of CARDS) {
          const states = after.history[`w0:${card}`].map((s) => s.state);
          assert(!states.includes("stale"), `the ${card} card was stale after the reload: ${states.join(" > ")}`);
        }
        await checkNoLeak(tab);
        first = { context, tab, scores: scores(before) };
        figures.one = 3;
        figures.reload = 0;
      },
    ],
    [
      "sessionStorage holds one dsc:v1| key per card and localStorage one history key, each naming the JWT's tid, and nothing holds the token",
      async () => {
        const { session, local } = await storageOf(first.tab);
        const keys = session.map(([key]) => key);
        assertEqual(keys.filter((k) => !k.startsWith(KEY_PREFIX)), [], "sessionStorage keys not starting with dsc:v1|");
        assertEqual(keys.map((k) => k.split("|").at(-1)).sort(), [...CARDS].sort(), "cards in the keys");
        for (const key of keys) {
          assert(key.includes(`|${TENANT.toLowerCase()}|`), `the key does not name the tenant: ${key}`);
        }
        const withToken = session.filter(([k, v]) => `${k}${v}`.includes(TOKEN) || `${k}${v}`.includes(TOKEN.split(".")[2]));
        assertEqual(withToken, [], "sessionStorage entries holding the token");
        // localStorage holds only the trend's history: one key naming the tenant, no token.
        const history = local.filter(([k]) => k.startsWith("dsc:v1:history|"));
        assertEqual(local.filter(([k]) => k.startsWith("dsc:") && !k.startsWith("dsc:v1:history|")), [], "reading-cache entries in localStorage (the default is sessionStorage)");
        assertEqual(history.map(([k]) => k.split("|").at(-1)), [TENANT.toLowerCase()], "history keys");
        const historyWithToken = history.filter(([k, v]) => `${k}${v}`.includes(TOKEN) || `${k}${v}`.includes(TOKEN.split(".")[2]));
        assertEqual(historyWithToken, [], "history entries holding the token");
      },
    ],
    [
      "five widgets on one page cost 3 calls in all; a reload costs 0",
      async () => {
        await emulator("POST", "/_emulator/reset");
        const tab = await openTab(await newContext(), "widgets=5");
        const before = await allReady(tab, 5);
        await callsStay(3, "calls for five widgets");
        await reload(tab);
        const after = await allReady(tab, 5);
        await callsStay(3, "calls after reloading five widgets (3 from the first view)");
        for (const host of ["w0", "w1", "w2", "w3", "w4"]) {
          assertEqual(scores(after, host), scores(before, host), `${host}'s scores after the reload`);
        }
        await checkNoLeak(tab);
        await tab.context.close();
        figures.five = 3;
        figures.fiveReload = 0;
      },
    ],
    [
      "a new tab in the same browser starts with an empty sessionStorage: 3 calls",
      async () => {
        await emulator("POST", "/_emulator/reset");
        const tab = await openTab(first.context);
        await allReady(tab);
        await callsStay(3, "calls for the new tab");
        assertEqual((await storageOf(first.tab)).session.length, 3, "the first tab's sessionStorage entries");
        await checkNoLeak(tab);
        await first.context.close();
        figures.newTab = 3;
      },
    ],
    [
      'cache: "off" stores nothing and a reload costs 3 calls',
      async () => {
        await emulator("POST", "/_emulator/reset");
        const tab = await openTab(await newContext(), "cache=off");
        await allReady(tab);
        await callsStay(3, "calls for the first view");
        assertEqual((await storageOf(tab)).session, [], "sessionStorage with cache off");
        await reload(tab);
        await allReady(tab);
        await callsStay(6, "calls after the reload with cache off (3 + 3)");
        await checkNoLeak(tab);
        await tab.context.close();
        figures.off = 3;
      },
    ],
    [
      "cacheSeconds: 1, once the readings are older than 1 s: a reload shows them stale at once, then ready, for 3 calls",
      async () => {
        await emulator("POST", "/_emulator/reset");
        const tab = await openTab(await newContext(), "cacheSeconds=1");
        const before = await allReady(tab);
        await callsStay(3, "calls for the first view");
        await waitFor(
          "every stored reading to be older than 1 s",
          async () => {
            const age = await tab.page.evaluate(() => {
              const received = Object.values(sessionStorage).map((v) => JSON.parse(v).receivedMs);
              return received.length === 3 ? Date.now() - Math.max(...received) : null;
            });
            return age > 1000 || pending(`youngest reading ${age} ms old`);
          },
          { timeoutMs: 5000, intervalMs: 50 },
        );
        // The revalidation is held back 1.5 s, so the stale state can be seen.
        await emulator("POST", "/_emulator/faults", { passThrough: true, delayMs: 1500, times: 3 });
        await reload(tab);
        const after = await allReady(tab, 1, { timeoutMs: 10_000 });
        await callsStay(6, "calls after the reload (3 + 3)");
        for (const card of CARDS) {
          const history = after.history[`w0:${card}`];
          const states = history.map((s) => s.state).filter((s, i, all) => i === 0 || all[i - 1] !== s);
          assert(
            ["stale,ready", "loading,stale,ready"].includes(states.join(",")),
            `the ${card} card went ${states.join(" > ")}; expected stale, then ready`,
          );
          const stale = history.find((s) => s.state === "stale");
          assertEqual(stale.score, scores(before)[card], `the ${card} card's score while stale`);
          const [loaded] = after.events.filter((e) => e.type === "defender-scores:loaded" && e.detail.card === card);
          assert(loaded.at - stale.at >= 1000, `the ${card} card's loaded event came ${Math.round(loaded.at - stale.at)} ms after it was stale; the answer was held 1.5 s`);
        }
        await checkNoLeak(tab);
        await tab.context.close();
        figures.expired = 3;
        console.log(
          `  cache: calls per view 1 widget ${figures.one}, 5 widgets ${figures.five}, reload ${figures.reload} ` +
            `(5 widgets ${figures.fiveReload}), new tab ${figures.newTab}, reload with cache off ${figures.off}, ` +
            `reload after cacheSeconds ${figures.expired} (stale first)`,
        );
      },
    ],
  ],
  async () => {
    await browser?.close();
    await stopEmulator();
  },
);

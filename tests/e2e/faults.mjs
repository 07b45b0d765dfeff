// Fault sequences through mount(): the emulator answers with 5xx schedules,
// a permanent 503, a 429 with Retry-After, a redirect to another origin, a
// connection dropped mid-body, a drip slower than the 15 s request timeout,
// an HTML page instead of JSON, and a schedule across all three endpoints
// while five widgets share requests. Each case has its own emulator and its
// own browser context (so no case sees another's cache or faults), and the
// cases run side by side: the whole script takes about as long as its
// slowest case (the permanent 503: four tries over up to 14 s, then a 10 s
// watch that nothing more is asked).
//
// For every case: each defender-scores:error event has `card`, a numeric
// `status` (0 when no HTTP answer came) and a non-empty `message`; the token
// is in no event, DOM, URL, storage, cookie or console message; nothing
// throws uncaught. pages/faults.js records events and each card's state
// history as it happens (a MutationObserver), so short states are seen.

import http from "node:http";

import { assert, assertEqual, launchBrowser, pending, waitFor } from "./harness.mjs";
import { startEmulator } from "./support/processes.mjs";

const site = process.env.E2E_SITE_DIR;
if (!site || !process.env.E2E_EMULATOR) {
  console.error("E2E_SITE_DIR and E2E_EMULATOR are not set; run the e2e tests with `cargo xtask test`");
  process.exit(2);
}

/** The only token the emulators accept; distinctive, so a leak cannot be a coincidence. */
const TOKEN = "e2e-faults-token-8d41c7f2";
const CARDS = ["exposure", "device", "groups"];
/** The emulator's endpoint name for each card, as `/_emulator/calls` counts them. */
const ENDPOINT = { exposure: "exposureScore", device: "configurationScore", groups: "ByMachineGroups" };
/** Deadline for one case. */
const CASE_MS = 60_000;
/** Timing slack for a loaded machine (two CPUs, eight pages at once). */
const SLACK_MS = 1_500;
/** What the error text says while an automatic retry is scheduled. */
const RETRY_NOTE = /The card will try again in \d+ seconds?\./;

const stops = [];
const figures = {};
let browser;

/** Starts an emulator of this case's own, serving the pages; stopped at the end of the run. */
async function ownEmulator() {
  const started = await startEmulator(["--static", site, "--demo-token", TOKEN], { quiet: true });
  stops.push(started.stop);
  return started.url;
}

/** Calls an emulator's control API from node. */
async function control(emu, method, pathname, body) {
  const response = await fetch(emu + pathname, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** API calls per card (and in total) the emulator has served. */
async function callsOf(emu) {
  const { byEndpoint, total } = await control(emu, "GET", "/_emulator/calls");
  return { ...Object.fromEntries(CARDS.map((card) => [card, byEndpoint[ENDPOINT[card]]])), total };
}

/** A plain HTTP server on another loopback origin that records every request it gets. */
async function otherOrigin() {
  const hits = [];
  const server = http.createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(204, { "access-control-allow-origin": "*" });
    response.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  stops.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { url: `http://127.0.0.1:${server.address().port}`, hits };
}

/**
 * Opens pages/faults.html?`query` on `emu` in a fresh context (empty storage),
 * with the token given to the page by an init script, requests to any origin
 * but `emu` and `allowOrigins` blocked and recorded; waits for mount().
 */
async function openCase(emu, query = "", { allowOrigins = [] } = {}) {
  const context = await browser.newContext();
  await context.addInitScript((token) => {
    window.e2eToken = token;
  }, TOKEN);
  const allowed = new Set([emu, ...allowOrigins].map((o) => new URL(o).origin));
  const c = { emu, context, console: [], pageErrors: [], foreignRequests: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed.has(new URL(url).origin)) return route.continue();
    c.foreignRequests.push(url);
    return route.abort("blockedbyclient");
  });
  c.page = await context.newPage();
  c.page.on("console", (m) => c.console.push({ type: m.type(), text: m.text() }));
  c.page.on("pageerror", (error) => c.pageErrors.push(String(error)));
  await c.page.goto(`${emu}/faults.html${query ? `?${query}` : ""}`);
  await waitFor("mount() to return", async () => {
    const state = await c.page.evaluate(() => ({ mounted: window.e2e?.mounted, failure: window.e2e?.failure }));
    if (state.failure) return pending(`mount failed: ${state.failure}`);
    return state.mounted || pending("not mounted yet");
  });
  return c;
}

/** The page's record: events and state histories (see pages/faults.js). */
const recorded = (c) => c.page.evaluate(() => ({ events: window.e2e.events, history: window.e2e.history }));

/** Events of `type` ("loaded" | "error") for `card` (and host `w0` unless given). */
const eventsOf = (rec, type, card, host = "w0") =>
  rec.events.filter((e) => e.type === `defender-scores:${type}` && e.detail.card === card && e.host === host);

/** The latest visible state of a card. */
const latest = (rec, card, host = "w0") => rec.history[`${host}:${card}`]?.at(-1);

const describe = (s) => (s ? `data-state="${s.state}"${s.error ? ` data-error="${s.error}"` : ""}` : "no card");

/** Waits until `card` (on `host`) shows `state` (and `error`, when given); returns the page's record. */
async function waitForState(c, card, state, { error, host = "w0", timeoutMs = 15_000 } = {}) {
  return waitFor(
    `the ${card} card of ${host} to be data-state="${state}"${error ? ` data-error="${error}"` : ""}`,
    async () => {
      const rec = await recorded(c);
      const now = latest(rec, card, host);
      return now?.state === state && (error === undefined || now.error === error) ? rec : pending(describe(now));
    },
    { timeoutMs },
  );
}

/** Waits until the other cards (all but `except`) are ready on every host in `hosts`. */
async function waitForOthersReady(c, except, hosts = ["w0"]) {
  for (const host of hosts) {
    for (const card of CARDS.filter((k) => !except.includes(k))) await waitForState(c, card, "ready", { host });
  }
}

/** The states a card went through, as "state/error" strings with repeats merged. */
const path = (rec, card, host = "w0") =>
  (rec.history[`${host}:${card}`] ?? [])
    .map((s) => (s.error ? `${s.state}/${s.error}` : s.state))
    .filter((s, i, all) => i === 0 || all[i - 1] !== s);

/**
 * Every error event has `card` (a known card), a numeric `status` and a
 * non-empty `message`; `statuses` lists the status each card's errors must
 * carry (0 when no HTTP answer came).
 */
function checkErrorEvents(rec, statuses) {
  const errors = rec.events.filter((e) => e.type === "defender-scores:error");
  for (const { detail } of errors) {
    assert(CARDS.includes(detail.card), `error event card: ${JSON.stringify(detail)}`);
    assert(typeof detail.status === "number", `error event status is not a number: ${JSON.stringify(detail)}`);
    assert(typeof detail.message === "string" && detail.message.trim() !== "", `error event without a message: ${JSON.stringify(detail)}`);
    if (detail.card in statuses) {
      assert(
        [statuses[detail.card]].flat().includes(detail.status),
        `error event status for ${detail.card}: expected ${JSON.stringify(statuses[detail.card])}, got ${JSON.stringify(detail)}`,
      );
    }
  }
  return errors;
}

/** The token is nowhere the page or its user can see it, and nothing threw. */
async function checkNoLeakNoCrash(c) {
  const places = await c.page.evaluate(() => {
    const hosts = [...document.querySelectorAll("#widgets > *")];
    return {
      events: JSON.stringify(window.e2e.events),
      cardsDom: hosts.map((h) => h.shadowRoot?.innerHTML ?? "").join("\n"),
      pageDom: document.documentElement.outerHTML,
      url: location.href,
      requestUrls: performance.getEntriesByType("resource").map((e) => e.name).join("\n"),
      sessionStorage: JSON.stringify(Object.entries(sessionStorage)),
      localStorage: JSON.stringify(Object.entries(localStorage)),
      cookie: document.cookie,
    };
  });
  places.console = JSON.stringify(c.console);
  const leaks = Object.entries(places).filter(([, text]) => text.includes(TOKEN)).map(([where]) => where);
  assertEqual(leaks, [], "places holding the token");
  assertEqual(c.pageErrors, [], "uncaught page errors");
  // Chromium logs every failed request as "Failed to load resource"; anything else is the widget's.
  const otherErrors = c.console.filter((m) => m.type === "error" && !m.text.startsWith("Failed to load resource"));
  assertEqual(otherErrors, [], "console errors other than failed requests");
  assertEqual(c.foreignRequests, [], "requests to blocked origins");
}

/** Polls for `ms`; fails at once if `check` throws. A watch over a window, not a sleep. */
async function holdsFor(ms, check) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await check();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await check();
}

// ---------------------------------------------------------------- the cases

async function serverErrorsRecoverByBackoff() {
  const emu = await ownEmulator();
  await control(emu, "POST", "/_emulator/faults", {
    endpoint: "exposureScore",
    schedule: [{ status: 500 }, { status: 500 }, { passThrough: true }],
  });
  const c = await openCase(emu);
  const rec = await waitForState(c, "exposure", "ready", { timeoutMs: 20_000 });
  await waitForOthersReady(c, ["exposure"]);
  assertEqual(path(rec, "exposure"), ["loading", "error/server", "ready"], "the exposure card's states");
  const firstError = rec.history["w0:exposure"].find((s) => s.state === "error");
  assert(RETRY_NOTE.test(firstError.text ?? ""), `the error text does not say when it tries again: ${JSON.stringify(firstError.text)}`);
  assertEqual((await callsOf(emu)).exposure, 3, "calls to exposureScore");
  const errors = eventsOf(rec, "error", "exposure");
  const [loaded] = eventsOf(rec, "loaded", "exposure");
  assertEqual(errors.map((e) => [e.detail.status, e.detail.error]), [[500, "server"], [500, "server"]], "error events");
  assert(loaded, "no loaded event for the exposure card");
  // Backoff: retry 1 after 1-2 s, retry 2 after 2-4 s.
  const gaps = [errors[1].at - errors[0].at, loaded.at - errors[1].at];
  assert(gaps[0] >= 1000 && gaps[0] <= 2000 + SLACK_MS, `retry 1 came ${Math.round(gaps[0])} ms after the first error`);
  assert(gaps[1] >= 2000 && gaps[1] <= 4000 + SLACK_MS, `retry 2 came ${Math.round(gaps[1])} ms after the second error`);
  figures.recovered = `${((loaded.at - errors[0].at) / 1000).toFixed(1)}s`;
  checkErrorEvents(rec, { exposure: 500 });
  await checkNoLeakNoCrash(c);
}

async function permanent503StopsAfterFourTries() {
  const emu = await ownEmulator();
  await control(emu, "POST", "/_emulator/faults", {
    endpoint: "configurationScore",
    status: 503,
    json: { error: { code: "ServiceUnavailable", message: "Down for maintenance", target: "t-503" } },
    times: "always",
  });
  const c = await openCase(emu);
  await waitForOthersReady(c, ["device"]);
  // Tries at 0, +1-2 s, +2-4 s, +4-8 s: the fourth within 14 s and a little.
  const rec = await waitFor(
    "four error events for the device card",
    async () => {
      const r = await recorded(c);
      const errors = eventsOf(r, "error", "device");
      return errors.length >= 4 ? r : pending(`${errors.length} error events, ${describe(latest(r, "device"))}`);
    },
    { timeoutMs: 14_000 + 4 * SLACK_MS },
  );
  assertEqual((await callsOf(emu)).device, 4, "calls to configurationScore after four failures");
  await holdsFor(10_000, async () => {
    const calls = (await callsOf(emu)).device;
    if (calls !== 4) throw new Error(`configurationScore was called ${calls} times; no call was expected after the fourth`);
    const now = latest(await recorded(c), "device");
    if (now.state !== "error" || now.error !== "server") throw new Error(`the device card became ${describe(now)}`);
  });
  const final = await recorded(c);
  const errors = eventsOf(final, "error", "device");
  assertEqual(errors.length, 4, "error events for the device card");
  assertEqual(
    errors.map((e) => [e.detail.status, e.detail.code, e.detail.message]),
    Array(4).fill([503, "ServiceUnavailable", "Down for maintenance"]),
    "error event status, code and message",
  );
  assertEqual(errors.map((e) => typeof e.detail.retryAfter), ["number", "number", "number", "undefined"], "retryAfter on the first three errors (a retry follows), none on the fourth");
  const gaps = errors.slice(1).map((e, i) => e.at - errors[i].at);
  const windows = [[1000, 2000], [2000, 4000], [4000, 8000]];
  gaps.forEach((gap, i) =>
    assert(gap >= windows[i][0] && gap <= windows[i][1] + SLACK_MS, `retry ${i + 1} came ${Math.round(gap)} ms after the previous error; expected ${windows[i].join("-")} ms`),
  );
  const text = latest(final, "device").text ?? "";
  assert(!RETRY_NOTE.test(text), `after the last try the card still promises a retry: ${JSON.stringify(text)}`);
  assert(final.history["w0:device"].some((s) => RETRY_NOTE.test(s.text ?? "")), "no error text ever said when it would try again");
  figures.gaveUp = `4 calls, gaps ${gaps.map((g) => (g / 1000).toFixed(1)).join("/")}s, then none in 10s`;
  checkErrorEvents(final, { device: 503 });
  await checkNoLeakNoCrash(c);
}

async function retryAfterIsRespected() {
  const emu = await ownEmulator();
  await control(emu, "POST", "/_emulator/faults", { endpoint: "exposureScore", retryAfter: 2 });
  const c = await openCase(emu);
  const rec = await waitForState(c, "exposure", "ready", { timeoutMs: 10_000 });
  await waitForOthersReady(c, ["exposure"]);
  assertEqual(path(rec, "exposure"), ["loading", "error/throttled", "ready"], "the exposure card's states");
  const throttled = rec.history["w0:exposure"].find((s) => s.error === "throttled");
  assert(/in 2 seconds/.test(throttled.text ?? ""), `the throttled text does not say when: ${JSON.stringify(throttled.text)}`);
  const [error] = eventsOf(rec, "error", "exposure");
  assertEqual([error.detail.status, error.detail.error, error.detail.retryAfter], [429, "throttled", 2], "the throttled event");
  assertEqual((await callsOf(emu)).exposure, 2, "calls to exposureScore");
  // The browser's own timings: when the 429 had arrived, and when the next request started.
  const timings = await c.page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => new URL(e.name).pathname === "/api/exposureScore")
      .map((e) => ({ start: e.startTime, end: e.responseEnd })),
  );
  assertEqual(timings.length, 2, "exposureScore requests in the page's resource timings");
  const wait = timings[1].start - timings[0].end;
  assert(wait >= 2000, `the retry started ${Math.round(wait)} ms after the 429 arrived; Retry-After said 2 s`);
  assert(wait <= 2000 + SLACK_MS, `the retry started only ${Math.round(wait)} ms after the 429`);
  figures.retryAfter = `${(wait / 1000).toFixed(2)}s`;
  checkErrorEvents(rec, { exposure: 429 });
  await checkNoLeakNoCrash(c);
}

async function redirectIsRefused() {
  const emu = await ownEmulator();
  const other = await otherOrigin();
  await control(emu, "POST", "/_emulator/faults", { endpoint: "exposureScore", redirect: `${other.url}/api/exposureScore` });
  // The other origin is let through, so a followed redirect would really reach it.
  const c = await openCase(emu, "", { allowOrigins: [other.url] });
  const rec = await waitForState(c, "exposure", "error", { error: "invalid-response" });
  await waitForOthersReady(c, ["exposure"]);
  const [error] = eventsOf(rec, "error", "exposure");
  // A manual redirect is opaque to the page: no status can be read (0).
  assertEqual([error.detail.status, error.detail.error], [0, "invalid-response"], "the redirect's error event");
  assertEqual((await callsOf(emu)).exposure, 1, "calls to exposureScore (an invalid answer is not retried)");
  assertEqual(other.hits, [], "requests that reached the other origin");
  // Control: the page can reach the other origin, so the empty list above means something.
  await c.page.evaluate((url) => fetch(`${url}/control`, { mode: "no-cors" }), other.url);
  assertEqual(other.hits, ["GET /control"], "requests at the other origin after the control fetch");
  checkErrorEvents(rec, { exposure: 0 });
  await checkNoLeakNoCrash(c);
}

async function droppedConnectionIsAnError() {
  const emu = await ownEmulator();
  await control(emu, "POST", "/_emulator/faults", { endpoint: "configurationScore", dropAfterBytes: 40 });
  const c = await openCase(emu);
  const rec = await waitFor("an error event for the device card", async () => {
    const r = await recorded(c);
    return eventsOf(r, "error", "device").length > 0 ? r : pending(describe(latest(r, "device")));
  });
  await waitForOthersReady(c, ["device"]);
  const [error] = eventsOf(rec, "error", "device");
  assert(["network", "invalid-response"].includes(error.detail.error), `the cut body gave ${JSON.stringify(error.detail)}`);
  const states = path(await recorded(c), "device");
  assert(states.includes(`error/${error.detail.error}`), `the device card never showed the error: ${states.join(" > ")}`);
  if (error.detail.error === "network") {
    // Transient: one backoff retry, which the emulator answers normally.
    const after = await waitForState(c, "device", "ready", { timeoutMs: 10_000 });
    assertEqual(path(after, "device"), ["loading", "error/network", "ready"], "the device card's states");
    assertEqual((await callsOf(emu)).device, 2, "calls to configurationScore");
  } else {
    assertEqual((await callsOf(emu)).device, 1, "calls to configurationScore (an invalid answer is not retried)");
  }
  figures.dropped = error.detail.error;
  checkErrorEvents(rec, { device: [0, 200] });
  await checkNoLeakNoCrash(c);
}

async function slowDripTimesOut() {
  const emu = await ownEmulator();
  // The groups body is ~700 bytes: 16 bytes every 500 ms takes over 20 s.
  await control(emu, "POST", "/_emulator/faults", { endpoint: "ByMachineGroups", drip: { chunkBytes: 16, everyMs: 500 } });
  const c = await openCase(emu);
  const mountedAt = await c.page.evaluate(() => window.e2e.startedAt);
  await waitForOthersReady(c, ["groups"]);
  const rec = await waitForState(c, "groups", "error", { error: "network", timeoutMs: 15_000 + 3 * SLACK_MS });
  const [error] = eventsOf(rec, "error", "groups");
  const after = error.at - mountedAt;
  assert(after >= 15_000, `the timeout came ${Math.round(after)} ms after mounting; the request timeout is 15 s`);
  assert(after <= 15_000 + 2 * SLACK_MS, `the timeout came only ${Math.round(after)} ms after mounting`);
  assertEqual([error.detail.status, error.detail.error], [0, "network"], "the timeout's error event");
  assert(/timed out/.test(error.detail.message), `the message does not say it timed out: ${error.detail.message}`);
  assertEqual(path(rec, "groups"), ["loading", "error/network"], "the groups card's states until the timeout");
  // Transient: the backoff retry is answered normally.
  await waitForState(c, "groups", "ready", { timeoutMs: 2000 + 2 * SLACK_MS });
  assertEqual((await callsOf(emu)).groups, 2, "calls to ByMachineGroups");
  figures.timeout = `${(after / 1000).toFixed(1)}s`;
  checkErrorEvents(rec, { groups: 0 });
  await checkNoLeakNoCrash(c);
}

async function htmlInsteadOfJsonIsNotRendered() {
  const emu = await ownEmulator();
  const html = "<!doctype html><html><body><h1>Sign in</h1><img src=x onerror=window.__pwned=1></body></html>";
  await control(emu, "POST", "/_emulator/faults", { endpoint: "ByMachineGroups", contentType: "text/html; charset=utf-8", body: html });
  const c = await openCase(emu);
  const rec = await waitForState(c, "groups", "error", { error: "invalid-response" });
  await waitForOthersReady(c, ["groups"]);
  const [error] = eventsOf(rec, "error", "groups");
  assertEqual([error.detail.status, error.detail.error], [200, "invalid-response"], "the HTML answer's error event");
  assert(!/<img|onerror/i.test(JSON.stringify(rec.events)), "an event carries the HTML");
  // Control: an <img src=x> of ours fails to load; by then an injected one would have run its onerror.
  const control404 = await c.page.evaluate(
    () =>
      new Promise((resolve) => {
        const img = new Image();
        img.onerror = () => resolve("error");
        img.onload = () => resolve("load");
        img.src = "x?control";
      }),
  );
  assertEqual(control404, "error", "the control image");
  const seen = await c.page.evaluate(() => {
    const root = document.getElementById("w0").shadowRoot;
    return { pwned: typeof window.__pwned, images: root.querySelectorAll("img").length, html: root.innerHTML };
  });
  assertEqual([seen.pwned, seen.images], ["undefined", 0], "window.__pwned and <img> elements in the shadow root");
  assert(!/onerror|Sign in/.test(seen.html), "the shadow root shows the HTML answer");
  assertEqual((await callsOf(emu)).groups, 1, "calls to ByMachineGroups (an invalid answer is not retried)");
  checkErrorEvents(rec, { groups: 200 });
  await checkNoLeakNoCrash(c);
}

async function fiveWidgetsShareTheFirstRound() {
  const emu = await ownEmulator();
  await control(
    emu,
    "POST",
    "/_emulator/faults",
    Object.values(ENDPOINT).map((endpoint) => ({ endpoint, schedule: [{ status: 502 }, { passThrough: true }] })),
  );
  const c = await openCase(emu, "widgets=5");
  const hosts = ["w0", "w1", "w2", "w3", "w4"];
  await waitFor("15 error events (three cards on five widgets)", async () => {
    const r = await recorded(c);
    const errors = r.events.filter((e) => e.type === "defender-scores:error");
    return errors.length >= 15 || pending(`${errors.length} error events`);
  });
  // The first round is every API request that started before the 15th error arrived: the
  // backoff retries start at least a second after their card's error, so reading the
  // emulator's count now would race with them on a busy machine.
  const firstRound = await c.page.evaluate(() => {
    const errors = e2e.events.filter((e) => e.type === "defender-scores:error").slice(0, 15);
    const last = Math.max(...errors.map((e) => e.at));
    const count = (suffix) =>
      performance
        .getEntriesByType("resource")
        .filter((r) => r.startTime <= last && new URL(r.name).pathname.endsWith(suffix)).length;
    return { exposure: count("/exposureScore"), device: count("/configurationScore"), groups: count("/ByMachineGroups") };
  });
  assertEqual([firstRound.exposure, firstRound.device, firstRound.groups], [1, 1, 1], "calls per endpoint for the first round");
  const spread = await c.page.evaluate(() => {
    const at = e2e.events.filter((e) => e.type === "defender-scores:error").slice(0, 15).map((e) => e.at);
    return Math.max(...at) - Math.min(...at);
  });
  assert(spread < 1000, `the 15 first-round errors came within ${spread} ms (shared answers arrive together)`);
  for (const host of hosts) {
    for (const card of CARDS) await waitForState(c, card, "ready", { host, timeoutMs: 2000 + 2 * SLACK_MS });
  }
  const rec = await recorded(c);
  for (const host of hosts) {
    for (const card of CARDS) assertEqual(path(rec, card, host), ["loading", "error/server", "ready"], `${host} ${card} states`);
  }
  const total = (await callsOf(emu)).total;
  figures.fiveWidgets = `first round 3 calls, ${total} until all 15 cards ready`;
  checkErrorEvents(rec, { exposure: 502, device: 502, groups: 502 });
  await checkNoLeakNoCrash(c);
}

// ---------------------------------------------------------------- the run

/**
 * Starts every case at once (each on its own emulator and context), then
 * prints one line per case in order, each with its own deadline; a failure
 * does not stop the others.
 */
async function runCases(title, cases, cleanup) {
  console.log(title);
  const began = Date.now();
  const runs = cases.map(([, run]) => {
    const started = Date.now();
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`case took longer than ${CASE_MS / 1000}s`)), CASE_MS);
    });
    return Promise.race([run(), deadline])
      .then(
        () => ({ ok: true }),
        (error) => ({ ok: false, error }),
      )
      .then((result) => {
        clearTimeout(timer);
        return { ...result, seconds: (Date.now() - started) / 1000 };
      });
  });
  let failed = 0;
  for (const [i, [name]] of cases.entries()) {
    const result = await runs[i];
    if (result.ok) {
      console.log(`  ok    ${name} (${result.seconds.toFixed(1)}s)`);
    } else {
      failed += 1;
      console.log(`  FAIL  ${name} (${result.seconds.toFixed(1)}s)`);
      console.log(`        ${String(result.error?.stack ?? result.error).split("\n").join("\n        ")}`);
    }
  }
  try {
    await cleanup();
  } catch (error) {
    console.log(`  cleanup failed: ${error}`);
  }
  const order = ["recovered", "gaveUp", "retryAfter", "dropped", "timeout", "fiveWidgets"];
  const summary = order.filter((k) => k in figures).map((k) => `${k} ${figures[k]}`).join("; ");
  console.log(`  faults: ${summary} (all cases side by side in ${((Date.now() - began) / 1000).toFixed(1)}s)`);
  console.log(`${cases.length - failed} passed, ${failed} failed, 0 skipped`);
  process.exitCode = failed ? 1 : 0;
}

browser = await launchBrowser();
await runCases(
  "fault sequences through mount(), each case on its own emulator, side by side",
  [
    ["500, 500, then a normal answer: server error shown at once, ready by itself after two backoff retries, 3 calls", serverErrorsRecoverByBackoff],
    ["a permanent 503: 4 calls with growing backoff, then none in a further 10 s; the card stays error/server", permanent503StopsAfterFourTries],
    ["429 with Retry-After 2: throttled, no request until 2 s have passed, then one retry and ready", retryAfterIsRespected],
    ["a redirect to another origin is invalid-response and nothing reaches that origin", redirectIsRefused],
    ["a connection dropped mid-body is an error state (no crash) while the other cards are ready", droppedConnectionIsAnError],
    ["a body dripping past 15 s times out as a network error (status 0), then the retry loads", slowDripTimesOut],
    ["text/html with an <img onerror> body is invalid-response; nothing of it is rendered or run", htmlInsteadOfJsonIsNotRendered],
    ["a schedule on all three endpoints with five widgets mounted: the first round is 3 calls (shared)", fiveWidgetsShareTheFirstRound],
  ],
  async () => {
    await browser?.close();
    await Promise.all(stops.map((stop) => stop()));
  },
);

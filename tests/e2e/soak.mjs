// No leaks: in headless Chromium the widget is mounted and unmounted 200
// times and refreshed 1,000 times (`await handle.refresh()`) against the
// emulator. After the last unmount no timer, interval, event listener or
// un-aborted request of the widget's survives, the shadow root is empty, and
// the JS heap plus wasm memory grew by less than 1 MB (measured after forced
// garbage collections, from a warmed-up start). pages/soak-probe.js does the
// counting; the figures are printed in one line.

import {
  assert,
  assertEqual,
  emulator,
  errorsIn,
  launchBrowser,
  openPage,
  pending,
  runScenario,
  useBaseUrl,
  waitFor,
  waitForCardState,
} from "./harness.mjs";
import { startEmulator } from "./support/processes.mjs";

const MOUNTS = 200;
const REFRESHES = 1000;
const REFRESH_ROUND = 250;
const LIMIT_BYTES = 1024 * 1024;
/** Every API call of the run fits in the quota's minute and hour windows, with room. */
const RATE_LIMIT = 20_000;

const site = process.env.E2E_SITE_DIR;
if (!site || !process.env.E2E_EMULATOR) {
  console.error("E2E_SITE_DIR and E2E_EMULATOR are not set; run the e2e tests with `cargo xtask test`");
  process.exit(2);
}

let stopEmulator = async () => {};
let browser;
let session;
let cdp;
let baseline;
let start;
const timings = {};

const probe = () => session.page.evaluate(() => window.soakProbe());

/** JS heap in use and wasm memory, after two forced garbage collections. */
async function memory() {
  for (let i = 0; i < 2; i += 1) await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const wasm = await session.page.evaluate(() => window.soak.wasmBytes());
  return { heap: usedSize, wasm };
}

/** Asserts nothing of the widget's is left running: no timer, interval, listener or request. */
async function assertNothingLeft(when) {
  await waitFor(`aborted requests to settle ${when}`, async () => {
    const { widget } = await probe();
    return widget.fetchesInFlight === 0 || pending(JSON.stringify(widget));
  });
  await cdp.send("HeapProfiler.collectGarbage");
  const { widget } = await probe();
  assertEqual(widget.pendingTimeouts, 0, `the widget's pending timeouts ${when}`);
  assertEqual(widget.liveIntervals, 0, `the widget's live intervals ${when}`);
  assertEqual(widget.listenerTypes, baseline.widget.listenerTypes, `the widget's live event listeners ${when}`);
  return widget;
}

/**
 * The refreshes, in rounds of REFRESH_ROUND (each step has a one-minute
 * deadline; a refresh takes about 40 ms here), on one widget mounted first.
 */
function refreshRounds() {
  const rounds = [];
  for (let done = 0; done < REFRESHES; done += REFRESH_ROUND) {
    const first = done + 1;
    const last = Math.min(done + REFRESH_ROUND, REFRESHES);
    rounds.push([
      `await handle.refresh() ${first} to ${last} of ${REFRESHES} on one mounted widget`,
      async () => {
        if (first === 1) {
          await session.page.evaluate(() => window.soak.mount());
          timings.refreshes = 0;
        }
        const began = Date.now();
        await session.page.evaluate((n) => window.soak.refresh(n), last - first + 1);
        timings.refreshes += Date.now() - began;
      },
    ]);
  }
  return rounds;
}

const kb = (bytes) => `${bytes >= 0 ? "+" : ""}${Math.round(bytes / 1024)} KB`;

await runScenario(
  `soak: ${MOUNTS} mounts and unmounts, ${REFRESHES} refreshes, nothing left behind`,
  [
    [
      "the page loads the module with the probe in place",
      async () => {
        const started = await startEmulator(
          ["--static", site, "--rate-limit", String(RATE_LIMIT), "--hour-rate-limit", String(RATE_LIMIT)],
          { quiet: true },
        );
        stopEmulator = started.stop;
        useBaseUrl(started.url);
        browser = await launchBrowser();
        session = await openPage(browser, "/soak.html");
        cdp = await session.context.newCDPSession(session.page);
        await waitFor("init() to finish", async () => {
          const soak = await session.page.evaluate(() => window.soak);
          if (soak?.failure) throw new Error(`init failed: ${soak.failure}`);
          return soak?.ready || pending(JSON.stringify(soak));
        });
        await cdp.send("HeapProfiler.collectGarbage");
        baseline = await probe();
      },
    ],
    [
      "the probe sees a timer, an interval, a listener and a request it is shown (so it can fail)",
      async () => {
        const seen = await session.page.evaluate(async () => {
          const timeout = setTimeout(() => {}, 60_000);
          const interval = setInterval(() => {}, 60_000);
          const listener = () => {};
          window.addEventListener("resize", listener);
          const controller = new AbortController();
          const request = fetch("/_emulator/health", { signal: controller.signal });
          const during = window.soakProbe();
          clearTimeout(timeout);
          clearInterval(interval);
          window.removeEventListener("resize", listener);
          controller.abort();
          await request.catch(() => {});
          return { during, after: window.soakProbe() };
        });
        const counted = ({ all, widget }) => [
          all.pendingTimeouts,
          all.liveIntervals,
          all.listeners - baseline.all.listeners,
          all.fetchesInFlightNotAborted,
          widget.pendingTimeouts + widget.liveIntervals + widget.listeners + widget.fetchesInFlight,
        ];
        assertEqual(counted(seen.during), [1, 1, 1, 1, 0], "timeouts, intervals, extra listeners, requests (and the widget's) while they run");
        assertEqual(counted(seen.after), [0, 0, 0, 0, 0], "the same once stopped");
      },
    ],
    [
      "unmounting while requests hang aborts them and leaves no timer or listener",
      async () => {
        await emulator("POST", "/_emulator/faults", { delayMs: 10_000, times: "always" });
        await session.page.evaluate(() => window.soak.mountOnly());
        await waitForCardState(session.page, "exposure", "loading");
        const mounted = await waitFor("three requests of the widget's in flight", async () => {
          const { widget } = await probe();
          return widget.fetchesInFlightNotAborted >= 3 ? widget : pending(JSON.stringify(widget));
        });
        assert(mounted.liveIntervals >= 1, `the mounted widget's intervals: ${JSON.stringify(mounted)}`);
        const children = await session.page.evaluate(() => window.soak.unmount());
        const { widget } = await probe();
        assertEqual(widget.fetchesInFlightNotAborted, 0, "requests in flight not aborted right after unmount");
        assertEqual(children, 0, "nodes left in the shadow root");
        await emulator("DELETE", "/_emulator/faults");
        await assertNothingLeft("after unmounting mid-load");
      },
    ],
    [
      "warm-up: a few mounts and refreshes, then the starting figures",
      async () => {
        await session.page.evaluate(async () => {
          await window.soak.cycle(5);
          await window.soak.mount();
          await window.soak.refresh(20);
          window.soak.unmount();
        });
        await assertNothingLeft("after the warm-up");
        start = { ...(await memory()), calls: (await emulator("GET", "/_emulator/calls")).total };
      },
    ],
    [
      `${MOUNTS} times: mount, wait for three ready cards, unmount`,
      async () => {
        const began = Date.now();
        const children = await session.page.evaluate((n) => window.soak.cycle(n), MOUNTS);
        timings.mounts = Date.now() - began;
        assertEqual(children, 0, "nodes left in the shadow root");
        await assertNothingLeft(`after ${MOUNTS} mounts`);
      },
    ],
    [
      `${MOUNTS} more mounts grow wasm memory by at most one page (it plateaus: nothing kept per mount)`,
      async () => {
        // Yew 0.23 keeps ~0.5 KB of every destroyed app that registered a listener: 200 mounts
        // grew wasm memory by 3-4 pages before the cards' buttons moved to one native listener.
        const before = await memory();
        await session.page.evaluate((n) => window.soak.cycle(n), MOUNTS);
        const after = await memory();
        const grew = after.wasm - before.wasm;
        assert(grew <= 65_536, `wasm memory grew by ${grew} bytes over ${MOUNTS} more mounts (at most one 64 KB page)`);
      },
    ],
    ...refreshRounds(),
    [
      `after ${REFRESHES} refreshes, unmount leaves an empty shadow root and nothing running`,
      async () => {
        const children = await session.page.evaluate(() => window.soak.unmount());
        assertEqual(children, 0, "nodes left in the shadow root");
        await assertNothingLeft(`after ${REFRESHES} refreshes`);
      },
    ],
    [
      "the JS heap plus wasm memory grew by less than 1 MB; no console errors",
      async () => {
        const end = await memory();
        const calls = (await emulator("GET", "/_emulator/calls")).total - start.calls;
        const heap = end.heap - start.heap;
        const wasm = end.wasm - start.wasm;
        console.log(
          `  soak: heap ${kb(heap)}, wasm ${kb(wasm)} (total ${kb(heap + wasm)}), ${MOUNTS} mounts in ` +
            `${(timings.mounts / 1000).toFixed(1)}s, ${REFRESHES} refreshes in ${(timings.refreshes / 1000).toFixed(1)}s, ` +
            `${calls} API calls; heap ${Math.round(end.heap / 1024)} KB, wasm ${Math.round(end.wasm / 1024)} KB at the end`,
        );
        assert(heap + wasm < LIMIT_BYTES, `grew by ${heap + wasm} bytes (heap ${heap}, wasm ${wasm}), limit ${LIMIT_BYTES}`);
        assert(calls >= 3 * REFRESHES, `only ${calls} API calls for ${REFRESHES} refreshes`);
        assertEqual(errorsIn(session), [], "console and page errors");
        assertEqual(session.foreignRequests, [], "requests to other origins");
      },
    ],
  ],
  async () => {
    await browser?.close();
    await stopEmulator();
  },
);

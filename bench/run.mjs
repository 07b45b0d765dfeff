// The browser half of `cargo xtask bench`: page loads in headless Chromium
// against the API emulator on loopback. xtask starts the emulator (serving
// pkg/ and bench/pages/ from a temporary directory) and passes:
//   BENCH_BASE_URL   the emulator, e.g. http://127.0.0.1:40123
//   BENCH_CHROMIUM   the browser binary (Debian's /usr/bin/chromium)
//   BENCH_TOOLS_DIR  the npm prefix holding playwright-core (.tools/)
//   BENCH_OUT        where to write the figures as JSON
//   BENCH_LOADS      cold page loads per page and setting (default 21)
//   BENCH_LATENCY_MS delay on every API answer for the latency series
//                    (default 150; 0 leaves it out), set in the emulator
//                    with a pass-through fault, so both pages see it alike
// Every cold load gets a new browser context (no HTTP cache, no storage);
// widget and reference loads alternate, and which of the two goes first
// alternates too. In the series at full CPU speed each context then goes on
// to the other views a viewer has: a reload of the same tab (the widget's
// reading cache answers: sessionStorage, within `cacheSeconds`). A returning
// viewer whose readings expired is the widget with `cache: "off"` in a new tab
// of a browser profile that has shown the page before: its HTTP cache warm,
// with the compiled wasm Chromium keeps beside it. That needs a profile on
// disk (a new context is off the record: Chromium keeps no compiled code for
// it), so each page gets a persistent one for that series, shown once and
// left open DWELL_MS as a viewer reads it; the widget also without its wasm
// preload (Chromium mostly compiles a preloaded wasm again, cache unread).
// Every load sums its layout shifts; the contexts are 1,200 px wide, and one
// more series of first views is 320 px wide. Host names other than loopback
// do not resolve, so nothing here can reach the internet. Exits non-zero when
// something could not be measured.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import path from "node:path";
import { CHROMIUM_ARGS as E2E_CHROMIUM_ARGS } from "../tests/e2e/support/chromium.mjs";
import { required } from "./env.mjs";

const base = required("BENCH_BASE_URL").replace(/\/$/, "");
const out = required("BENCH_OUT");
const toolsDir = process.env.BENCH_TOOLS_DIR ?? path.join(import.meta.dirname, "..", ".tools");
const loads = Number(process.env.BENCH_LOADS ?? "21");
const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? "150");
const chromiumPath = required("BENCH_CHROMIUM");
const { chromium } = createRequire(path.join(toolsDir, "package.json"))("playwright-core");

const CHROMIUM_ARGS = [
  "--headless",
  ...E2E_CHROMIUM_ARGS,
  // Only loopback resolves: the benchmark never touches the internet.
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
];
/** How long one page may take to show its cards. */
const PAGE_MS = 60_000;
const REFRESHES = 1000;
const THROTTLED = 4;
const WIDGET = "/widget.html";
const REFERENCE = "/reference.html";
/** The widget as a returning viewer whose readings expired has it: no reading cache. */
const WIDGET_NO_CACHE = "/widget.html?cache=off";
/** Every context's viewport but the narrow series'. */
const WIDE = { width: 1200, height: 800 };
/** The narrow series' viewport: a phone, or a SharePoint one-third column. */
const NARROW = { width: 320, height: 640 };
/** The widget as a returning viewer has it, without its wasm preload. */
const WIDGET_NO_CACHE_NO_PRELOAD = "/widget.html?cache=off&wasm-preload=off";
/** How long a returning viewer's first visit stays open (Chromium writes the compiled wasm within seconds). */
const DWELL_MS = 5000;
/** First views in the narrow series (layout shift varies little from one load to the next). */
const NARROW_LOADS = Math.min(loads, 7);


/** Median, quartiles and range of `values`, or null when there are none. */
function stats(values) {
  const sorted = values.filter((v) => typeof v === "number" && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const at = (q) => {
    const position = (sorted.length - 1) * q;
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: sorted[0], max: sorted.at(-1), n: sorted.length };
}

/** Total API calls the emulator has answered so far. */
async function apiCallsSoFar() {
  const response = await fetch(`${base}/_emulator/calls`);
  if (!response.ok) throw new Error(`GET /_emulator/calls answered ${response.status}`);
  const body = await response.json();
  if (typeof body.total !== "number") throw new Error(`GET /_emulator/calls has no total: ${JSON.stringify(body)}`);
  return body.total;
}

/** Delays every API answer by `ms` (the emulator's pass-through fault, for both pages alike); 0 clears it. */
async function apiLatency(ms) {
  const faults = `${base}/_emulator/faults`;
  const response =
    ms > 0
      ? await fetch(faults, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ passThrough: true, delayMs: ms, times: "always" }),
        })
      : await fetch(faults, { method: "DELETE" });
  if (!response.ok) throw new Error(`the emulator refused an API latency of ${ms} ms: ${response.status} ${await response.text()}`);
}

/** Opens `pathname` in a new context `viewport` wide (CPU slowed down `rate` times) and waits for its figures. */
async function open(browser, pathname, { rate = 1, viewport = WIDE } = {}) {
  return openIn(await browser.newContext({ viewport }), pathname, { rate });
}

/** Opens `pathname` in a new tab of `context` and waits for its figures. */
async function openIn(context, pathname, { rate = 1 } = {}) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (rate !== 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()}`);
  });
  await page.goto(base + pathname);
  const figures = await finished(page, pathname, errors);
  return { context, page, cdp, figures, errors };
}

/** The page's figures once every card is ready and painted; throws with what went wrong. */
async function finished(page, pathname, errors) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${pathname}: cards not ready within ${PAGE_MS / 1000}s`)), PAGE_MS);
  });
  try {
    const figures = await Promise.race([page.evaluate(() => window.bench.finished), deadline]);
    if (errors.length) throw new Error(`${pathname}: ${errors.join("; ")}`);
    if (figures.foreign.length) throw new Error(`${pathname} requested other origins: ${figures.foreign.join(", ")}`);
    return figures;
  } catch (error) {
    if (errors.length) throw new Error(`${error.message ?? error} (page errors: ${errors.join("; ")})`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** One cold load: figures only. */
async function coldLoad(browser, pathname, rate, viewport = WIDE) {
  const { context, figures } = await open(browser, pathname, { rate, viewport });
  await context.close();
  return figures;
}

/** A viewer's first view of one page (cold, a new context), then a reload of the same tab. */
async function firstAndReload(browser, pathname) {
  const session = await open(browser, pathname);
  await session.page.reload();
  const reload = await finished(session.page, `${pathname} (reload)`, session.errors);
  await session.context.close();
  return { first: session.figures, reload };
}

/**
 * `count` returning views of each of `pages` ({ key: pathname }), alternating: each page in
 * its own browser profile on disk, shown once and left open DWELL_MS first (the profiles
 * side by side, so they wait together), then a new tab per view.
 */
async function returningViews(pages, count) {
  const profiles = {};
  const runs = {};
  try {
    for (const [key, pathname] of Object.entries(pages)) {
      const dir = mkdtempSync(path.join(tmpdir(), "dsc-bench-profile-"));
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: chromiumPath,
        headless: true,
        timeout: 30_000,
        args: CHROMIUM_ARGS,
        viewport: WIDE,
      });
      profiles[key] = { dir, context };
      runs[key] = [];
      profiles[key].first = await openIn(context, pathname);
    }
    await new Promise((resolve) => setTimeout(resolve, DWELL_MS));
    for (const profile of Object.values(profiles)) await profile.first.page.close();
    const keys = Object.keys(pages);
    for (let i = 0; i < count; i += 1) {
      const order = keys.map((_, n) => keys[(n + i) % keys.length]);
      for (const key of order) {
        const view = await openIn(profiles[key].context, pages[key]);
        runs[key].push(view.figures);
        await view.page.close();
      }
    }
  } finally {
    for (const profile of Object.values(profiles)) {
      await profile.context.close();
      rmSync(profile.dir, { recursive: true, force: true });
    }
  }
  return runs;
}

/** Median and spread of each figure over `runs`, per page. */
function summarize(runs) {
  const pick = (key) => stats(runs.map((run) => run[key]));
  const cards = ["exposure", "device", "groups"];
  return {
    allReady: pick("allReady"),
    firstReady: pick("firstReady"),
    render: pick("render"),
    renderDom: pick("renderDom"),
    renderPainted: pick("renderPainted"),
    renderBody: pick("renderBody"),
    responseToCard: Object.fromEntries(cards.map((card) => [card, stats(runs.map((run) => run.responseToCard[card]))])),
    marks: {
      init: stats(runs.map((run) => run.marks.init)),
      firstCard: stats(runs.map((run) => run.marks.firstCard)),
      allCards: stats(runs.map((run) => run.marks.allCards)),
    },
    apiRequests: stats(runs.map((run) => run.apiRequests)),
    layoutShift: pick("layoutShift"),
  };
}

/** Both pages' summaries over their runs, the widget/reference ratios and the samples. */
function compare(widgetRuns, referenceRuns) {
  const widget = summarize(widgetRuns);
  const reference = summarize(referenceRuns);
  return {
    widget,
    reference,
    ratio: {
      allReady: widget.allReady.median / reference.allReady.median,
      firstReady: widget.firstReady.median / reference.firstReady.median,
    },
    samples: {
      widget: widgetRuns.map((r) => r.allReady),
      reference: referenceRuns.map((r) => r.allReady),
      widgetLayoutShift: widgetRuns.map((r) => r.layoutShift),
      referenceLayoutShift: referenceRuns.map((r) => r.layoutShift),
    },
    // One load's shifts of each page (the last), to see when they came and how large.
    shifts: { widget: widgetRuns.at(-1)?.layoutShifts ?? [], reference: referenceRuns.at(-1)?.layoutShifts ?? [] },
  };
}

/**
 * `count` cold loads of each page at one CPU rate, alternating; with `withViews`, each
 * context goes on to a reload and a returning viewer's view (see `views`).
 */
async function coldLoads(browser, rate, label, { withViews = false, viewport = WIDE, count = loads } = {}) {
  const runs = { widget: [], reference: [] };
  const reloads = { widget: [], reference: [] };
  const started = Date.now();
  for (let i = 0; i < count; i += 1) {
    const order = i % 2 === 0 ? ["widget", "reference"] : ["reference", "widget"];
    for (const which of order) {
      const pathname = which === "widget" ? WIDGET : REFERENCE;
      if (withViews) {
        const viewed = await firstAndReload(browser, pathname);
        runs[which].push(viewed.first);
        reloads[which].push(viewed.reload);
      } else {
        runs[which].push(await coldLoad(browser, pathname, rate, viewport));
      }
    }
  }
  const what = withViews ? "first views and reloads" : "loads";
  console.log(`    ${label}: ${count} widget and ${count} reference ${what} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  const series = { cpuRate: rate, loads: count, viewport, ...compare(runs.widget, runs.reference) };
  if (withViews) {
    series.reload = compare(reloads.widget, reloads.reference);
    const returningStarted = Date.now();
    const returning = await returningViews(
      { widget: WIDGET_NO_CACHE, reference: REFERENCE, widgetNoWasmPreload: WIDGET_NO_CACHE_NO_PRELOAD },
      count,
    );
    console.log(
      `    ${label}: ${count} returning views of each page (and of the widget without its wasm preload) in ${((Date.now() - returningStarted) / 1000).toFixed(0)}s`,
    );
    const withoutPreload = summarize(returning.widgetNoWasmPreload);
    series.returning = {
      ...compare(returning.widget, returning.reference),
      widgetNoWasmPreload: withoutPreload,
      ratioNoWasmPreload: { allReady: withoutPreload.allReady.median / summarize(returning.reference).allReady.median },
    };
  }
  return series;
}

/** API calls for one cold page view (new context), then for a reload of the same tab. */
async function callsPerView(browser, widgets) {
  const before = await apiCallsSoFar();
  const session = await open(browser, `${WIDGET}?n=${widgets}`);
  await session.page.waitForLoadState("networkidle");
  const view = (await apiCallsSoFar()) - before;
  let reload = null;
  if (widgets === 1) {
    const beforeReload = await apiCallsSoFar();
    await session.page.reload();
    await finished(session.page, `${WIDGET} (reload)`, session.errors);
    await session.page.waitForLoadState("networkidle");
    reload = (await apiCallsSoFar()) - beforeReload;
  }
  await session.context.close();
  return { view, reload };
}

/** JS heap after a full garbage collection, and the wasm memory if there is one. */
async function memory(session) {
  await session.cdp.send("HeapProfiler.collectGarbage");
  const heap = await session.cdp.send("Runtime.getHeapUsage");
  const wasm = await session.page.evaluate(() => window.bench.wasmMemoryBytes());
  return { jsHeapUsed: heap.usedSize, jsHeapTotal: heap.totalSize, wasmMemory: wasm };
}

/** Memory after load and after REFRESHES refreshes, with the calls and time those took. */
async function memoryRun(browser, pathname) {
  const session = await open(browser, pathname);
  const afterLoad = await memory(session);
  const before = await apiCallsSoFar();
  const ms = await session.page.evaluate(async (count) => {
    const started = performance.now();
    for (let i = 0; i < count; i += 1) await window.bench.refresh();
    return performance.now() - started;
  }, REFRESHES);
  const calls = (await apiCallsSoFar()) - before;
  const afterRefreshes = await memory(session);
  if (session.errors.length) throw new Error(`${pathname} during refreshes: ${session.errors.join("; ")}`);
  await session.context.close();
  return { afterLoad, afterRefreshes, refreshes: REFRESHES, refreshCalls: calls, msPerRefresh: ms / REFRESHES };
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  timeout: 30_000,
  args: CHROMIUM_ARGS,
});
try {
  const started = Date.now();
  console.log(`    Chromium ${browser.version()}, ${loads} cold loads per page and setting`);
  // Warm-up: the first page a fresh browser opens pays for starting processes.
  await coldLoad(browser, WIDGET, 1);
  await coldLoad(browser, REFERENCE, 1);
  const unthrottled = await coldLoads(browser, 1, "no throttling", { withViews: true });
  const throttled = await coldLoads(browser, THROTTLED, `${THROTTLED}x CPU throttling`);
  let latency = null;
  let narrow;
  if (latencyMs > 0) await apiLatency(latencyMs);
  try {
    if (latencyMs > 0) {
      latency = {
        apiLatencyMs: latencyMs,
        ...(await coldLoads(browser, 1, `${latencyMs} ms per API answer`, { withViews: true })),
      };
    }
    narrow = {
      apiLatencyMs: latencyMs,
      ...(await coldLoads(browser, 1, `${NARROW.width} px wide, ${latencyMs} ms per API answer`, {
        viewport: NARROW,
        count: NARROW_LOADS,
      })),
    };
  } finally {
    if (latencyMs > 0) await apiLatency(0);
  }
  console.log("    API calls per page view");
  const one = await callsPerView(browser, 1);
  const five = await callsPerView(browser, 5);
  console.log(`    memory after load and after ${REFRESHES} refreshes`);
  const widgetMemory = await memoryRun(browser, WIDGET);
  const referenceMemory = await memoryRun(browser, REFERENCE);
  const result = {
    chromium: browser.version(),
    seconds: (Date.now() - started) / 1000,
    viewports: { wide: WIDE, narrow: NARROW },
    cold: { unthrottled, throttled, latency, narrow },
    calls: { oneWidget: one.view, fiveWidgets: five.view, reload: one.reload },
    memory: { widget: widgetMemory, reference: referenceMemory },
  };
  writeFileSync(out, JSON.stringify(result, null, 2));
} catch (error) {
  console.error(`bench: could not measure: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}

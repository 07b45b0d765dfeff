// The timing probe both benchmark pages share (widget.html, reference.html).
//
// Times are `performance.now()`: milliseconds since navigation start
// (`performance.timeOrigin`). A MutationObserver on the cards' shadow roots
// notes when the first card and when every card carries data-state="ready";
// `nextFrame` is the next animation frame after that (requestAnimationFrame),
// `painted` the end of that frame (a message posted from the frame callback
// is handled once the frame is produced).
// Nothing polls: the page costs the same whether or not anyone is measuring.
// `Response.prototype.text` and `.json` are wrapped to note when each API body
// is in the page's hands (`bodies`): from the last of those to the last card in
// the DOM is the render cost alone, without the network or the body download.
// A PerformanceObserver (buffered, so from navigation on) keeps the page's
// `layout-shift` entries: `layoutShift` is the sum of those without recent
// input up to the frame that paints the ready cards (`painted`), the score
// Cumulative Layout Shift would give for that span.

/** Starts recording for `page`; the result is `window.bench`. */
export function startBench(page) {
  let finish;
  let fail;
  const bench = {
    page,
    firstReady: null,
    allReady: null,
    nextFrame: null,
    painted: null,
    cardReady: {},
    refresh: null,
    wasmMemoryBytes: () => null,
    // Resolves with the figures once every card is ready and painted.
    finished: new Promise((resolve, reject) => {
      finish = resolve;
      fail = reject;
    }),
  };
  bench.bodies = [];
  for (const method of ["text", "json"]) {
    const original = Response.prototype[method];
    Response.prototype[method] = function (...args) {
      const api = new URL(this.url, location.href).pathname.includes("/api/");
      return original.apply(this, args).then((value) => {
        if (api && bench.allReady === null) bench.bodies.push(performance.now());
        return value;
      });
    };
  }
  bench.shifts = [];
  try {
    bench.shiftObserver = new PerformanceObserver((list) => bench.shifts.push(...list.getEntries()));
    bench.shiftObserver.observe({ type: "layout-shift", buffered: true });
  } catch {
    bench.shiftObserver = null;
  }
  bench.finish = () => finish(figures(bench));
  bench.fail = (error) => fail(String(error?.stack ?? error));
  window.bench = bench;
  return bench;
}

/** Watches `roots` (shadow roots) until `expected` cards are ready. */
export function watchCards(bench, roots, expected) {
  const check = () => {
    const now = performance.now();
    let ready = 0;
    roots.forEach((root, index) => {
      for (const card of root.querySelectorAll('[data-card][data-state="ready"]')) {
        ready += 1;
        const key = `${index}:${card.getAttribute("data-card")}`;
        if (!(key in bench.cardReady)) bench.cardReady[key] = now;
      }
    });
    if (ready >= 1 && bench.firstReady === null) bench.firstReady = now;
    if (ready >= expected && bench.allReady === null) {
      bench.allReady = now;
      observer.disconnect();
      requestAnimationFrame(() => {
        bench.nextFrame = performance.now();
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          bench.painted = performance.now();
          bench.finish();
        };
        channel.port2.postMessage(null);
      });
    }
  };
  const observer = new MutationObserver(check);
  for (const root of roots) {
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
  }
  check();
}

/** Which card an API path feeds. */
function cardOf(pathname) {
  if (pathname.endsWith("/ByMachineGroups")) return "groups";
  if (pathname.endsWith("/configurationScore")) return "device";
  if (pathname.endsWith("/exposureScore")) return "exposure";
  return null;
}

/** What the benchmark reads: the times above plus the API requests' Resource Timing. */
function figures(bench) {
  const api = performance
    .getEntriesByType("resource")
    .filter((entry) => new URL(entry.name).pathname.includes("/api/"))
    .map((entry) => ({ card: cardOf(new URL(entry.name).pathname), start: entry.startTime, end: entry.responseEnd }));
  const lastResponseEnd = api.length ? Math.max(...api.map((entry) => entry.end)) : null;
  // From each card's response to that card being ready (first widget only).
  const responseToCard = {};
  for (const entry of api) {
    const ready = bench.cardReady[`0:${entry.card}`];
    if (entry.card && ready !== undefined && !(entry.card in responseToCard)) {
      responseToCard[entry.card] = ready - entry.end;
    }
  }
  // Entries queued but not yet handed to the observer's callback.
  if (bench.shiftObserver) bench.shifts.push(...bench.shiftObserver.takeRecords());
  const shifts = bench.shifts
    .filter((entry) => !entry.hadRecentInput && entry.startTime <= bench.painted)
    .map((entry) => ({ startTime: entry.startTime, value: entry.value }));
  const mark = (name) => performance.getEntriesByName(name, "mark")[0]?.startTime ?? null;
  const foreign = performance
    .getEntriesByType("resource")
    .map((entry) => entry.name)
    .filter((name) => new URL(name).origin !== location.origin);
  return {
    page: bench.page,
    firstReady: bench.firstReady,
    allReady: bench.allReady,
    nextFrame: bench.nextFrame,
    painted: bench.painted,
    lastResponseEnd,
    // Render cost: last API response to the next animation frame after the last card is ready.
    render: lastResponseEnd === null ? null : bench.nextFrame - lastResponseEnd,
    // The same without waiting for the frame: last response to the last card's DOM being ready.
    renderDom: lastResponseEnd === null ? null : bench.allReady - lastResponseEnd,
    // And to the end of that frame.
    renderPainted: lastResponseEnd === null ? null : bench.painted - lastResponseEnd,
    // Render cost alone: the last API body handed to the page (text()/json() resolved) to the
    // last card in the DOM: parsing, checking and rendering, no network.
    renderBody: bench.bodies.length ? bench.allReady - Math.max(...bench.bodies) : null,
    responseToCard,
    apiRequests: api.length,
    // Sum of the layout shifts from navigation to the frame painting the ready cards (null
    // where the browser reports none: no PerformanceObserver support for them).
    layoutShift: bench.shiftObserver ? shifts.reduce((sum, entry) => sum + entry.value, 0) : null,
    layoutShifts: shifts,
    marks: { init: mark("dsc:init"), firstCard: mark("dsc:first-card"), allCards: mark("dsc:all-cards") },
    foreign,
  };
}

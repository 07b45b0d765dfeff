// A first view that does not jump: from the mount() call until every card is
// ready, the host page does not move. On a page with a heading, the cards and a
// paragraph below (pages/layout-shift.html), with every API answer 150 ms late
// (the emulator's pass-through latency fault) so the loading cards are painted,
// at viewport widths of 320 and 1,200 px, in both layouts ("cards", the
// default, and "compact"), with the default three cards and with all four:
// - the layout shift (every "layout-shift" entry a buffered PerformanceObserver
//   reports from the mount() call on, as Core Web Vitals sum them) is 0;
// - the cards' frame (the host element) is as tall in the first frame after
//   the mount() call, in every frame while the cards load, and once they are
//   ready.
// The figures measured are printed for each view.
// The first step checks the measure itself: a page that moves once the
// readings are there (a 200 px tall block inserted above the ready cards) is
// reported as a shift.

import { assert, emulator, errorsIn, launchBrowser, openPage, pending, runScenario, waitFor } from "./harness.mjs";

/** How late every API answer comes, in ms. */
const LATENCY_MS = 150;
/** The viewport widths measured, in CSS px. */
const WIDTHS = [320, 1200];
/** The `layout` option's values. */
const LAYOUTS = ["cards", "compact"];
/** The default cards (the option left out) and every card. */
const CARD_SETS = [undefined, ["exposure", "device", "groups", "recommendations"]];

const browser = await launchBrowser();

/** Opens the page at `width`, mounts the cards, waits for every card to be ready; returns the figures. */
async function measure({ width, layout, cards, grow = false }) {
  // The viewport is the context's from the start: a resize would mark the shifts after it as input.
  const query = new URLSearchParams({ layout, ...(cards ? { cards: cards.join(",") } : {}) });
  const session = await openPage(browser, `/layout-shift.html?${query}`, { contextOptions: { viewport: { width, height: 900 } } });
  try {
    const { page } = session;
    await waitFor("the module to initialise", async () => {
      const s = await page.evaluate(() => ({ initialised: window.shift.initialised, failure: window.shift.failure }));
      if (s.failure) throw new Error(`init failed: ${s.failure}`);
      return s.initialised || pending("not yet");
    });
    await page.evaluate((options) => window.shift.mount(options), { layout, cards });
    const expected = cards?.length ?? 3;
    await waitFor(`${expected} cards ready`, async () => {
      const states = await page.evaluate(() => window.shift.frames.at(-1)?.states ?? []);
      return (states.length === expected && states.every((s) => s === "ready")) || pending(JSON.stringify(states));
    });
    if (grow) {
      // The measure's own check: the page moves after the readings came.
      await page.evaluate(() => {
        const block = document.createElement("div");
        block.style.blockSize = "200px";
        document.getElementById("scores").before(block);
      });
    }
    const total = await page.evaluate(() => window.shift.settled());
    const { shifts, frames } = await page.evaluate(() => ({ shifts: window.shift.shifts, frames: window.shift.frames }));
    const errors = errorsIn(session);
    assert(errors.length === 0, `page errors: ${errors.join("; ")}`);
    return { total, shifts, frames };
  } finally {
    await session.context.close();
  }
}

const describe = ({ width, layout, cards }) => `${width} px, ${layout}, ${cards ? "four cards" : "three cards"}`;

/** The shift sum rounded for messages, and where the shifts came from. */
const report = ({ total, shifts }) =>
  `${total.toFixed(4)}` +
  (shifts.length ? `: ${JSON.stringify(shifts.map((s) => s.sources.map((x) => `${x.node} ${x.from.join("/")} -> ${x.to.join("/")}`)))}` : "");

const steps = [
  [
    "the measure sees the page move once the cards are ready (a 200 px block inserted above them)",
    async () => {
      const figures = await measure({ width: 320, layout: "cards", cards: undefined, grow: true });
      assert(figures.total > 0.01, `a 200 px block inserted above the ready cards gave a layout shift of ${report(figures)}`);
      console.log(`        block inserted: layout shift ${figures.total.toFixed(4)}`);
    },
  ],
];

for (const width of WIDTHS) {
  for (const layout of LAYOUTS) {
    for (const cards of CARD_SETS) {
      const view = { width, layout, cards };
      steps.push([
        `${describe(view)}: layout shift 0 from mount() to ready, the frame as tall loading as ready`,
        async () => {
          const figures = await measure(view);
          const heights = figures.frames.map((f) => Math.round(f.height * 100) / 100);
          const loading = figures.frames.filter((f) => f.states.length && f.states.every((s) => s === "loading"));
          const ready = figures.frames.at(-1);
          console.log(
            `        layout shift ${figures.total.toFixed(4)}; frame ${heights[0]} px in the first frame, ` +
              `${loading.length ? Math.round(loading[0].height * 100) / 100 : "never seen"} px loading, ${Math.round(ready.height * 100) / 100} px ready`,
          );
          assert(loading.length > 0, `no frame painted with every card loading (a ${LATENCY_MS} ms API should show them): ${JSON.stringify(figures.frames)}`);
          assert(figures.total === 0, `layout shift from mount() to ready: ${report(figures)}`);
          const moved = [...new Set(heights)];
          assert(moved.length === 1, `the frame's height changed between mount() and ready: ${moved.join(" -> ")} px`);
        },
      ]);
    }
  }
}

await runScenario(
  `a first view that does not jump (API answers ${LATENCY_MS} ms late)`,
  [
    [
      `every API answer is ${LATENCY_MS} ms late`,
      async () => {
        await emulator("POST", "/_emulator/reset");
        await emulator("POST", "/_emulator/faults", { passThrough: true, delayMs: LATENCY_MS, times: "always" });
      },
    ],
    ...steps,
  ],
  async () => {
    await emulator("DELETE", "/_emulator/faults").catch(() => {});
    await browser.close();
  },
);

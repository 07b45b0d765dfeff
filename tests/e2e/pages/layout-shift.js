// The page module of layout-shift.html, for layout-shift.mjs. It loads the
// module, then waits for the test to call `window.shift.mount({ layout, cards, locale })`,
// which mounts the cards into #scores (the API is this origin, nothing cached,
// nothing refreshing by itself) and from then on records:
//   shifts   every "layout-shift" entry (PerformanceObserver, buffered) from the
//            mount() call on: { value, startTime, sources }. Those after recent
//            input count too: nothing here is input, but Chromium marks shifts
//            within 500 ms of a viewport change as such, and they must not hide.
//   frames   the host's height at each animation frame from the first after the
//            mount() call (Yew renders in microtasks, before it) until every card
//            is ready: { height, states } (states: each card's data-state)
// `window.shift.settled()` resolves after two more animation frames and a task,
// so the shifts of the last frame painted are reported, and returns the sum.

import init, { mount } from "./pkg/defender_score_cards.js";

const shift = { initialised: false, failure: null, handle: null, mountedAt: null, shifts: [], frames: [] };
window.shift = shift;

/** Describes a shifted node: its tag and classes, or the text node's parent. */
const describe = (node) => {
  const el = node?.nodeType === Node.ELEMENT_NODE ? node : node?.parentElement;
  if (!el) return String(node);
  return `${el.localName}${el.id ? `#${el.id}` : ""}${[...el.classList].map((c) => `.${c}`).join("")}`;
};

const record = (entries) => {
  for (const entry of entries) {
    if (shift.mountedAt === null || entry.startTime < shift.mountedAt) continue;
    shift.shifts.push({
      value: entry.value,
      startTime: entry.startTime,
      sources: (entry.sources ?? []).map((s) => ({
        node: describe(s.node),
        from: [s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height],
        to: [s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height],
      })),
    });
  }
};
const observer = new PerformanceObserver((list) => record(list.getEntries()));
observer.observe({ type: "layout-shift", buffered: true });

const host = () => document.getElementById("scores");
const cardStates = () => [...(host().shadowRoot?.querySelectorAll("[data-card]") ?? [])].map((c) => c.getAttribute("data-state"));
const height = () => host().getBoundingClientRect().height;

/** Records the host's height each frame until every card is ready (or 20 s passed). */
const watchFrames = () => {
  const until = performance.now() + 20_000;
  const frame = () => {
    const states = cardStates();
    shift.frames.push({ height: height(), states });
    if (performance.now() < until && !(states.length && states.every((s) => s === "ready"))) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
};

shift.mount = ({ layout = "cards", cards, locale } = {}) => {
  const options = {
    apiBase: location.origin,
    getToken: () => "demo-token",
    cache: "off",
    refreshSeconds: 0,
    layout,
  };
  if (cards) options.cards = cards;
  if (locale) options.locale = locale;
  shift.mountedAt = performance.now();
  shift.handle = mount(host(), options);
  watchFrames();
};

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

shift.settled = async () => {
  await nextFrame();
  await nextFrame();
  await new Promise((resolve) => setTimeout(resolve, 0));
  record(observer.takeRecords());
  return shift.shifts.reduce((sum, s) => sum + s.value, 0);
};

try {
  await init();
  shift.initialised = true;
} catch (error) {
  shift.failure = String(error?.stack ?? error);
}

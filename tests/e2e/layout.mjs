// Layout: the cards fit every column a SharePoint page has. For every state
// whose cards show readings (support/states.mjs: the ready states, the groups
// card alone failing, stale), at host widths of 320, 640, 960 and 1,200 px and
// in both layouts (the `layout` option: "cards", the default, and "compact"):
// - no card showing readings (data-state="ready" or "stale") has more than
//   24 px of empty space: measured inside the shadow root with
//   getBoundingClientRect, the card's box from top to bottom is covered by
//   its content (text, as the browser lays it out; buttons, pictures and
//   every element with a visible background or border, clipped by the
//   scrolling group list), and no run of the card's height with nothing in
//   it, below the content or between its parts, is taller than 24 px. (The
//   card's padding and border count as empty: 17 px with the defaults.) So a
//   card stretched to its neighbour's height fails, whether the extra space
//   ends up below its content or, with its footer pushed down, above it.
//   In the "cards" layout each card stands at its kind's frame from the first
//   frame (docs/embedding.md, "Reserve the space": room kept below a short
//   reading so nothing moves when a longer one comes): there the space below
//   the content is the frame's, and the card fails if it is taller than its
//   frame or has more than 24 px of empty space between its parts; the compact
//   recommendations card keeps its second line (20 px more) when none is active;
// - with the compact layout at 320 px, the widget (the host's content box)
//   with every card ready is at most 40 px per line tall: the shared header
//   (refresh, age), one line per card, two for the recommendations card (its
//   top recommendation below): 160 px with the three score cards, 240 px with
//   the recommendations card too.
// The first step checks the measure itself: cards at their frames pass, and a
// card made 600 px tall fails. The last checks the `layout`
// attribute: <defender-score-cards layout="compact"> is as tall as the
// compact mount() at 320 px, shorter than the cards, and becomes the cards
// when the attribute changes.

import { assert, launchBrowser, pending, runScenario, waitFor } from "./harness.mjs";
import {
  CARDS,
  LAYOUTS,
  STATES,
  WIDTHS,
  bringTo,
  describeView,
  fullView,
  pageProblems,
  showIn,
  sizes,
  stateNamed,
} from "./support/states.mjs";

/** The most empty space a card showing readings may have, in CSS px. */
const MAX_EMPTY_PX = 24;
/** The tallest one line of the compact widget may be at 320 px, in CSS px. */
const MAX_COMPACT_LINE_PX = 40;
/**
 * The tallest the compact widget may be at 320 px with `cards` ready: the shared header (with
 * two or more cards), a line per card, two for the recommendations card.
 */
const maxCompactHeight = (cards) =>
  MAX_COMPACT_LINE_PX * ((cards.length > 1 ? 1 : 0) + cards.length + (cards.includes("recommendations") ? 1 : 0));
/** The states whose cards show readings. */
const MEASURED = STATES.filter(
  (s) => s.expect.state === "ready" || s.expect.state === "stale" || Object.values(s.expect.cards ?? {}).some((c) => c.state === "ready"),
);

const browser = await launchBrowser();

/**
 * In the page: for each card showing readings, its height, the tallest run
 * of its box with no content in it (`gap`: size in px, and what it lies
 * between) and the empty space below its content (`below`); and the height
 * of the host's content box. See the top of this file for what is content.
 */
const measure = (page) =>
  page.locator("#scores").evaluate((host) => {
    const REPLACED = new Set(["svg", "img", "canvas", "input", "button", "select", "textarea", "meter", "progress", "video", "hr"]);
    const visibleColour = (c) => {
      if (!c || c === "transparent") return false;
      const parts = c.match(/[\d.]+/g);
      return !(parts && parts.length === 4 && Number(parts[3]) === 0);
    };
    const decorated = (s) =>
      visibleColour(s.backgroundColor) ||
      s.backgroundImage !== "none" ||
      s.boxShadow !== "none" ||
      ["Top", "Right", "Bottom", "Left"].some(
        (side) =>
          parseFloat(s[`border${side}Width`]) > 0 &&
          !["none", "hidden"].includes(s[`border${side}Style`]) &&
          visibleColour(s[`border${side}Color`]),
      );
    const name = (el) => `${el.localName}${[...el.classList].map((c) => `.${c}`).join("")}`;
    const measureCard = (card) => {
      const box = card.getBoundingClientRect();
      const within = (el) => {
        const chain = [];
        for (let a = el; a && a !== card; a = a.parentElement) chain.push(a);
        return chain;
      };
      // Hidden, or visually hidden (a 1 px clipped box for screen readers only).
      const hidden = (el) =>
        within(el).some((a) => {
          const s = getComputedStyle(a);
          if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) return true;
          const r = a.getBoundingClientRect();
          const clipped = s.overflowX !== "visible" || s.clipPath !== "none" || (s.clip && s.clip !== "auto");
          return s.display !== "contents" && r.width <= 1 && r.height <= 1 && clipped;
        });
      // What of a rect the scrolling (or clipping) boxes from `inside` up to the card let show.
      const clip = (inside, rect) => {
        let [top, bottom] = [rect.top, rect.bottom];
        for (const a of within(inside)) {
          const s = getComputedStyle(a);
          if (s.overflowX !== "visible" || s.overflowY !== "visible") {
            const r = a.getBoundingClientRect();
            top = Math.max(top, r.top);
            bottom = Math.min(bottom, r.bottom);
          }
        }
        return [top, bottom];
      };
      const spans = [];
      // Content drawn at `rect`, inside `inside` (the text's element, or the element's parent).
      const add = (inside, rect, what) => {
        if (rect.width <= 0 || rect.height <= 0) return;
        const [top, bottom] = clip(inside, rect);
        if (bottom > top) spans.push({ top, bottom, what });
      };
      const walk = (el) => {
        for (const node of el.childNodes) {
          if (node.nodeType === Node.TEXT_NODE) {
            if (!node.textContent.trim() || hidden(el)) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const rect of range.getClientRects()) add(el, rect, `text in ${name(el)}`);
          } else if (node.nodeType === Node.ELEMENT_NODE && !hidden(node)) {
            if (REPLACED.has(node.localName) || decorated(getComputedStyle(node))) add(el, node.getBoundingClientRect(), name(node));
            if (node.localName !== "svg") walk(node);
          }
        }
      };
      walk(card);
      spans.sort((a, b) => a.top - b.top);
      let reach = box.top;
      let last = "the card's top edge";
      let gap = { px: 0, between: "" };
      for (const span of spans) {
        if (span.top - reach > gap.px) gap = { px: span.top - reach, between: `${last} and ${span.what}` };
        if (span.bottom > reach) [reach, last] = [span.bottom, span.what];
      }
      const inner = { px: Math.round(gap.px * 10) / 10, between: gap.between };
      const below = box.bottom - reach;
      if (below > gap.px) gap = { px: below, between: `${last} and the card's bottom edge` };
      return {
        card: card.getAttribute("data-card"),
        state: card.getAttribute("data-state"),
        height: Math.round(box.height),
        gap: { px: Math.round(gap.px * 10) / 10, between: gap.between },
        inner,
        below: Math.round(below * 10) / 10,
      };
    };
    const style = getComputedStyle(host);
    const hostBox = host.getBoundingClientRect();
    const edges = ["paddingTop", "paddingBottom", "borderTopWidth", "borderBottomWidth"].reduce((sum, p) => sum + parseFloat(style[p]), 0);
    return {
      widgetHeight: Math.round((hostBox.height - edges) * 10) / 10,
      cards: [...host.shadowRoot.querySelectorAll("[data-card]")]
        .filter((card) => ["ready", "stale"].includes(card.getAttribute("data-state")))
        .map(measureCard),
    };
  });

/**
 * The frame of each card in the "cards" layout at the default font size (docs/embedding.md,
 * "Reserve the space"): it stands at this height from the first frame, whatever its readings.
 */
const FRAME_PX = { exposure: 196, device: 196, groups: 448, recommendations: 448 };
/**
 * The line the compact recommendations card keeps for its top recommendation from the first
 * frame (50 px, not 30): empty when none is active.
 */
const COMPACT_SECOND_LINE_PX = 20;

/**
 * The cards of `measured` with more empty space than allowed, as sentences. In the compact
 * layout a card is as tall as its line: no run of it, below its content included, is empty
 * for more than MAX_EMPTY_PX. In the "cards" layout a card stands at its kind's frame, which
 * keeps room below a short reading (one line of meaning, no trend, few groups) so that nothing
 * moves when a longer one comes: there, no run between its parts is that empty, and no card is
 * taller than its frame. The compact recommendations card keeps its second line.
 */
const tooEmpty = (measured, view) =>
  measured.cards.flatMap((c) => {
    const framed = view.layout === "cards";
    const gap = framed ? c.inner : c.gap;
    const allowed = MAX_EMPTY_PX + (!framed && c.card === "recommendations" ? COMPACT_SECOND_LINE_PX : 0);
    const found = [];
    if (gap.px > allowed) {
      found.push(`${describeView(view)}: the ${c.card} card (${c.height} px tall) has ${gap.px} px of empty space between ${gap.between}`);
    }
    if (framed && c.height > FRAME_PX[c.card]) {
      found.push(`${describeView(view)}: the ${c.card} card is ${c.height} px tall, more than its ${FRAME_PX[c.card]} px frame`);
    }
    return found;
  });

/** Whether every card of `state` shows readings when ready, for the compact height. */
const allReady = (state) => state.expect.state === "ready" && !state.expect.cards;

/** The height of the content box of the host `selector` (#scores, or the element #element), in CSS px. */
const hostHeight = (page, selector) =>
  page.locator(selector).evaluate((host) => {
    const style = getComputedStyle(host);
    const edges = ["paddingTop", "paddingBottom", "borderTopWidth", "borderBottomWidth"].reduce((sum, p) => sum + parseFloat(style[p]), 0);
    return Math.round((host.getBoundingClientRect().height - edges) * 10) / 10;
  });

/** How many cards in the shadow root of `selector` are ready. */
const readyCards = (page, selector) =>
  page
    .locator(selector)
    .evaluate((host) => [...(host.shadowRoot?.querySelectorAll('[data-card][data-state="ready"][aria-busy="false"]') ?? [])].length);

const layoutAttribute = [
  '<defender-score-cards layout="compact"> at 320 px is as tall as mount({ layout: "compact" }) and shorter than the cards; layout="cards" makes it the cards',
  async () => {
    const state = stateNamed("ready-medium");
    const session = await bringTo(browser, state, fullView({ width: 320 }));
    try {
      const cardsHeight = await hostHeight(session.page, "#scores");
      await showIn(session, state, fullView({ width: 320, layout: "compact" }));
      const compactHeight = await hostHeight(session.page, "#scores");
      await session.page.evaluate(() => window.states.element({ layout: "compact", width: 320 }));
      const near = (a, b) => Math.abs(a - b) <= 1;
      const elementIs = (height, what) =>
        waitFor(`the element, its ${CARDS.length} cards ready, ${height} px tall (${what})`, async () => {
          const ready = await readyCards(session.page, "#element");
          const now = await hostHeight(session.page, "#element");
          return ready === CARDS.length && near(now, height) ? now : pending(`${ready} cards ready, ${now} px tall`);
        });
      await elementIs(compactHeight, 'layout="compact", as mount() compact');
      await session.page.locator("#element").evaluate((element) => element.setAttribute("layout", "cards"));
      await elementIs(cardsHeight, 'layout="cards", as mount() cards');
      console.log(`        at 320 px: cards ${cardsHeight} px, compact ${compactHeight} px, the element the same in each`);
      assert(compactHeight < cardsHeight, `the compact layout (${compactHeight} px) is not shorter than the cards (${cardsHeight} px) at 320 px`);
      const problems = pageProblems(session);
      assert(problems.length === 0, problems.join("; "));
    } finally {
      await session.context.close();
    }
  },
];

const measureItself = [
  `the measure: at 320 px (one column, each card at its frame) no ready card has more than ${MAX_EMPTY_PX} px of empty space between its parts; a card made 600 px tall fails`,
  async () => {
    const state = stateNamed("ready-medium");
    const view = fullView({ width: 320 });
    const session = await bringTo(browser, state, view);
    try {
      const fitting = await measure(session.page);
      assert(fitting.cards.length === CARDS.length, `measured ${fitting.cards.length} cards, not ${CARDS.length}`);
      const problems = tooEmpty(fitting, view);
      assert(problems.length === 0, `cards in one column, each at its frame, measured as too empty:\n${problems.join("\n")}`);
      console.log(`        empty space between the parts of each card: ${fitting.cards.map((c) => `${c.card} ${c.inner.px} px`).join(", ")}`);
      await session.page.locator("#scores").evaluate((host) => {
        const style = document.createElement("style");
        style.textContent = '[data-card="exposure"] { min-height: 600px; box-sizing: border-box; }';
        host.shadowRoot.append(style);
      });
      const stretched = await measure(session.page);
      const exposure = stretched.cards.find((c) => c.card === "exposure");
      assert(
        exposure.height >= 600 && exposure.gap.px > MAX_EMPTY_PX && tooEmpty(stretched, view).length > 0,
        `a 600 px exposure card passed the measure: ${JSON.stringify(exposure)}`,
      );
      console.log(`        made 600 px tall, the exposure card has ${exposure.gap.px} px of empty space (between ${exposure.gap.between})`);
    } finally {
      await session.context.close();
    }
  },
];

/** Every width and layout of one state: no card too empty; compact at 320 px short enough. */
const fitStep = (state) => [
  `${state.name}: no card showing readings has more than ${MAX_EMPTY_PX} px of empty space (cards: between its parts, at its frame), ${LAYOUTS.join(" and ")} at ${WIDTHS.join(", ")} px` +
    (allReady(state) ? `; compact at 320 px is at most ${maxCompactHeight(state.cards ?? CARDS)} px tall` : ""),
  async () => {
    const session = await bringTo(browser, state);
    try {
      const failures = [];
      const seen = [];
      for (const view of sizes()) {
        await showIn(session, state, view);
        const measured = await measure(session.page);
        assert(measured.cards.length > 0, `${describeView(view)}: no card shows readings`);
        failures.push(...tooEmpty(measured, view));
        const most = Math.max(...measured.cards.map((c) => (view.layout === "cards" ? c.inner : c.gap).px));
        seen.push(`${view.layout} ${view.width}: ${most} px`);
        if (allReady(state) && view.layout === "compact" && view.width === 320) {
          console.log(`        compact at 320 px: the widget is ${measured.widgetHeight} px tall`);
          const limit = maxCompactHeight(state.cards ?? CARDS);
          if (measured.widgetHeight > limit) {
            failures.push(`${describeView(view)}: the widget is ${measured.widgetHeight} px tall, more than ${limit} px`);
          }
        }
      }
      console.log(`        most empty space in a card: ${seen.join(", ")}`);
      const problems = pageProblems(session);
      assert(problems.length === 0, `${state.name}: ${problems.join("; ")}`);
      assert(failures.length === 0, `${state.name}:\n${failures.join("\n")}`);
    } finally {
      await session.context.close();
    }
  },
];

await runScenario(
  "layout: cards at their frames with nothing pushed apart, compact lines as tall as their content, in every column; the compact widget short at 320 px",
  [measureItself, ...MEASURED.map(fitStep), layoutAttribute],
  () => browser.close(),
);

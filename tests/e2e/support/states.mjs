// Brings the cards on pages/states.html into each state they can show, against
// the emulator xtask started (harness `baseUrl`), for the accessibility audit
// (a11y.mjs), the visual comparison (visual.mjs), the layout test (layout.mjs)
// and `cargo xtask screenshots` (support/screenshots.mjs).
//
// Every state is rendered the same way each time:
// - the page's clock is installed and paused at FIXED_TIME, so "Fetched now"
//   and "Fetched 3 minutes ago" never change, and no timer fires: the retries
//   a server or network error schedules stay scheduled, and the retry note
//   keeps saying the same thing;
// - Math.random is 0.5, so the backoff the note announces is always the same;
// - every error body has a fixed support reference (the emulator's own bodies
//   carry a new random GUID each time), and the data is set with
//   PUT /_emulator/tenant before each state;
// - prefers-reduced-motion is "reduce", the viewport and scale are fixed.
//
// Each state gets a fresh browser context and an emulator reset; the cards are
// then shown in each view with handle.update(), which re-renders the same
// readings without asking the API again. A view is { theme, locale, layout,
// width }:
// - theme: "light", "dark", or "strong": a SharePoint "strong" section, the
//   widget's light theme with the host's --dsc-* properties set to the theme's
//   primary colour as background and white text (pages/states.css);
// - layout: the `layout` option, "cards" (the default) or "compact";
// - width: the host element's width in CSS px (the SharePoint columns: one
//   third, one half, two thirds, full width); the page keeps a 16 px margin
//   around it, which the pictures show.

import { baseUrl, emulator, pending, waitFor } from "../harness.mjs";

/** The page clock's time: Monday 2026-11-23 09:30:00 UTC. */
export const FIXED_TIME = Date.UTC(2026, 10, 23, 9, 30, 0);
/** How far the clock moves between the stale state's reading and its failed refresh. */
const STALE_AFTER_MS = 3 * 60_000;
/** The host widths every layout is shown at: SharePoint's one-third, one-half, two-thirds and full-width columns. */
export const WIDTHS = [320, 640, 960, 1200];
/** The `layout` option's values; "cards" is the default. */
export const LAYOUTS = ["cards", "compact"];
/** The viewport every state is rendered in: wide enough for the widest host and its margin. */
export const VIEWPORT = { width: 1280, height: 900 };
/** The default cards, which every state shows unless it names its own `cards`. */
export const CARDS = ["exposure", "device", "groups"];
/** Every card: the default three and the opt-in recommendations card. */
export const ALL_CARDS = [...CARDS, "recommendations"];
/** The widget's two themes, and a SharePoint strong section (the light theme on the theme's primary colour). */
export const THEMES = ["light", "dark", "strong"];
/** English and one other language (Dutch: longer words, other number formats). */
export const LOCALES = ["en", "nl-NL"];
/** The view a state is mounted in, and the one pictures were always taken in. */
export const DEFAULT_VIEW = Object.freeze({ theme: "light", locale: "en", layout: "cards", width: 960 });

/** `view` with the defaults filled in. */
export const fullView = (view = {}) => ({ ...DEFAULT_VIEW, ...view });

/** A view, for messages: "light, en, cards, 960 px". */
export const describeView = (view) => {
  const v = fullView(view);
  return `${v.theme}, ${v.locale}, ${v.layout}, ${v.width} px`;
};

/**
 * Every width in both layouts, in `theme` and `locale`: the eight ways a
 * column can show the cards.
 */
export const sizes = (theme = "light", locale = "en") =>
  LAYOUTS.flatMap((layout) => WIDTHS.map((width) => fullView({ theme, locale, layout, width })));

/** A documented OData error body with a fixed support reference. */
const odataError = (code, message, status) => ({
  error: { code, message, target: `00000000-0000-4000-8000-000000000${status}` },
});

/** A fault on every endpoint, answering every call until the next reset. */
const always = (fault) => ({ endpoint: "*", times: "always", ...fault });

const groups = (list) => list.map(([rbacGroupName, score, rbacGroupId]) => ({ rbacGroupName, score, ...(rbacGroupId ? { rbacGroupId } : {}) }));

/** The demo tenant of the emulator's README: exposure 33, device 340, six groups in every band. */
const DEMO = {
  exposureScore: 33.491554051195706,
  configurationScore: 340,
  groups: groups([
    ["GroupOne", 41.38041766305988],
    ["GroupTwo", 37.403726933165105],
    ["Finance laptops", 72.6, 3],
    ["Datacenter servers", 55.2, 4],
    ["Kiosks", 12.4, 5],
    ["Ungrouped devices (default)", 28.9, 6],
  ]),
};

/**
 * Every state, in the order they are rendered. `expect` is what every card
 * must show (data-state, and data-error); `tenant` the data served; `faults`
 * what the emulator answers instead; `mount` extra page options; `cards` the
 * cards shown (CARDS unless given); `then` what happens after the cards first
 * reach `first` (the stale state's failed refresh).
 */
export const STATES = [
  {
    name: "loading",
    title: "loading: the first requests are under way",
    tenant: DEMO,
    faults: [always({ passThrough: true, delayMs: 600_000 })],
    expect: { state: "loading" },
  },
  {
    name: "ready-low",
    title: "ready, low exposure",
    tenant: {
      exposureScore: 18.2,
      configurationScore: 512,
      groups: groups([
        ["Kiosks", 12.4, 5],
        ["Branch offices", 24.9, 7],
        ["Ungrouped devices (default)", 8.1, 6],
      ]),
    },
    expect: { state: "ready" },
  },
  { name: "ready-medium", title: "ready, medium exposure (the demo tenant)", tenant: DEMO, expect: { state: "ready" } },
  {
    name: "ready-high",
    title: "ready, high exposure",
    tenant: {
      exposureScore: 78.4,
      configurationScore: 120,
      groups: groups([
        ["Finance laptops", 86.1, 3],
        ["Datacenter servers", 55.2, 4],
        ["Kiosks", 12.4, 5],
      ]),
    },
    expect: { state: "ready" },
  },
  {
    name: "ready-many-groups",
    title: "ready, 40 device groups (the list scrolls)",
    tenant: {
      exposureScore: 47.5,
      configurationScore: 275,
      groups: groups(Array.from({ length: 40 }, (_, i) => [`Site ${String(i + 1).padStart(2, "0")}`, (i * 37) % 100, i + 10])),
    },
    expect: { state: "ready" },
  },
  {
    name: "ready-empty",
    title: "ready, no device groups",
    tenant: { exposureScore: 0, configurationScore: 0, groups: [] },
    expect: { state: "ready" },
  },
  {
    name: "ready-trend",
    title: "ready, with three weeks of kept readings: sparklines, the change since a week ago, a group that rose",
    tenant: DEMO,
    history: trendHistory(),
    trend: true,
    expect: { state: "ready" },
  },
  {
    name: "unauthorized",
    title: "error: unauthorized (401 twice, with forceRefresh between)",
    tenant: DEMO,
    faults: [
      always({
        status: 401,
        headers: { "WWW-Authenticate": "Bearer" },
        json: odataError("Unauthorized", "Authorization has been denied for this request.", 401),
      }),
    ],
    expect: { state: "error", error: "unauthorized" },
  },
  {
    name: "sign-in",
    title: "error: unauthorized, MSAL needs the user (the Sign in button)",
    tenant: DEMO,
    mount: { signIn: true },
    expect: { state: "error", error: "unauthorized" },
  },
  {
    name: "forbidden",
    title: "error: forbidden (403)",
    tenant: DEMO,
    faults: [always({ status: 403, json: odataError("Forbidden", "The application does not have the Score.Read permission.", 403) })],
    expect: { state: "error", error: "forbidden" },
  },
  {
    name: "forbidden-groups",
    title: "error on one card only: the groups card forbidden (403), the other two ready (no message shared)",
    tenant: DEMO,
    faults: [
      always({
        endpoint: "ByMachineGroups",
        status: 403,
        json: odataError("Forbidden", "The application does not have the Score.Read permission.", 403),
      }),
    ],
    expect: { state: "ready", cards: { groups: { state: "error", error: "forbidden" } } },
  },
  {
    name: "not-found",
    title: "error: not found (404)",
    tenant: DEMO,
    faults: [always({ status: 404, json: odataError("ResourceNotFound", "No resource was found that matches the request path.", 404) })],
    expect: { state: "error", error: "not-found" },
  },
  {
    name: "throttled",
    title: "error: throttled (429, Retry-After: 30)",
    tenant: DEMO,
    faults: [always({ retryAfter: 30, json: odataError("TooManyRequests", "Rate limit is exceeded. Try again in 30 seconds.", 429) })],
    expect: { state: "error", error: "throttled" },
  },
  {
    name: "server",
    title: "error: server (500), a retry scheduled",
    tenant: DEMO,
    faults: [always({ status: 500, json: odataError("InternalServerError", "Something went wrong.", 500) })],
    expect: { state: "error", error: "server" },
  },
  {
    name: "network",
    title: "error: network (the connection drops mid-body), a retry scheduled",
    tenant: DEMO,
    faults: [always({ dropAfterBytes: 40 })],
    expect: { state: "error", error: "network" },
  },
  {
    name: "invalid-response",
    title: "error: invalid response (JSON that does not parse)",
    tenant: DEMO,
    faults: [always({ malformed: true })],
    expect: { state: "error", error: "invalid-response" },
  },
  {
    name: "stale",
    title: "stale: a reading 3 minutes old, the refresh failed (503)",
    tenant: DEMO,
    first: { state: "ready" },
    then: async (session) => {
      await session.page.clock.setSystemTime(FIXED_TIME + STALE_AFTER_MS);
      await emulator("POST", "/_emulator/faults", always({ status: 503, json: odataError("ServiceUnavailable", "The service is busy.", 503) }));
      await session.page.evaluate(() => window.states.handle.refresh());
    },
    expect: { state: "stale" },
  },
  {
    name: "recommendations",
    title: "four cards: the recommendations card ready, the demo tenant's top 5 of 15 active",
    tenant: DEMO,
    cards: ALL_CARDS,
    mount: { cards: ALL_CARDS },
    expect: { state: "ready" },
  },
  {
    name: "recommendations-none",
    title: "four cards: no active recommendation",
    tenant: { ...DEMO, recommendations: [] },
    cards: ALL_CARDS,
    mount: { cards: ALL_CARDS },
    expect: { state: "ready" },
  },
  {
    name: "recommendations-forbidden",
    title: "four cards: the recommendations card forbidden (403, no SecurityRecommendation.Read), the score cards ready",
    tenant: DEMO,
    faults: [
      always({
        endpoint: "recommendations",
        status: 403,
        json: odataError("Forbidden", "The application does not have the SecurityRecommendation.Read permission.", 403),
      }),
    ],
    cards: ALL_CARDS,
    mount: { cards: ALL_CARDS },
    expect: { state: "ready", cards: { recommendations: { state: "error", error: "forbidden" } } },
  },
  {
    name: "recommendations-loading",
    title: "four cards: the recommendations still loading, the score cards ready",
    tenant: DEMO,
    faults: [always({ endpoint: "recommendations", passThrough: true, delayMs: 600_000 })],
    cards: ALL_CARDS,
    mount: { cards: ALL_CARDS },
    expect: { state: "ready", cards: { recommendations: { state: "loading" } } },
  },
];

/**
 * Three weeks of kept readings as the widget stores them (model/history/mod.rs: a
 * JSON array of records `{ timeMs, exposure, device, groups: [[name, score], ...] }`,
 * scores in hundredths), ending a day before FIXED_TIME: exposure falling from 45
 * (better), the device score rising, "Finance laptops" rising to the demo tenant's 72.6.
 */
function trendHistory() {
  const day = 86_400_000;
  const h = (x) => Math.round(x * 100) / 100;
  const records = [];
  for (let i = 0; i < 10; i += 1) {
    const f = i / 9;
    const groups = [
      ["Finance laptops", 64 + 5 * f],
      ["Datacenter servers", 58 - 2 * f],
      ["GroupOne", 44 - 2 * f],
      ["GroupTwo", 35 + f],
      ["Ungrouped devices (default)", 30 - f],
      ["Kiosks", 14 - f],
    ];
    records.push({
      timeMs: FIXED_TIME - (19 - 2 * i) * day,
      exposure: h(45 - 10 * f + (i % 3) * 1.5),
      device: h(300 + 30 * f),
      groups: groups.map(([name, score]) => [name, h(score)]),
    });
  }
  return JSON.stringify(records);
}

/** The state named `name`. */
export function stateNamed(name) {
  const state = STATES.find((s) => s.name === name);
  if (!state) throw new Error(`no state "${name}"; known: ${STATES.map((s) => s.name).join(", ")}`);
  return state;
}

/**
 * Opens pages/states.html in a fresh context with the fixed clock, scale,
 * viewport and reduced motion; records console errors, uncaught errors and
 * requests to other origins (blocked). Resolves once the module is initialised.
 */
export async function openStatesPage(browser, { reducedMotion = "reduce" } = {}) {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    deviceScaleFactor: 1,
    reducedMotion,
    colorScheme: "light",
    locale: "en-US",
    timezoneId: "UTC",
  });
  const session = { context, page: null, console: [], pageErrors: [], foreignRequests: [] };
  const origin = new URL(baseUrl).origin;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    session.foreignRequests.push(url);
    return route.abort("blockedbyclient");
  });
  await context.addInitScript(() => {
    Math.random = () => 0.5;
    // The real timers, kept before the paused clock replaces them (this script is registered
    // first, so it runs first): for tools that must run while the page's time stands still (axe).
    window.e2eRealTimers = [setTimeout, clearTimeout, setInterval, clearInterval].map((f) => f.bind(window));
  });
  const page = await context.newPage();
  // Installed a minute early, then paused at FIXED_TIME: pauseAt may only move forward.
  await page.clock.install({ time: FIXED_TIME - 60_000 });
  await page.clock.pauseAt(FIXED_TIME);
  page.on("console", (m) => session.console.push({ type: m.type(), text: m.text() }));
  page.on("pageerror", (error) => session.pageErrors.push(String(error)));
  session.page = page;
  await page.goto(`${origin}/states.html`);
  await waitFor("states.html to initialise the module", async () => {
    const s = await page.evaluate(() => ({ ok: window.states?.initialised, failure: window.states?.failure }));
    if (s.failure) throw new Error(`init() failed: ${s.failure}`);
    return s.ok || pending("not initialised yet");
  });
  return session;
}

/** Each card's data-state / data-error, as "state/error" strings. */
export async function cardStates(page) {
  return page.evaluate(() => {
    const root = document.getElementById("scores").shadowRoot;
    if (!root) return [];
    return [...root.querySelectorAll("[data-card]")].map((c) => ({
      card: c.getAttribute("data-card"),
      state: c.getAttribute("data-state"),
      error: c.getAttribute("data-error"),
      busy: c.getAttribute("aria-busy"),
    }));
  });
}

/** What `card` must show in a state: `expect.cards[card]` if given, else `expect`. */
const expectedFor = (expect, card) => expect.cards?.[card] ?? expect;

/** Waits until every one of `shown` cards shows `expect` (and, unless loading, no card is busy). */
export async function waitForAll(page, expect, what, shown = CARDS) {
  return waitFor(`every card to be ${describe(expect)} (${what})`, async () => {
    const cards = await cardStates(page);
    const done =
      cards.length === shown.length &&
      cards.every((c) => {
        const e = expectedFor(expect, c.card);
        return (
          c.state === e.state &&
          (e.error === undefined || c.error === e.error) &&
          (e.state === "loading" || c.busy === "false")
        );
      });
    return done ? cards : pending(JSON.stringify(cards));
  });
}

const describeOne = (e) => `data-state="${e.state}"` + (e.error ? ` data-error="${e.error}"` : "");
const describe = (e) =>
  describeOne(e) +
  Object.entries(e.cards ?? {})
    .map(([card, one]) => `, the ${card} card ${describeOne(one)}`)
    .join("");

/**
 * Resets the emulator, serves `state`'s data and faults, opens the page and
 * mounts the cards in `view` (DEFAULT_VIEW unless given); resolves with the
 * session once every card shows the state.
 */
export async function bringTo(browser, state, view = DEFAULT_VIEW, pageOptions) {
  await emulator("POST", "/_emulator/reset");
  if (state.tenant) await emulator("PUT", "/_emulator/tenant", state.tenant);
  for (const fault of state.faults ?? []) await emulator("POST", "/_emulator/faults", fault);
  const session = await openStatesPage(browser, pageOptions);
  if (state.history) {
    // Where the widget keeps a tenant's readings: API base (this origin), tenant "-" (the demo token is no JWT).
    await session.page.evaluate((text) => localStorage.setItem(`dsc:v1:history|${location.origin}|-`, text), state.history);
  }
  await session.page.evaluate((options) => window.states.mount(options), { ...fullView(view), ...state.mount });
  if (state.then) {
    await waitForAll(session.page, state.first, `${state.name}, before`, state.cards);
    await state.then(session);
  }
  await waitForAll(session.page, state.expect, state.name, state.cards);
  if (state.trend) await showTrend(session);
  return session;
}

/**
 * The trend needs the locale data, loaded in a 0 ms task once every card has
 * settled: with the page clock paused, that task runs only when the clock
 * moves, so move it by 1 ms and wait for a trend on every card (in the cards
 * layout, where every card shows its sparkline).
 */
async function showTrend(session) {
  await session.page.clock.runFor(1);
  await waitFor("a trend on every card", async () => {
    const count = await session.page.evaluate(() => document.getElementById("scores").shadowRoot.querySelectorAll("[data-card] .trend").length);
    return count === CARDS.length ? count : pending(`${count} trends`);
  });
}

/**
 * Re-renders the same readings in `view` and waits until the DOM shows it:
 * the theme and language on the widget, the host's width, and (when the
 * widget marks it with data-layout) the layout. window.states.view resolves
 * once the widget has rendered the update (Yew renders in microtasks; the
 * page answers after a task), so a layout that leaves no mark is shown too.
 * A state with a trend first shows it in the cards layout (its locale data
 * loads then), and only then switches the layout.
 */
export async function showIn(session, state, view) {
  const v = fullView(view);
  const show = async (layout) => {
    await session.page.evaluate((w) => window.states.view(w), { ...v, layout });
    await waitFor(`the cards in ${describeView({ ...v, layout })}`, async () => {
      const now = await session.page.evaluate(() => {
        const host = document.getElementById("scores");
        const dsc = host.shadowRoot?.querySelector(".dsc");
        return {
          theme: dsc?.getAttribute("data-theme"),
          lang: dsc?.getAttribute("lang"),
          layout: dsc?.getAttribute("data-layout") ?? null,
          width: getComputedStyle(host).width,
        };
      });
      const shown =
        now.theme === widgetTheme(v.theme) &&
        now.lang === v.locale &&
        (now.layout === null || now.layout === layout) &&
        now.width === `${v.width}px`;
      return shown ? now : pending(JSON.stringify(now));
    });
  };
  if (state.trend && v.layout !== "cards") {
    await show("cards");
    await waitForAll(session.page, state.expect, `${state.name} in ${describeView({ ...v, layout: "cards" })}`, state.cards);
    await showTrend(session);
  }
  await show(v.layout);
  await waitForAll(session.page, state.expect, `${state.name} in ${describeView(v)}`, state.cards);
  if (state.trend && v.layout === "cards") await showTrend(session);
}

/** The widget's `theme` option for a view's theme: a strong section is the light theme with the host's colours. */
export const widgetTheme = (theme) => (theme === "strong" ? "light" : theme);

/**
 * A picture's file name: `<state>-<theme>-<language>.png` in the default
 * layout and width (`ready-medium-dark-en.png`), else
 * `<state>-<layout>-<width>-<theme>-<language>.png` (`ready-trend-compact-320-strong-en.png`).
 */
export function pictureName(state, view) {
  const v = fullView(view);
  const size = v.layout === DEFAULT_VIEW.layout && v.width === DEFAULT_VIEW.width ? "" : `-${v.layout}-${v.width}`;
  return `${state.name ?? state}${size}-${v.theme}-${v.locale.split("-")[0]}.png`;
}

/**
 * A PNG of the cards' host element (the cards and the page margin around
 * them), with the caret hidden and CSS animations stopped.
 */
export async function picture(session) {
  return session.page.locator("#scores").screenshot({ animations: "disabled", caret: "hide", scale: "css" });
}

/** Console errors other than Chromium's "Failed to load resource" lines, and uncaught errors. */
export function pageProblems(session) {
  return [
    ...session.console
      .filter((m) => m.type === "error" && !m.text.startsWith("Failed to load resource"))
      .map((m) => `console.error: ${m.text}`),
    ...session.pageErrors.map((e) => `uncaught: ${e}`),
    ...session.foreignRequests.map((u) => `request to another origin: ${u}`),
  ];
}

/**
 * Renders `state` once and takes a picture in each of `views` (see the top
 * of this file; missing fields are DEFAULT_VIEW's), the same way for the
 * screenshots task and the visual test: mounted in DEFAULT_VIEW, then shown
 * in each view. Resolves to [{ view, png }] (full views); throws if the page
 * logged an error.
 */
export async function renderState(browser, state, views) {
  const session = await bringTo(browser, state);
  try {
    const pictures = [];
    for (const view of views) {
      await showIn(session, state, view);
      pictures.push({ view: fullView(view), png: await picture(session) });
    }
    const problems = pageProblems(session);
    if (problems.length) throw new Error(`${state.name}: ${problems.join("; ")}`);
    return pictures;
  } finally {
    await session.context.close();
  }
}

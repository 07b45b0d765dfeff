// The SharePoint web part, as packaged: the bundle and the wasm unpacked from the built
// .sppkg (assets/), loaded by a stand-in SharePoint page (pages/spfx.html and
// pages/spfx-host.js: an AMD `define`, SharePoint's runtime modules reduced to what the
// web part uses, a fake context with aadTokenProviderFactory). Under SharePoint's script
// policy (no inline script) it shows the demo tenant in delegated mode (the token from the
// fake AAD token provider, for the Defender API resource) and from the folder the publisher
// wrote (snapshot/, no token); follows the section's theme; shows the pane's messages and a
// placeholder for bad properties; leaves nothing running after dispose; and loads the wasm
// when the asset host serves it as application/octet-stream, with no console error or warning;
// speaks the page's language (the widget's eight) in its pane, placeholder and messages; and
// shows the opt-in recommendations card, with "no access" on that card alone while the
// package's SecurityRecommendation.Read request is not approved.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  apiCalls,
  assert,
  assertEqual,
  baseUrl,
  errorsIn,
  launchBrowser,
  openPage,
  pending,
  runScenario,
  waitFor,
  waitForCardState,
} from "./harness.mjs";

const TOKEN = "demo-token";
/** The emulator's token holding Score.Read only (its --score-only-token default): 403 on recommendations. */
const SCORE_ONLY_TOKEN = "demo-token-score-only";
const DEFENDER_RESOURCE = "https://api.securitycenter.microsoft.com";
const CARDS = ["exposure", "device", "groups"];
/** The score cards and the opt-in recommendations card. */
const ALL_CARDS = [...CARDS, "recommendations"];
/** The demo tenant's top active recommendations, in the card's order (emulator/README.md). */
const TOP_RECOMMENDATIONS = [
  "Update Google Chrome",
  "Disable SMBv1 server",
  "Update Windows 11",
  "Block Office applications from creating child processes",
  "Enable Network Protection",
];
const assets = readdirSync(path.join(process.env.E2E_SITE_DIR, "assets"));
const bundle = assets.find((name) => name.endsWith(".js"));
const wasm = assets.find((name) => name.endsWith(".wasm"));
/** The web part's manifest (its source: the packaged one is inside the .sppkg's XML). */
const MANIFEST = new URL("../../spfx/src/webparts/defenderScoreCards/DefenderScoreCardsWebPart.manifest.json", import.meta.url);
/** The widget's languages: one file per language in core/src/i18n/ (besides mod.rs and tests.rs). */
const WIDGET_LANGUAGES = readdirSync(fileURLToPath(new URL("../../core/src/i18n/", import.meta.url)))
  .filter((name) => name.endsWith(".rs") && name !== "mod.rs" && name !== "tests.rs")
  .map((name) => name.replace(/\.rs$/, ""))
  .sort();

/** SharePoint section themes (semantic colours and palette as SharePoint's theme variants give them). */
const THEMES = {
  neutral: {
    isInverted: false,
    palette: { themePrimary: "#0078d4", neutralLight: "#edebe9" },
    semanticColors: {
      bodyBackground: "#ffffff",
      bodyText: "#323130",
      bodySubtext: "#605e5c",
      bodyDivider: "#edebe9",
      link: "#0078d4",
      focusBorder: "#605e5c",
    },
    fonts: { medium: { fontFamily: "'Segoe UI', sans-serif" } },
  },
  strong: {
    isInverted: false,
    palette: { themePrimary: "#0078d4", neutralLight: "#2b88d8" },
    semanticColors: {
      bodyBackground: "#0078d4",
      bodyText: "#ffffff",
      bodySubtext: "#ffffff",
      bodyDivider: "#2b88d8",
      link: "#ffffff",
      focusBorder: "#ffffff",
    },
  },
  dark: {
    isInverted: true,
    palette: { themePrimary: "#2b88d8", neutralLight: "#323130" },
    semanticColors: {
      bodyBackground: "#1b1a19",
      bodyText: "#f3f2f1",
      bodySubtext: "#c8c6c4",
      bodyDivider: "#3b3a39",
      link: "#2b88d8",
      focusBorder: "#c8c6c4",
    },
  },
};

const DELEGATED = {
  source: "delegated",
  snapshotUrl: "",
  apiBase: "",
  cloud: "commercial",
  region: "",
  cards: "exposure,device,groups",
  layout: "cards",
  refreshMinutes: "15",
};
const SNAPSHOT = { ...DELEGATED, source: "snapshot", snapshotUrl: "/snapshot/" };

const browser = await launchBrowser();
let session;
let wasmResponses = [];

/** Console warnings, besides errors: the wasm fallback must be silent. */
const warningsIn = (s) => s.console.filter((m) => m.type === "warning").map((m) => `console.warn: ${m.text}`);

/** Opens the stand-in page and loads the packaged bundle; returns what `define` was given. */
async function openWithBundle() {
  const opened = await openPage(browser, "/spfx.html");
  wasmResponses = [];
  opened.page.on("response", (response) => {
    if (response.url().endsWith(".wasm")) {
      wasmResponses.push({ url: new URL(response.url()).pathname, type: response.headers()["content-type"] });
    }
  });
  await opened.page.evaluate((url) => spfxHost.load(url).then(() => true), `/assets/${bundle}`);
  return opened;
}

/** Creates the web part on the page with `properties` and `theme`; the AAD token provider answers `token`. */
function create(page, properties, theme = THEMES.neutral, culture = "en-US", token = TOKEN) {
  return page.evaluate(
    async ({ properties, theme, token, culture }) => {
      const [module] = Object.values(spfxHost.modules);
      await spfxHost.create(module.exports.default, { properties, theme, token, culture });
      return true;
    },
    { properties, theme, token, culture },
  );
}

/** Removes the web part and forgets the readings, events and token requests seen so far. */
const disposeAndForget = (page) =>
  page.evaluate(() => {
    spfxHost.dispose();
    // The readings the widget keeps for the session would show a card without a call.
    sessionStorage.clear();
    spfxHost.events.length = 0;
    spfxHost.tokenRequests.length = 0;
  });

/** The detail of the first `defender-scores:loaded` event for `card`, once there is one. */
const loadedDetail = (page, card) =>
  waitFor(`the ${card} card's loaded event`, async () => {
    const detail = await page.evaluate(
      (card) => spfxHost.events.find((e) => e.type === "defender-scores:loaded" && e.detail?.card === card)?.detail ?? null,
      card,
    );
    return detail ?? pending("no loaded event yet");
  });

async function allCardsReady(page) {
  for (const name of CARDS) await waitForCardState(page, name, "ready");
}

/** What the web part's note (placeholder or message) says, or null when hidden. */
const noteText = (page) =>
  page.evaluate(() => {
    const note = document.querySelector('[data-dsc-webpart="note"]');
    return note && !note.hidden ? note.textContent : null;
  });

/** The pane as the web part describes it: the header, group names, field labels, descriptions, options. */
const paneTexts = (page) =>
  page.evaluate(() => {
    const [pane] = spfxHost.webPart.getPropertyPaneConfiguration().pages;
    const fields = {};
    for (const group of pane.groups) {
      for (const f of group.groupFields) {
        fields[f.targetProperty] = {
          label: f.properties.label,
          description: f.properties.description ?? null,
          options: (f.properties.options ?? []).map((o) => o.text),
        };
      }
    }
    return { description: pane.header.description, groups: pane.groups.map((g) => g.groupName), fields };
  });

/** Bad stored properties: one problem in every field the placeholder lists. */
const BAD = { ...DELEGATED, snapshotUrl: "ftp://x", cards: "exposure,bogus", refreshMinutes: "soon", cloud: "mars" };

/** What is live on the page (pages/soak-probe.js): timers, fetches, listeners. */
const live = (page) => page.evaluate(() => spfxHost && window.soakProbe().all);

await runScenario(
  "the SharePoint web part (spfx/), packaged, on a stand-in SharePoint page",
  [
    [
      "the packaged bundle is one AMD module asking only for SharePoint's runtime (sp-core-library, sp-property-pane, sp-webpart-base)",
      async () => {
        assert(bundle && wasm, `assets/ holds ${assets}`);
        session = await openWithBundle();
        const modules = await session.page.evaluate(() =>
          Object.entries(spfxHost.modules).map(([id, m]) => ({ id, deps: m.deps })),
        );
        assertEqual(modules.length, 1, "modules defined");
        assert(modules[0].id.startsWith("dae786f4-7d42-4ae3-afd9-a4eb9ca1350b_"), `module id ${modules[0].id}`);
        assertEqual(
          [...modules[0].deps].sort(),
          ["@microsoft/sp-core-library", "@microsoft/sp-property-pane", "@microsoft/sp-webpart-base"],
          "the bundle's dependencies",
        );
      },
    ],
    [
      "delegated: the token comes from aadTokenProviderFactory for https://api.securitycenter.microsoft.com; three cards ready",
      async () => {
        await create(session.page, { ...DELEGATED, apiBase: baseUrl });
        await allCardsReady(session.page);
        const requests = await session.page.evaluate(() => spfxHost.tokenRequests);
        assert(requests.length >= 1, "no token was requested");
        assert(
          requests.every((r) => r.resource === DEFENDER_RESOURCE && r.useCachedToken === true),
          `token requests: ${JSON.stringify(requests)}`,
        );
        const loaded = await session.page.evaluate(() =>
          spfxHost.events.filter((e) => e.type === "defender-scores:loaded").map((e) => e.detail.card),
        );
        assertEqual([...new Set(loaded)].sort(), ["device", "exposure", "groups"], "loaded cards");
      },
    ],
    [
      "the wasm comes from the package's own asset URL (served as application/wasm here): no console error or warning, no CSP violation",
      async () => {
        assertEqual(wasmResponses.map((r) => r.url), [`/assets/${wasm}`], "wasm requests");
        assertEqual([...errorsIn(session), ...warningsIn(session)], [], "console errors and warnings");
        assertEqual(await session.page.evaluate(() => spfxHost.violations), [], "CSP violations");
        assertEqual(session.foreignRequests, [], "requests to other origins");
      },
    ],
    [
      "the page below the web part stays put from render() to ready cards: the host reserves the cards' frame before the wasm loads",
      async () => {
        const fresh = await openPage(browser, "/spfx.html");
        try {
          await fresh.page.evaluate((url) => spfxHost.load(url).then(() => true), `/assets/${bundle}`);
          const first = await fresh.page.evaluate(async ({ properties, theme, token }) => {
            const below = document.getElementById("below");
            const [module] = Object.values(spfxHost.modules);
            await spfxHost.create(module.exports.default, { properties, theme, token });
            // Laid out now, in render()'s task: the reservation is in place before any paint.
            const top = below.getBoundingClientRect().top;
            window.belowTops = [];
            const watch = () => {
              window.belowTops.push(below.getBoundingClientRect().top);
              if (!window.belowDone) requestAnimationFrame(watch);
            };
            requestAnimationFrame(watch);
            return top;
          }, { properties: { ...DELEGATED, apiBase: baseUrl }, theme: THEMES.neutral, token: TOKEN });
          await allCardsReady(fresh.page);
          const tops = await fresh.page.evaluate(
            () =>
              new Promise((resolve) =>
                requestAnimationFrame(() => {
                  window.belowDone = true;
                  resolve([...window.belowTops, document.getElementById("below").getBoundingClientRect().top]);
                }),
              ),
          );
          assert(tops.length >= 2, `frames watched: ${tops.length}`);
          assertEqual([...new Set(tops)], [first], "the paragraph's top in every frame from render() to ready");
        } finally {
          await fresh.context.close();
        }
      },
    ],
    [
      "the section's theme becomes --dsc-* on the host: neutral, strong (bands in the section's text colour), dark",
      async () => {
        const styleOf = () =>
          session.page.evaluate(() => {
            const hostElement = document.querySelector('[data-dsc-webpart="host"]');
            const card = hostElement.shadowRoot.querySelector('[data-card="exposure"]');
            const get = (name) => hostElement.style.getPropertyValue(name);
            return {
              bg: get("--dsc-bg"),
              fg: get("--dsc-fg"),
              accent: get("--dsc-accent"),
              low: get("--dsc-low"),
              high: get("--dsc-high"),
              cardColour: getComputedStyle(card).color,
            };
          });
        const neutral = await styleOf();
        assertEqual([neutral.bg, neutral.fg, neutral.accent, neutral.low], ["#ffffff", "#323130", "#0078d4", ""], "neutral section");
        assertEqual(neutral.cardColour, "rgb(50, 49, 48)", "the card's text colour in a neutral section");
        await session.page.evaluate((theme) => spfxHost.theme(theme), THEMES.strong);
        const strong = await styleOf();
        assertEqual([strong.bg, strong.fg, strong.low, strong.high], ["#0078d4", "#ffffff", "#ffffff", "#ffffff"], "strong section");
        assertEqual(strong.cardColour, "rgb(255, 255, 255)", "the card's text colour in a strong section");
        await session.page.evaluate((theme) => spfxHost.theme(theme), THEMES.dark);
        const dark = await styleOf();
        assertEqual([dark.bg, dark.fg, dark.low], ["#1b1a19", "#f3f2f1", ""], "dark section");
        await allCardsReady(session.page);
      },
    ],
    [
      "the pane's layout applies to the mounted cards without a remount: compact, then cards again",
      async () => {
        const layoutNow = () =>
          session.page.evaluate(() => {
            const root = document.querySelector('[data-dsc-webpart="host"]').shadowRoot;
            const widget = root.querySelector(".dsc");
            return { layout: widget?.dataset.layout, cards: root.querySelectorAll("[data-card]").length, same: widget?.e2eMark === true };
          });
        // A remount renders the widget's root element anew: the mark would be gone.
        await session.page.evaluate(() => {
          document.querySelector('[data-dsc-webpart="host"]').shadowRoot.querySelector(".dsc").e2eMark = true;
        });
        assertEqual(await layoutNow(), { layout: "cards", cards: 3, same: true }, "the layout mounted");
        await session.page.evaluate(() => spfxHost.apply({ layout: "compact" }));
        await waitFor("the compact layout", async () => {
          const now = await layoutNow();
          return now.layout === "compact" ? now : pending(JSON.stringify(now));
        });
        await allCardsReady(session.page);
        await session.page.evaluate(() => spfxHost.apply({ layout: "cards" }));
        await waitFor("the cards layout", async () => {
          const now = await layoutNow();
          return now.layout === "cards" ? now : pending(JSON.stringify(now));
        });
        await allCardsReady(session.page);
        assertEqual(await layoutNow(), { layout: "cards", cards: 3, same: true }, "the same widget after the layout changes");
      },
    ],
    [
      "with the recommendations card on (3 rows): four cards ready; its loaded event has the demo tenant's top 3 of 15 active; every token asked of SharePoint is for the one Defender resource, none in an event",
      async () => {
        await disposeAndForget(session.page);
        await create(session.page, { ...DELEGATED, apiBase: baseUrl, cards: ALL_CARDS.join(","), recommendationsTop: "3" });
        for (const name of ALL_CARDS) await waitForCardState(session.page, name, "ready");
        const detail = await loadedDetail(session.page, "recommendations");
        assertEqual(detail.active, 15, "active recommendations in the event");
        assertEqual(detail.recommendations.map((r) => r.name), TOP_RECOMMENDATIONS.slice(0, 3), "the recommendations in the event");
        const { requests, events } = await session.page.evaluate(() => ({
          requests: spfxHost.tokenRequests,
          events: JSON.stringify(spfxHost.events),
        }));
        assert(requests.length >= 1, "no token was requested");
        assert(
          requests.every((r) => r.resource === DEFENDER_RESOURCE && r.useCachedToken === true),
          `token requests: ${JSON.stringify(requests)}`,
        );
        assert(!events.includes(TOKEN), "a token in an event's detail");
        assertEqual(errorsIn(session), [], "console and page errors");
      },
    ],
    [
      "the pane asks how many recommendations only while the cards field names that card, and says what is wrong with 0, 21 or five",
      async () => {
        const shown = await paneTexts(session.page);
        assert(shown.fields.cards.description.includes("recommendations"), `the cards field says ${shown.fields.cards.description}`);
        assertEqual(shown.fields.recommendationsTop?.label, "Recommendations shown (1 to 20)", "the rows field's label");
        for (const bad of ["0", "21", "five", "2.5"]) {
          const { recommendationsTop } = await session.page.evaluate((value) => spfxHost.paneMessages({ recommendationsTop: value }), bad);
          assert(recommendationsTop.includes("from 1 to 20"), `${bad}: ${JSON.stringify(recommendationsTop)}`);
        }
        for (const good of ["1", "20"]) {
          const { recommendationsTop } = await session.page.evaluate((value) => spfxHost.paneMessages({ recommendationsTop: value }), good);
          assertEqual(recommendationsTop, "", `the message for ${good}`);
        }
        // Typed in the pane, before Apply: SharePoint calls onPropertyPaneFieldChanged and draws the pane again.
        const typed = async (cards) => {
          await session.page.evaluate((cards) => spfxHost.webPart.onPropertyPaneFieldChanged("cards", "", cards), cards);
          return "recommendationsTop" in (await paneTexts(session.page)).fields;
        };
        assertEqual(await typed("exposure,device"), false, "the rows field without the card");
        assertEqual(await typed("recommendations, exposure"), true, "the rows field with the card first");
        await session.page.evaluate(() => spfxHost.webPart.onPropertyPaneConfigurationComplete());
        const placeholder = await session.page.evaluate(() => {
          spfxHost.apply({ recommendationsTop: "25" });
          const note = document.querySelector('[data-dsc-webpart="note"]');
          return note.hidden ? null : note.textContent;
        });
        assert(placeholder?.includes("from 1 to 20"), `the placeholder says ${placeholder}`);
        await session.page.evaluate(() => spfxHost.apply({ recommendationsTop: "5" }));
        for (const name of ALL_CARDS) await waitForCardState(session.page, name, "ready");
      },
    ],
    [
      "a token without SecurityRecommendation.Read (the package's second request not yet approved): the score cards ready, the recommendations card alone data-error=forbidden, no note of the web part's",
      async () => {
        await disposeAndForget(session.page);
        await create(
          session.page,
          { ...DELEGATED, apiBase: baseUrl, cards: ALL_CARDS.join(",") },
          THEMES.neutral,
          "en-US",
          SCORE_ONLY_TOKEN,
        );
        const seen = await waitForCardState(session.page, "recommendations", "error");
        assertEqual(seen.error, "forbidden", "the recommendations card's data-error");
        await allCardsReady(session.page);
        const errors = await session.page.evaluate(() =>
          spfxHost.events.filter((e) => e.type === "defender-scores:error").map((e) => e.detail.card),
        );
        assertEqual([...new Set(errors)], ["recommendations"], "cards that sent an error event");
        assertEqual(await noteText(session.page), null, "the web part's note");
        // Chromium logs the 403 answers as console errors: those, and nothing else, were expected.
        const refused = (m) => m.type === "error" && m.text.includes("status of 403") && m.url.includes("/api/recommendations");
        assert(session.console.some(refused), `no 403 on /api/recommendations logged: ${JSON.stringify(session.console)}`);
        session.console = session.console.filter((m) => !refused(m));
        assertEqual(errorsIn(session), [], "console and page errors besides the 403 answers");
        // The next steps go on with the three score cards and the full token.
        await disposeAndForget(session.page);
        await create(session.page, { ...DELEGATED, apiBase: baseUrl });
        await allCardsReady(session.page);
      },
    ],
    [
      "every pane field says what is wrong with a bad value and nothing for a good one",
      async () => {
        const bad = await session.page.evaluate(() =>
          spfxHost.paneMessages({
            snapshotUrl: "javascript:alert(1)",
            apiBase: "ftp://proxy",
            cards: "exposure,bogus",
            refreshMinutes: "-5",
          }),
        );
        for (const [field, message] of Object.entries(bad)) {
          assert(typeof message === "string" && message.length > 10, `${field}: ${JSON.stringify(message)}`);
        }
        assertEqual(Object.keys(bad).sort(), ["apiBase", "cards", "refreshMinutes", "snapshotUrl"], "validated fields");
        assert(bad.cards.includes("bogus"), bad.cards);
        const good = await session.page.evaluate(() =>
          spfxHost.paneMessages({ snapshotUrl: "", apiBase: "", cards: "groups,exposure", refreshMinutes: "0" }),
        );
        assertEqual(good, { snapshotUrl: "", apiBase: "", cards: "", refreshMinutes: "" }, "messages for good values");
      },
    ],
    [
      "bad stored properties show a placeholder naming each problem instead of the cards; fixing them brings the cards back",
      async () => {
        await session.page.evaluate(() =>
          spfxHost.apply({ cards: "exposure,bogus", refreshMinutes: "soon", cloud: "mars", region: "eu" }),
        );
        const text = await waitFor("the placeholder", async () => (await noteText(session.page)) ?? pending("no note"));
        for (const expected of ["needs configuring", "bogus", "refresh period", "cloud must be one of"]) {
          assert(text.includes(expected), `placeholder says: ${text}`);
        }
        const cards = await session.page.evaluate(
          () => document.querySelector('[data-dsc-webpart="host"]').shadowRoot?.querySelectorAll("[data-card]").length ?? 0,
        );
        assertEqual(cards, 0, "cards shown beside the placeholder");
        await session.page.evaluate(() =>
          spfxHost.apply({ cards: "exposure,device,groups", refreshMinutes: "15", cloud: "commercial", region: "" }),
        );
        await allCardsReady(session.page);
        assertEqual(await noteText(session.page), null, "the note once fixed");
        assertEqual(errorsIn(session), [], "console and page errors");
      },
    ],
    [
      "an option the widget refuses (a token for a foreign API host) shows mount()'s error, sends nothing there",
      async () => {
        await session.page.evaluate(() => spfxHost.apply({ apiBase: "https://api.example.org" }));
        const text = await waitFor("the widget's error", async () => (await noteText(session.page)) ?? pending("no note"));
        assert(text.includes("could not be shown") && /apiBase/i.test(text), `note: ${text}`);
        assertEqual(session.foreignRequests, [], "requests to other origins");
        assertEqual(errorsIn(session), [], "console and page errors");
      },
    ],
    [
      "dispose unmounts: no request, timer or listener of the web part left running, the element empty",
      async () => {
        await session.page.evaluate((base) => spfxHost.apply({ apiBase: base }), baseUrl);
        await allCardsReady(session.page);
        const before = await live(session.page);
        assert(before.pendingTimeouts + before.liveIntervals > 0, `the refresh timer is not seen: ${JSON.stringify(before)}`);
        await session.page.evaluate(() => spfxHost.dispose());
        const after = await waitFor("nothing left running", async () => {
          const now = await live(session.page);
          const running = now.pendingTimeouts + now.liveIntervals + now.fetchesInFlightNotAborted;
          return running === 0 ? now : pending(JSON.stringify(now));
        });
        const onElements = after.listenerTypes.filter((t) => !t.startsWith("HTMLDocument:") && !t.startsWith("Window:"));
        assertEqual(onElements, [], "listeners on elements still in the page");
        assertEqual(await session.page.evaluate(() => document.getElementById("webpart").childNodes.length), 0, "children left");
      },
    ],
    [
      "a delegated call to the cloud's API that gets no answer (as when CORS blocks it): the card says so and points to snapshot mode",
      async () => {
        // The default API host, as on a real SharePoint page (another origin); the call never leaves the browser.
        await session.context.route("**/api/**", (route) => route.abort("failed"));
        // The readings the widget keeps for the session would show the cards without a call.
        await session.page.evaluate(() => sessionStorage.clear());
        await create(session.page, { ...DELEGATED, cards: "exposure" });
        const text = await waitFor(
          "the card's CORS message",
          async () => {
            const card = await session.page.evaluate(() => {
              const root = document.querySelector('[data-dsc-webpart="host"]')?.shadowRoot;
              const el = root?.querySelector('[data-card="exposure"]');
              const shared = root?.querySelector(".shared");
              return el ? { state: el.dataset.state, text: `${el.textContent} ${shared?.textContent ?? ""}` } : null;
            });
            if (card && card.state === "error" && card.text.includes("snapshot mode")) return card.text;
            return pending(JSON.stringify(card));
          },
          { timeoutMs: 45_000 },
        );
        assert(text.includes("CORS"), text);
        assertEqual(await noteText(session.page), null, "a note of the web part's own besides the card's message");
        await session.page.evaluate(() => spfxHost.dispose());
        await session.context.unroute("**/api/**");
      },
    ],
    [
      "snapshot: the published folder, no token asked, no API call; the wasm served as application/octet-stream still loads silently; a web part removed while it loads mounts nothing; the cards speak the page's language",
      async () => {
        await session.context.close();
        session = await openPage(browser, "/spfx.html", {});
        await session.context.route("**/*.wasm", async (route) => {
          const response = await route.fetch();
          await route.fulfill({ response, headers: { ...response.headers(), "content-type": "application/octet-stream" } });
        });
        const types = [];
        session.page.on("response", (r) => r.url().endsWith(".wasm") && types.push(r.headers()["content-type"]));
        await session.page.reload();
        await session.page.evaluate((url) => spfxHost.load(url).then(() => true), `/assets/${bundle}`);
        const callsBefore = (await apiCalls()).length;
        // Removed while its wasm still loads: nothing is mounted once it has loaded.
        const snapshotReads = [];
        session.page.on("request", (r) => r.url().includes("/snapshot/snapshot.json") && snapshotReads.push(r.url()));
        await session.page.evaluate(async (properties) => {
          const [module] = Object.values(spfxHost.modules);
          await spfxHost.create(module.exports.default, { properties, theme: null, token: "unused" });
          spfxHost.dispose();
        }, SNAPSHOT);
        assertEqual(types, [], "wasm responses before the early dispose");
        await create(session.page, SNAPSHOT, THEMES.dark, "nl-NL");
        await allCardsReady(session.page);
        const lang = await session.page.evaluate(
          () => document.querySelector('[data-dsc-webpart="host"]').shadowRoot.querySelector("[lang]")?.getAttribute("lang"),
        );
        assertEqual(lang, "nl-NL", "the cards' language (the page's culture)");
        assertEqual(snapshotReads.length, 1, "snapshot.json reads (the web part disposed early read none)");
        assertEqual(types, ["application/octet-stream"], "the wasm's content type");
        assertEqual(await session.page.evaluate(() => spfxHost.tokenRequests.length), 0, "token requests");
        assertEqual((await apiCalls()).length, callsBefore, "API calls");
        assertEqual([...errorsIn(session), ...warningsIn(session)], [], "console errors and warnings");
        assertEqual(await session.page.evaluate(() => spfxHost.violations), [], "CSP violations");
        await session.page.evaluate(() => spfxHost.dispose());
      },
    ],
    [
      "every language of the widget has a table of the web part's texts with every text English has, each a non-empty sentence",
      async () => {
        const tables = await session.page.evaluate(() => {
          const [module] = Object.values(spfxHost.modules);
          const { LANGUAGES, STRINGS } = module.exports;
          const described = {};
          for (const language of Object.keys(STRINGS)) {
            described[language] = {};
            for (const [key, value] of Object.entries(STRINGS[language])) {
              // A text with arguments is a function: called with markers, it must place every one.
              described[language][key] =
                typeof value === "function"
                  ? { kind: "function", arity: value.length, text: value("\u27e6a\u27e7", "\u27e6b\u27e7") }
                  : { kind: typeof value, text: value };
            }
          }
          return { languages: LANGUAGES, described };
        });
        // The toolbox's name and description come from the manifest, by locale ("default" is English).
        const manifest = JSON.parse(readFileSync(fileURLToPath(MANIFEST), "utf8"));
        for (const entry of manifest.preconfiguredEntries) {
          for (const field of ["title", "description"]) {
            const locales = Object.keys(entry[field]).map((locale) => (locale === "default" ? "en" : locale.split("-")[0]));
            assertEqual(locales.sort(), WIDGET_LANGUAGES, `the manifest's ${field} languages`);
            const texts = Object.values(entry[field]);
            assertEqual(new Set(texts).size, texts.length, `the manifest's ${field}s, one per language`);
          }
        }
        assertEqual([...tables.languages].sort(), WIDGET_LANGUAGES, "the web part's languages (the widget's: core/src/i18n/)");
        assertEqual(Object.keys(tables.described).sort(), WIDGET_LANGUAGES, "the languages with a table");
        const english = tables.described.en;
        const keys = Object.keys(english).sort();
        assert(keys.length >= 30, `English has ${keys.length} texts`);
        for (const [language, table] of Object.entries(tables.described)) {
          assertEqual(Object.keys(table).sort(), keys, `the texts of ${language}`);
          for (const key of keys) {
            const { kind, arity, text } = table[key];
            assertEqual([kind, arity], [english[key].kind, english[key].arity], `${language}.${key}: a text or a function of as many arguments`);
            assert(typeof text === "string" && text.trim().length > 1, `${language}.${key} is empty: ${JSON.stringify(text)}`);
            for (let i = 0; i < (arity ?? 0); i += 1) {
              const marker = `\u27e6${"ab"[i]}\u27e7`;
              assert(text.includes(marker), `${language}.${key} leaves out argument ${i + 1}: ${text}`);
            }
          }
          if (language !== "en") {
            for (const key of ["paneDescription", "placeholderTitle", "placeholderHint", "sourceInvalid"]) {
              assert(table[key].text !== english[key].text, `${language}.${key} is still English: ${table[key].text}`);
            }
          }
        }
      },
    ],
    [
      "a Danish page (da-DK) shows the pane, its messages and the placeholder in Danish; a Japanese page (ja-JP) in Japanese; a language the widget does not speak (fi-FI) in English",
      async () => {
        const cases = [
          {
            culture: "da-DK",
            pane: { description: "Microsoft Defender-scorer som kort", source: "Kilde", layout: "Kompakt (én linje pr. kort)", cloud: "Kommerciel (hele verden)" },
            message: 'Ukendt kort "bogus"',
            placeholder: ["denne webdel skal konfigureres", 'Ukendt kort "bogus"', "Opdateringsintervallet", "Cloud skal være en af", "Snapshot-mappen skal"],
          },
          {
            culture: "ja-JP",
            pane: { description: "Microsoft Defender のスコアをカードで表示します", source: "ソース", layout: "コンパクト (カードごとに 1 行)", cloud: "商用 (全世界)" },
            message: '不明なカード "bogus"',
            placeholder: ["この Web パーツは構成が必要です", '不明なカード "bogus"', "更新間隔は", "クラウドは", "スナップショット フォルダーは"],
          },
          {
            culture: "fi-FI",
            pane: { description: "Microsoft Defender scores as cards", source: "Source", layout: "Compact (one line per card)", cloud: "Commercial (worldwide)" },
            message: 'Unknown card "bogus"',
            placeholder: ["needs configuring", 'Unknown card "bogus"', "refresh period", "cloud must be one of", "snapshot folder must be"],
          },
        ];
        for (const { culture, pane, message, placeholder } of cases) {
          await create(session.page, BAD, THEMES.neutral, culture);
          const text = await waitFor(`the placeholder (${culture})`, async () => (await noteText(session.page)) ?? pending("no note"));
          for (const expected of placeholder) assert(text.includes(expected), `${culture}: the placeholder says ${text}`);
          const shown = await paneTexts(session.page);
          assert(shown.description.startsWith(pane.description), `${culture}: the pane's header is ${shown.description}`);
          assertEqual(shown.fields.source.label, pane.source, `${culture}: the source field's label`);
          assert(shown.fields.layout.options.includes(pane.layout), `${culture}: the layouts offered: ${shown.fields.layout.options}`);
          assertEqual(shown.fields.cloud.options, [pane.cloud, "GCC", "GCC High", "DoD"], `${culture}: the clouds offered`);
          const messages = await session.page.evaluate(() => spfxHost.paneMessages({ cards: "exposure,bogus", refreshMinutes: "0" }));
          assert(messages.cards.startsWith(message), `${culture}: the cards field says ${messages.cards}`);
          assertEqual(messages.refreshMinutes, "", `${culture}: the message for a good refresh period`);
          await session.page.evaluate(() => spfxHost.dispose());
        }
        // Every other language: no pane text, placeholder or message falls back to English.
        const english = await (async () => {
          await create(session.page, BAD, THEMES.neutral, "en-GB");
          const all = { pane: await paneTexts(session.page), note: await noteText(session.page) };
          await session.page.evaluate(() => spfxHost.dispose());
          return all;
        })();
        for (const culture of ["de-DE", "es-ES", "fr-FR", "nl-NL", "sv-SE"]) {
          await create(session.page, BAD, THEMES.neutral, culture);
          const pane = await paneTexts(session.page);
          const note = await noteText(session.page);
          assert(note && note !== english.note, `${culture}: the placeholder is English: ${note}`);
          assert(pane.description !== english.pane.description, `${culture}: the pane's header is English`);
          assert(pane.groups.every((g, i) => g !== english.pane.groups[i]), `${culture}: the pane's groups ${pane.groups}`);
          await session.page.evaluate(() => spfxHost.dispose());
        }
        assertEqual(errorsIn(session), [], "console and page errors");
      },
    ],
    [
      "a wasm the asset host answers with 404, on a Danish page: the note says in Danish that the code did not load, with the status; the next render loads it",
      async () => {
        await session.context.close();
        session = await openPage(browser, "/spfx.html");
        await session.context.route("**/*.wasm", (route) => route.fulfill({ status: 404, body: "not here" }));
        await session.page.evaluate((url) => spfxHost.load(url).then(() => true), `/assets/${bundle}`);
        await create(session.page, SNAPSHOT, THEMES.neutral, "da-DK");
        const text = await waitFor("the note", async () => (await noteText(session.page)) ?? pending("no note"));
        for (const expected of ["kunne ikke indlæse sin kode", "(.wasm) blev ikke leveret: HTTP-status 404"]) {
          assert(text.includes(expected), `the note says: ${text}`);
        }
        await session.context.unroute("**/*.wasm");
        await session.page.evaluate(() => spfxHost.apply({}));
        await allCardsReady(session.page);
        assertEqual(await noteText(session.page), null, "the note once the wasm loaded");
        assertEqual(errorsIn(session, { missing: [`/assets/${wasm}`] }), [], "console and page errors besides the 404");
        await session.page.evaluate(() => spfxHost.dispose());
      },
    ],
  ],
  async () => {
    await browser.close();
  },
);

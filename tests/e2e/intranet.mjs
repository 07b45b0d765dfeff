// examples/intranet.html: a portal page with hostile CSS and two
// <defender-score-cards> elements (Dutch dark, English light) fed by the
// portal's own getToken. Both load on their own; the portal's CSS does not
// change the cards, and the cards' CSS does not change the portal.

import {
  assert,
  assertEqual,
  errorsIn,
  launchBrowser,
  openPage,
  pending,
  runScenario,
  waitFor,
} from "./harness.mjs";

const browser = await launchBrowser();
let session;

/** Properties that show whether outside CSS got in (or out); none depends on layout. */
const PROPERTIES = [
  "color", "background-color", "font-family", "font-size", "font-weight", "font-style",
  "display", "visibility", "text-transform", "letter-spacing",
  "margin-top", "margin-left", "padding-top", "padding-left",
  "border-top-width", "border-top-style", "border-top-color", "border-radius",
];

/** `{ state, error }` of each card in the element `#id`, in order. */
const cardsOf = (id) =>
  session.page.locator(`#${id} [data-card]`).evaluateAll((cards) =>
    cards.map((c) => ({ card: c.dataset.card, state: c.dataset.state, error: c.dataset.error ?? null })),
  );

const waitReady = (id, names) =>
  waitFor(`#${id}'s cards ${names.join(", ")} to be ready`, async () => {
    const cards = await cardsOf(id);
    const ok = JSON.stringify(cards.map((c) => [c.card, c.state])) === JSON.stringify(names.map((n) => [n, "ready"]));
    return ok || pending(JSON.stringify(cards));
  });

/** Computed PROPERTIES of elements inside the cards of `#id` (through its shadow root). */
function cardStyles(id) {
  return session.page.evaluate(
    ({ id, properties }) => {
      const root = document.getElementById(id).shadowRoot;
      const pick = (selector) => {
        const element = root.querySelector(selector);
        if (!element) return `missing ${selector}`;
        const style = getComputedStyle(element);
        return Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]));
      };
      return {
        card: pick("[data-card]"),
        title: pick("[data-card] h2"),
        score: pick('[data-testid="score"]'),
        // With two cards the refresh is the shared header's, said once for both.
        button: pick(".group-head button.refresh"),
      };
    },
    { id, properties: PROPERTIES },
  );
}

/** Computed PROPERTIES of the portal's own elements, and the page's style sheets. */
function hostStyles(page) {
  return page.evaluate((properties) => {
    const pick = (selector) => {
      const style = getComputedStyle(document.querySelector(selector));
      return Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]));
    };
    return {
      body: pick("body"),
      title: pick(".portal-title"),
      lede: pick(".lede"),
      button: pick(".host-button"),
      news: pick(".news"),
      heading: pick(".host-heading"),
      aside: pick(".host-aside"),
      styleSheets: document.styleSheets.length,
      adoptedStyleSheets: document.adoptedStyleSheets.length,
      styleElements: document.querySelectorAll("style").length,
    };
  }, PROPERTIES);
}

await runScenario(
  "examples/intranet.html: two custom elements on a page with hostile CSS",
  [
    [
      "both elements load: #nl (exposure, groups) and #en (device, exposure) are ready",
      async () => {
        session = await openPage(browser, "/intranet.html");
        await waitFor("the page script to define the elements", async () => {
          const state = await session.page.evaluate(() => window.intranet);
          if (state?.failure) throw new Error(`the page script failed: ${state.failure}`);
          return state?.defined || pending(JSON.stringify(state));
        });
        await waitReady("nl", ["exposure", "groups"]);
        await waitReady("en", ["device", "exposure"]);
      },
    ],
    [
      "each element has its own theme and language: #nl dark and Dutch, #en light and English",
      async () => {
        const looks = await session.page.evaluate(() =>
          ["nl", "en"].map((id) => {
            const root = document.getElementById(id).shadowRoot;
            const themed = root.querySelector("[data-theme]");
            return { theme: themed?.dataset.theme, lang: themed?.getAttribute("lang"), text: root.textContent };
          }),
        );
        assertEqual([looks[0].theme, looks[1].theme], ["dark", "light"], "data-theme");
        assertEqual([looks[0].lang, looks[1].lang], ["nl-NL", "en-GB"], "lang");
        assert(looks[1].text.includes("Exposure score"), `#en text: ${looks[1].text.slice(0, 200)}`);
        assert(!looks[0].text.includes("Exposure score"), `#nl is not English: ${looks[0].text.slice(0, 200)}`);
        const [nlCard, enCard] = await Promise.all([cardStyles("nl"), cardStyles("en")]);
        assert(nlCard.card["background-color"] !== enCard.card["background-color"], "dark and light cards differ in background");
      },
    ],
    [
      "each element asked its own getToken; removing #nl leaves #en working and refreshing on its own",
      async () => {
        const before = await session.page.evaluate(() => ({ ...window.intranet.tokenRequests }));
        assert(before.nl >= 1 && before.en >= 1, `token requests ${JSON.stringify(before)}`);
        await session.page.evaluate(() => document.getElementById("nl").remove());
        await session.page.locator("#en .group-head button.refresh").click();
        await waitFor("#en to ask for a token again", async () => {
          const now = await session.page.evaluate(() => ({ ...window.intranet.tokenRequests }));
          return now.en > before.en || pending(JSON.stringify(now));
        });
        await waitReady("en", ["device", "exposure"]);
        const after = await session.page.evaluate(() => ({ ...window.intranet.tokenRequests }));
        assertEqual(after.nl, before.nl, "#nl token requests after its removal");
      },
    ],
    [
      "the portal's CSS does not change the cards: computed styles equal with it switched off",
      async () => {
        await session.page.reload();
        await waitReady("nl", ["exposure", "groups"]);
        await waitReady("en", ["device", "exposure"]);
        const withHostCss = { nl: await cardStyles("nl"), en: await cardStyles("en") };
        await session.page.evaluate(() => {
          document.getElementById("host-css").sheet.disabled = true;
        });
        const withoutHostCss = { nl: await cardStyles("nl"), en: await cardStyles("en") };
        assertEqual(withHostCss, withoutHostCss, "card styles with the portal CSS vs. without");
        // And the portal CSS was really there: it makes the portal's own text red 30px serif.
        await session.page.evaluate(() => {
          document.getElementById("host-css").sheet.disabled = false;
        });
        const score = withHostCss.en.score;
        assert(score.color !== "rgb(255, 0, 0)" && score["font-size"] !== "30px", `score style ${JSON.stringify(score)}`);
        assert(score.display !== "none", "the score is shown despite the portal hiding .score and [data-testid=score]");
      },
    ],
    [
      "the cards' CSS does not change the portal: its elements' styles equal on the page without the cards",
      async () => {
        const withCards = await hostStyles(session.page);
        const plain = await session.context.newPage();
        await plain.goto(session.page.url().replace(/\?.*$/, "") + "?without-cards");
        const withoutCards = await hostStyles(plain);
        assertEqual(withCards, withoutCards, "portal styles with the cards vs. without");
        assertEqual(withCards.lede.color, "rgb(255, 0, 0)", "the portal's own CSS applies to its text");
        await plain.close();
      },
    ],
    [
      "no console errors, no requests to other origins",
      async () => {
        assertEqual(errorsIn(session), [], "console and page errors");
        assertEqual(session.foreignRequests, [], "requests to other origins");
      },
    ],
  ],
  () => browser.close(),
);

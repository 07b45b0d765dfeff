// A strict Content Security Policy: pages/csp.html is served with
//   default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';
//   connect-src 'self' <API origin>
// as a real HTTP header (the emulator's --csp flag), and the API is another
// origin (a second emulator), so connect-src must name it. The cards, once
// with mount() and once as <defender-score-cards>, must all load with no CSP
// violation: no inline script, no eval, no inline style (adopted stylesheets
// are fine). A control page with an inline script and an inline style under
// the same header must be reported, so the test can fail.

import {
  assert,
  assertEqual,
  errorsIn,
  launchBrowser,
  pending,
  runScenario,
  useBaseUrl,
  waitFor,
} from "./harness.mjs";
import { freePort, startEmulator } from "./support/processes.mjs";

const site = process.env.E2E_SITE_DIR;
if (!site || !process.env.E2E_EMULATOR) {
  console.error("E2E_SITE_DIR and E2E_EMULATOR are not set; run the e2e tests with `cargo xtask test`");
  process.exit(2);
}

const HOSTS = ["mounted", "element"];
const CARDS = ["device", "exposure", "groups"];
const stops = [];
let browser;
let pageOrigin;
let apiOrigin;
let policy;
let session;

/** Records every securitypolicyviolation before any page script runs (init scripts bypass CSP). */
function recordViolations() {
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      sample: event.sample,
      source: `${event.sourceFile}:${event.lineNumber}`,
    });
  });
}

/** Opens `pathname` on the page origin in a fresh context, recording console, errors, violations. */
async function open(pathname) {
  const context = await browser.newContext();
  await context.addInitScript(recordViolations);
  const allowed = new Set([pageOrigin, apiOrigin]);
  const opened = { context, console: [], pageErrors: [], foreignRequests: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed.has(new URL(url).origin)) return route.continue();
    opened.foreignRequests.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("console", (m) => opened.console.push({ type: m.type(), text: m.text(), url: m.location()?.url ?? "" }));
  page.on("pageerror", (error) => opened.pageErrors.push(String(error)));
  opened.page = page;
  opened.response = await page.goto(pageOrigin + pathname);
  return opened;
}

/** The cards' states inside one host's shadow root. */
const statesIn = (page, host) =>
  page.evaluate((id) => {
    const root = document.getElementById(id)?.shadowRoot;
    if (!root) return null;
    return [...root.querySelectorAll("[data-card]")].map((e) => ({
      card: e.getAttribute("data-card"),
      state: e.getAttribute("data-state"),
      error: e.getAttribute("data-error"),
      score: e.querySelector('[data-testid="score"]')?.textContent ?? null,
    }));
  }, host);

const cspMessages = (opened) =>
  opened.console.filter((m) => /Content Security Policy|Refused to/i.test(m.text)).map((m) => m.text);

await runScenario(
  "a strict Content Security Policy, sent as a header, with the API on another origin",
  [
    [
      "an API emulator and a page emulator serving csp.html with --csp start on two origins",
      async () => {
        const pagePort = await freePort();
        pageOrigin = `http://127.0.0.1:${pagePort}`;
        const api = await startEmulator(["--allow-origin", pageOrigin]);
        stops.push(api.stop);
        apiOrigin = api.url;
        policy = `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${apiOrigin}`;
        const pages = await startEmulator(["--port", String(pagePort), "--static", site, "--csp", policy]);
        stops.push(pages.stop);
        assertEqual(pages.url, pageOrigin, "the page emulator's origin");
        useBaseUrl(apiOrigin);
        browser = await launchBrowser();
      },
    ],
    [
      "the page's answer carries the policy as a Content-Security-Policy header",
      async () => {
        session = await open(`/csp.html?api=${encodeURIComponent(apiOrigin)}`);
        assertEqual(session.response.status(), 200, "status of csp.html");
        assertEqual(session.response.headers()["content-security-policy"], policy, "the CSP header");
      },
    ],
    [
      "mount() and <defender-score-cards> each show all three cards data-state=ready",
      async () => {
        await waitFor("the page script to finish", async () => {
          const page = await session.page.evaluate(() => window.cspPage);
          if (page?.failure) throw new Error(`the page script failed: ${page.failure}`);
          return page?.ready || pending(JSON.stringify(page));
        });
        for (const host of HOSTS) {
          await waitFor(`three ready cards in #${host}`, async () => {
            const states = await statesIn(session.page, host);
            const ready = states?.length === 3 && states.every((s) => s.state === "ready");
            return ready ? states : pending(JSON.stringify(states));
          });
        }
      },
    ],
    [
      "both show the demo tenant's scores: exposure 33.49…, device 340, GroupOne and GroupTwo",
      async () => {
        const events = await session.page.evaluate(() => window.cspPage.events);
        for (const host of HOSTS) {
          const loaded = events.filter((e) => e.type === "defender-scores:loaded" && e.host === host);
          const byCard = Object.fromEntries(loaded.map((e) => [e.detail.card, e.detail]));
          assertEqual(Object.keys(byCard).sort(), CARDS, `loaded cards of #${host}`);
          assert(Math.abs(byCard.exposure.score - 33.491554051195706) < 1e-9, `#${host} exposure ${byCard.exposure.score}`);
          assertEqual(byCard.device.score, 340, `#${host} device score`);
          const names = byCard.groups.groups.map((g) => g.name);
          assert(names.includes("GroupOne") && names.includes("GroupTwo"), `#${host} groups ${JSON.stringify(names)}`);
          const states = await statesIn(session.page, host);
          assert(states.every((s) => s.score && s.score.trim() !== ""), `#${host} scores shown: ${JSON.stringify(states)}`);
        }
        const errors = events.filter((e) => e.type === "defender-scores:error");
        assertEqual(errors, [], "error events");
      },
    ],
    [
      "the scores came from the API origin, asked for by the page origin",
      async () => {
        const { calls } = await (await fetch(`${apiOrigin}/_emulator/calls`)).json();
        const fromPage = calls.filter((c) => c.origin === pageOrigin && c.status === 200);
        assert(fromPage.length >= 6, `calls from ${pageOrigin}: ${JSON.stringify(calls)}`);
      },
    ],
    [
      "no securitypolicyviolation event, no CSP console message, no console error",
      async () => {
        const violations = await session.page.evaluate(() => window.__violations);
        assertEqual(violations, [], "securitypolicyviolation events");
        assertEqual(cspMessages(session), [], "CSP console messages");
        assertEqual(errorsIn(session), [], "console and page errors");
        assertEqual(session.foreignRequests, [], "requests to other origins");
        await session.context.close();
      },
    ],
    [
      "control: under the same header an inline script and an inline style are refused and reported",
      async () => {
        const control = await open("/csp-inline.html");
        assertEqual(control.response.headers()["content-security-policy"], policy, "the control page's CSP header");
        const violations = await waitFor("two violations on the control page", async () => {
          const seen = await control.page.evaluate(() => window.__violations);
          return seen.length >= 2 ? seen : pending(JSON.stringify(seen));
        });
        const directives = violations.map((v) => v.directive).sort();
        assertEqual(directives, ["script-src-elem", "style-src-attr"], "violated directives");
        assertEqual(await control.page.evaluate(() => window.inlineScriptRan ?? false), false, "the inline script ran");
        const color = await control.page.evaluate(() => getComputedStyle(document.getElementById("styled")).color);
        assert(color !== "rgb(255, 0, 0)", `the inline style applied: ${color}`);
        assert(cspMessages(control).length >= 2, `CSP console messages: ${JSON.stringify(control.console)}`);
        await control.context.close();
      },
    ],
  ],
  async () => {
    await browser?.close();
    for (const stop of stops.reverse()) await stop();
  },
);

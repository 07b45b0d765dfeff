// Shared helpers for the end-to-end tests in this directory.
//
// `cargo xtask test` runs each test script with node after starting the API
// emulator on a free port; it passes:
//   E2E_BASE_URL   the emulator, e.g. http://127.0.0.1:40123 (serves the site too)
//   E2E_CHROMIUM   the browser binary (Debian's /usr/bin/chromium)
//   E2E_TOOLS_DIR  the project-local npm prefix holding playwright-core (.tools/)
//   E2E_SITE_DIR   the directory the emulator serves
//   E2E_NGINX      Debian's nginx, for the reverse-proxy test
// Tests whose emulator needs flags only known at run time (the sign-in tests:
// the identity provider's port) start it themselves and get instead:
//   E2E_EMULATOR   the emulator binary (E2E_SITE_DIR is then a temporary
//                  copy of the site they may add files to)
// and call `useBaseUrl()` once it listens (see support/).
//
// Browsers are never downloaded: playwright-core drives the installed Chromium.
// Requests to any origin other than the emulator are blocked and reported, so
// a test can never reach the internet. Tests wait for conditions with
// deadlines; nothing sleeps a fixed time.

import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM_ARGS } from "./support/chromium.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsDir = process.env.E2E_TOOLS_DIR ?? path.join(here, "..", "..", ".tools");
const { chromium } = createRequire(path.join(toolsDir, "package.json"))("playwright-core");

/** The emulator's base URL, without a trailing slash (set by xtask, or by `useBaseUrl`). */
export let baseUrl = process.env.E2E_EMULATOR ? undefined : requiredEnv("E2E_BASE_URL").replace(/\/$/, "");

/** For tests that start their own emulator: where it listens. */
export function useBaseUrl(url) {
  baseUrl = url.replace(/\/$/, "");
}

/** Flags for headless Chromium as root in a container, with no background traffic. */
export { CHROMIUM_ARGS };

/** Default deadline for one wait. */
export const WAIT_MS = 15_000;
/** Deadline for one whole test. */
const TEST_MS = 60_000;

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set; run the e2e tests with \`cargo xtask test\``);
    process.exit(2);
  }
  return value;
}

/** Starts the installed Chromium headless, with `extraArgs` after the usual flags. */
export async function launchBrowser({ extraArgs = [] } = {}) {
  return chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    timeout: 30_000,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/**
 * Opens `pathname` on the emulator (or `site`, another local origin) in a
 * fresh browser context and records what the page does: console messages,
 * uncaught errors, and blocked requests to other origins than the site and
 * `allowOrigins` (e.g. the local identity provider). `contextOptions` go to
 * Playwright's `browser.newContext` (e.g. the viewport).
 */
export async function openPage(browser, pathname, { site = baseUrl, allowOrigins = [], contextOptions = {} } = {}) {
  const context = await browser.newContext(contextOptions);
  const allowed = new Set([new URL(site).origin, ...allowOrigins.map((o) => new URL(o).origin)]);
  const session = { context, page: null, console: [], pageErrors: [], foreignRequests: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (allowed.has(new URL(url).origin)) return route.continue();
    session.foreignRequests.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("console", (message) =>
    session.console.push({ type: message.type(), text: message.text(), url: message.location()?.url ?? "" }),
  );
  page.on("pageerror", (error) => session.pageErrors.push(String(error)));
  session.page = page;
  await page.goto(site.replace(/\/$/, "") + pathname);
  return session;
}

/**
 * Console errors and uncaught page errors seen so far. `missing` lists paths
 * the page probes and may find absent (the standalone page's config.json):
 * Chromium logs their 404 as an error, which is expected there.
 */
export function errorsIn(session, { missing = [] } = {}) {
  const probed404 = (m) =>
    m.text.includes("status of 404") && missing.some((path) => m.url && new URL(m.url).pathname.endsWith(path));
  return [
    ...session.console.filter((m) => m.type === "error" && !probed404(m)).map((m) => `console.error: ${m.text}`),
    ...session.pageErrors.map((e) => `uncaught: ${e}`),
  ];
}

/** A "not yet" answer for `waitFor` that says what was seen instead. */
export function pending(seen) {
  return new Pending(seen);
}

class Pending {
  constructor(seen) {
    this.seen = seen;
  }
}

/**
 * Polls `probe` until it returns something other than undefined, false, null
 * or `pending(...)`, and returns that. Throws after `timeoutMs`, naming what
 * it waited for and what it saw last.
 */
export async function waitFor(description, probe, { timeoutMs = WAIT_MS, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = "nothing yet";
  for (;;) {
    try {
      const result = await probe();
      if (result instanceof Pending) last = result.seen;
      else if (result !== undefined && result !== false && result !== null) return result;
      else last = String(result);
    } catch (error) {
      last = `error: ${error.message ?? error}`;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${description}; last saw: ${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The card's root element (Playwright's CSS locators pierce open shadow roots). */
export function card(page, name) {
  return page.locator(`[data-card="${name}"]`);
}

/** `data-state` (and `data-error`) of every element for a card, without auto-waiting. */
export async function cardStates(page, name) {
  return card(page, name).evaluateAll((elements) =>
    elements.map((e) => ({ state: e.getAttribute("data-state"), error: e.getAttribute("data-error") })),
  );
}

/** Waits until the one `name` card has `data-state` = `state`; returns its attributes. */
export async function waitForCardState(page, name, state, options) {
  return waitFor(
    `the ${name} card to be data-state="${state}"`,
    async () => {
      const states = await cardStates(page, name);
      if (states.length !== 1) return pending(`${states.length} elements with data-card="${name}"`);
      const [current] = states;
      if (current.state === state) return current;
      return pending(`data-state="${current.state}"` + (current.error ? ` data-error="${current.error}"` : ""));
    },
    options,
  );
}

/** Calls the emulator's HTTP API from node; returns parsed JSON (or null for an empty body). */
export async function emulator(method, pathname, body) {
  const response = await fetch(baseUrl + pathname, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${pathname} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

/** The API calls (`/api/...`) the emulator has served, from `GET /_emulator/calls`. */
export async function apiCalls() {
  const answer = await emulator("GET", "/_emulator/calls");
  const calls = Array.isArray(answer) ? answer : answer?.calls;
  if (!Array.isArray(calls)) {
    throw new Error(`GET /_emulator/calls answered ${JSON.stringify(answer)}, not a list of calls`);
  }
  return calls.filter((call) => {
    const where = call.path ?? call.uri ?? call.url ?? call.endpoint;
    return typeof where !== "string" || where.includes("/api/") || !where.includes("/");
  });
}

/** Throws `message` unless `condition` holds. */
export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Throws unless `actual` equals `expected` (compared as JSON). */
export function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/**
 * Runs named steps of one scenario in order, each with a deadline. Later
 * steps build on earlier ones, so the first failure skips the rest. Prints
 * one line per step and sets a nonzero exit code on failure. `cleanup` runs
 * at the end whatever happened.
 */
export async function runScenario(title, steps, cleanup = async () => {}) {
  console.log(`${title}`);
  let failed = 0;
  let skipped = 0;
  for (const [name, step] of steps) {
    if (failed) {
      skipped += 1;
      console.log(`  skip  ${name}`);
      continue;
    }
    const started = Date.now();
    let timer;
    try {
      const deadline = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`step took longer than ${TEST_MS / 1000}s`)), TEST_MS);
      });
      await Promise.race([step(), deadline]);
      console.log(`  ok    ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
    } catch (error) {
      failed += 1;
      console.log(`  FAIL  ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
      console.log(`        ${String(error?.stack ?? error).split("\n").join("\n        ")}`);
    } finally {
      clearTimeout(timer);
    }
  }
  try {
    await cleanup();
  } catch (error) {
    console.log(`  cleanup failed: ${error}`);
  }
  const passed = steps.length - failed - skipped;
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exitCode = failed ? 1 : 0;
}

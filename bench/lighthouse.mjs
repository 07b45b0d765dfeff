// The Lighthouse half of `cargo xtask bench`: what an intranet owner's audit
// says of the standalone page `cargo xtask serve` shows (the emulator serving
// dist/ with the demo tenant), once with Lighthouse's mobile preset (its
// default: a mid-range phone, simulated slow 4G, 4x CPU) and once with its
// desktop preset. xtask starts the emulator and passes:
//   BENCH_SITE_URL          the page, e.g. http://127.0.0.1:40123/
//   BENCH_CHROMIUM          the browser binary (Debian's /usr/bin/chromium)
//   BENCH_TOOLS_DIR         the npm prefix holding lighthouse (.tools/)
//   BENCH_OUT               where to write the figures as JSON
//   BENCH_LIGHTHOUSE_RUNS   runs per preset (default 1); the median run by
//                           performance score is reported
// Run it with a Node that Lighthouse supports (xtask uses .tools/node22).
// Chromium gets the flags the end-to-end tests use, headless, and resolves
// loopback only; Lighthouse's error reporting is off: nothing here reaches the
// internet. Exits non-zero when something could not be measured.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { CHROMIUM_ARGS } from "../tests/e2e/support/chromium.mjs";
import { required } from "./env.mjs";

const url = required("BENCH_SITE_URL");
const out = required("BENCH_OUT");
const chromium = required("BENCH_CHROMIUM");
const toolsDir = process.env.BENCH_TOOLS_DIR ?? path.join(import.meta.dirname, "..", ".tools");
const runs = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? "1");
const cli = path.join(toolsDir, "node_modules", "lighthouse", "cli", "index.js");
const CATEGORIES = ["performance", "accessibility", "best-practices"];
const PRESETS = { mobile: [], desktop: ["--preset=desktop"] };
/** Flags for Chromium, one `--chrome-flags` each (Lighthouse splits a single one on spaces). */
const CHROME_FLAGS = [
  "--headless",
  ...CHROMIUM_ARGS,
  // Only loopback resolves: the audit never touches the internet.
  '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"',
];


/** One Lighthouse run with `presetFlags`; returns its report (the JSON Lighthouse writes). */
async function lighthouse(presetFlags, scratch, name) {
  const output = path.join(scratch, `${name}.json`);
  const args = [
    cli,
    url,
    ...presetFlags,
    `--only-categories=${CATEGORIES.join(",")}`,
    "--output=json",
    `--output-path=${output}`,
    "--quiet",
    "--no-enable-error-reporting",
    "--disable-full-page-screenshot",
    ...CHROME_FLAGS.map((flag) => `--chrome-flags=${flag}`),
  ];
  try {
    await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: chromium },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 180_000,
    });
  } catch (error) {
    throw new Error(`lighthouse (${name}) failed: ${error.message}\n${error.stderr ?? ""}`);
  }
  return JSON.parse(readFileSync(output, "utf8"));
}

/** What the report keeps of one run: scores (0-100), the vitals and what fell short. */
function figures(report) {
  if (report.runtimeError) throw new Error(`lighthouse: ${report.runtimeError.code}: ${report.runtimeError.message}`);
  const score = (id) => {
    const value = report.categories[id]?.score;
    return typeof value === "number" ? Math.round(value * 100) : null;
  };
  const numeric = (id) => report.audits[id]?.numericValue ?? null;
  // Audits counted in a category's score that did not get full marks.
  const shortfalls = (category) =>
    (report.categories[category]?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => report.audits[ref.id])
      .filter((audit) => audit && typeof audit.score === "number" && audit.score < 1)
      .map((audit) => ({ id: audit.id, title: audit.title, score: audit.score, displayValue: audit.displayValue ?? null }));
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    bestPractices: score("best-practices"),
    lcpMs: numeric("largest-contentful-paint"),
    fcpMs: numeric("first-contentful-paint"),
    cls: numeric("cumulative-layout-shift"),
    tbtMs: numeric("total-blocking-time"),
    transferBytes: numeric("total-byte-weight"),
    requests: report.audits["network-requests"]?.details?.items?.length ?? null,
    shortfalls: {
      performance: shortfalls("performance"),
      accessibility: shortfalls("accessibility"),
      bestPractices: shortfalls("best-practices"),
    },
    warnings: report.runWarnings ?? [],
    benchmarkIndex: report.environment?.benchmarkIndex ?? null,
    userAgent: report.environment?.hostUserAgent ?? null,
    lighthouseVersion: report.lighthouseVersion,
  };
}

const scratch = mkdtempSync(path.join(tmpdir(), "dsc-lighthouse-"));
try {
  const started = Date.now();
  const result = { url, runs };
  for (const [preset, flags] of Object.entries(PRESETS)) {
    const all = [];
    for (let i = 0; i < runs; i += 1) all.push(figures(await lighthouse(flags, scratch, `${preset}-${i}`)));
    // The median run by performance score (the run itself, so its figures belong together).
    const sorted = [...all].sort((a, b) => (a.performance ?? 0) - (b.performance ?? 0));
    result[preset] = { ...sorted[Math.floor((sorted.length - 1) / 2)], performanceScores: all.map((r) => r.performance) };
    console.log(
      `    ${preset}: performance ${result[preset].performance}, accessibility ${result[preset].accessibility}, best practices ${result[preset].bestPractices}`,
    );
  }
  result.lighthouse = result.mobile.lighthouseVersion;
  result.seconds = (Date.now() - started) / 1000;
  writeFileSync(out, JSON.stringify(result, null, 2));
} catch (error) {
  console.error(`bench: Lighthouse could not measure: ${error?.stack ?? error}`);
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

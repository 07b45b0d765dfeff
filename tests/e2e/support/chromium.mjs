// The flags every headless Chromium of the tests and the benchmark starts with
// (bench/run.mjs imports this file: tests/e2e/harness.mjs needs the e2e
// environment at import, the benchmark has its own).

/** Quiet, offline-friendly headless Chromium: no sandbox (root in CI), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

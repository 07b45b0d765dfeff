// The load half of `cargo xtask bench`: snapshot mode at scale. xtask builds
// the publisher, starts the emulator, publishes the demo tenant once into a
// folder and passes:
//   BENCH_EMULATOR_URL  the emulator, e.g. http://127.0.0.1:40123 (its call log is read)
//   BENCH_SNAPSHOT_DIR  the folder the publisher wrote
//   BENCH_NGINX         Debian's nginx (/usr/sbin/nginx)
//   BENCH_TOOLS_DIR     the npm prefix holding autocannon (.tools/)
//   BENCH_OUT           where to write the figures as JSON
//   BENCH_VIEWS         page views per run (default 10,000; rounded up to a
//                       whole number per connection)
//   BENCH_CONNECTIONS   concurrent connections (default 40)
// nginx runs docs/hosting.md's server block as written (through
// tests/e2e/support/nginx.mjs), serving the folder at /snapshot/. autocannon
// then plays page views as the widget makes them in snapshot mode: a view is
// GET snapshot.json + GET history.json. First views get both files (200);
// repeat views send the ETags a browser kept (If-None-Match) and get 304s.
// Every response time is kept (sub-millisecond), so p50/p99 are exact.
// Afterwards the emulator's call log shows what the API saw: the publisher's
// calls and nothing from the views. Only loopback is used. Exits non-zero
// when something could not be measured; the figures themselves are judged by
// xtask.

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";

import { required } from "./env.mjs";

const emulator = required("BENCH_EMULATOR_URL").replace(/\/$/, "");
const snapshotDir = required("BENCH_SNAPSHOT_DIR");
const out = required("BENCH_OUT");
const toolsDir = process.env.BENCH_TOOLS_DIR ?? path.join(import.meta.dirname, "..", ".tools");
const connections = positive("BENCH_CONNECTIONS", 40);
const asked = positive("BENCH_VIEWS", 10_000);
// Whole views per connection, so that no connection stops between the two files of a view.
const views = Math.ceil(asked / connections) * connections;
/** The two files a page view in snapshot mode reads, in the order the widget asks. */
const FILES = ["snapshot.json", "history.json"];

// nginx.mjs reads E2E_NGINX when it is loaded.
if (process.env.BENCH_NGINX) process.env.E2E_NGINX = process.env.BENCH_NGINX;
const { startDocumentedNginx } = await import("../tests/e2e/support/nginx.mjs");
const autocannon = createRequire(path.join(toolsDir, "package.json"))("autocannon");


function positive(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`${name} must be a whole number from 1 up, not ${process.env[name]}`);
    process.exit(2);
  }
  return value;
}

/** The value at quantile `q` of sorted `values` (linear between neighbours). */
function quantile(sorted, q) {
  if (!sorted.length) return null;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** The emulator's call log: `{ total, byEndpoint, calls }`. */
async function apiCalls() {
  const response = await fetch(`${emulator}/_emulator/calls`);
  if (!response.ok) throw new Error(`GET /_emulator/calls answered ${response.status}`);
  const log = await response.json();
  if (typeof log.total !== "number" || !Array.isArray(log.calls)) {
    throw new Error(`GET /_emulator/calls is not a call log: ${JSON.stringify(log).slice(0, 200)}`);
  }
  return log;
}

/** One GET of each file as a browser's first view makes it: status, ETag, size. */
async function probe(base) {
  const files = {};
  for (const name of FILES) {
    const response = await fetch(`${base}/snapshot/${name}`);
    const body = await response.arrayBuffer();
    const etag = response.headers.get("etag");
    if (response.status !== 200 || !etag) {
      throw new Error(`GET /snapshot/${name} answered ${response.status} with ETag ${etag}; nginx does not serve the folder`);
    }
    const again = await fetch(`${base}/snapshot/${name}`, { headers: { "If-None-Match": etag } });
    await again.arrayBuffer();
    if (again.status !== 304) throw new Error(`GET /snapshot/${name} with its ETag answered ${again.status}, not 304`);
    files[name] = {
      bytes: body.byteLength,
      etag,
      contentType: response.headers.get("content-type"),
      cacheControl: response.headers.get("cache-control"),
    };
  }
  return files;
}

/**
 * Plays `views` page views on `connections` connections, each view the two
 * files in turn, with `headers(name)` on each request; resolves to the figures.
 */
async function play(base, label, expected, headers) {
  const times = [];
  const statuses = {};
  const started = performance.now();
  const instance = autocannon({
    url: base,
    connections,
    amount: views * FILES.length,
    timeout: 10,
    requests: FILES.map((name) => ({ method: "GET", path: `/snapshot/${name}`, headers: headers(name) })),
  });
  instance.on("response", (_client, status, _bytes, responseTime) => {
    times.push(responseTime);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  const result = await new Promise((resolve, reject) => {
    instance.on("done", resolve);
    instance.on("error", reject);
  });
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  const wrongStatus = Object.entries(statuses)
    .filter(([status]) => !(Number(status) >= 200 && Number(status) < 400))
    .reduce((sum, [, count]) => sum + count, 0);
  const figures = {
    views: Math.floor(answered / FILES.length),
    requests: answered,
    seconds,
    viewsPerSecond: answered / FILES.length / seconds,
    requestsPerSecond: answered / seconds,
    latencyMs: {
      p50: quantile(times, 0.5),
      p90: quantile(times, 0.9),
      p99: quantile(times, 0.99),
      max: times.at(-1) ?? null,
      mean: times.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
    },
    statuses,
    expectedStatus: expected,
    answeredAsExpected: statuses[expected] ?? 0,
    // Socket errors, timeouts and any status outside 2xx/3xx.
    errors: result.errors + result.timeouts + wrongStatus,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    bytes: result.throughput.total,
    bytesPerView: answered ? (result.throughput.total / answered) * FILES.length : null,
  };
  console.log(
    `  ${label}: ${figures.views} views (${answered} requests) in ${seconds.toFixed(2)} s, ` +
      `${figures.viewsPerSecond.toFixed(0)} views/s, p50 ${figures.latencyMs.p50?.toFixed(2)} ms, ` +
      `p99 ${figures.latencyMs.p99?.toFixed(2)} ms, statuses ${JSON.stringify(statuses)}, errors ${figures.errors}`,
  );
  if (answered !== views * FILES.length) {
    throw new Error(`${label}: ${answered} of ${views * FILES.length} requests were answered`);
  }
  return figures;
}

/** Requests in nginx's access log, by the first segment of their path. */
function accessLogPaths(file) {
  const counts = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const match = line.match(/"[A-Z]+ (\/[^ ?"]*)/);
    if (!match) continue;
    const prefix = `/${match[1].split("/")[1]}/`;
    counts[prefix] = (counts[prefix] ?? 0) + 1;
  }
  return counts;
}

async function main() {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "dsc-snapshot-load-"));
  const root = path.join(tmp, "site");
  mkdirSync(root);
  let nginx;
  try {
    const before = await apiCalls();
    nginx = await startDocumentedNginx(tmp, { root, apiBase: emulator, snapshotDir });
    console.log(`  nginx (docs/hosting.md's block) on ${nginx.url}, serving ${snapshotDir} at /snapshot/`);
    const files = await probe(nginx.url);
    const first = await play(nginx.url, "first views", 200, () => ({}));
    const repeat = await play(nginx.url, "repeat views", 304, (name) => ({ "If-None-Match": files[name].etag }));
    const after = await apiCalls();
    const accessLog = nginx.accessLog;
    await nginx.stop();
    nginx = null;
    const publisherPaths = before.calls.map((call) => call.path);
    const figures = {
      connections,
      viewsAsked: asked,
      requestsPerView: FILES.length,
      files,
      first,
      repeat,
      totalViews: first.views + repeat.views,
      api: {
        // Every call the emulator answered before the load: the one publish.
        publisherCalls: before.total,
        publisherPaths,
        publisherByEndpoint: before.byEndpoint,
        // What the views added: nothing, if snapshot mode works as designed.
        callsDuringLoad: after.total - before.total,
        totalAfterLoad: after.total,
        byEndpoint: after.byEndpoint,
      },
      // Requests nginx logged, by path prefix (the probes included): none under /api/.
      nginxRequests: accessLogPaths(accessLog),
    };
    writeFileSync(out, JSON.stringify(figures, null, 2) + "\n");
    console.log(
      `  API calls: ${before.total} by the publisher, ${figures.api.callsDuringLoad} during ${figures.totalViews} views`,
    );
  } finally {
    if (nginx) await nginx.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`snapshot-load: ${error?.stack ?? error}`);
  process.exit(1);
});

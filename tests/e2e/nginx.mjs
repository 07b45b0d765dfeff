// docs/hosting.md's nginx configuration, run as written: the ```nginx block is
// taken from the document, only its listen/TLS lines become a loopback port,
// its root becomes dist/, and the Defender API host becomes the emulator. The
// standalone page loads through nginx (gzipped: the .gz files beside dist/'s JS
// and wasm, the page on the fly) and its cards' /api/ calls reach the emulator
// through the proxy.

import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import {
  apiCalls,
  assert,
  assertEqual,
  baseUrl,
  card,
  errorsIn,
  launchBrowser,
  openPage,
  runScenario,
  waitFor,
  waitForCardState,
} from "./harness.mjs";
import { startDocumentedNginx } from "./support/nginx.mjs";

const siteDir = process.env.E2E_SITE_DIR;

const tmp = mkdtempSync(path.join(os.tmpdir(), "dsc-e2e-nginx-"));
let nginx;
let nginxUrl;
let browser;
let session;

await runScenario(
  "docs/hosting.md's nginx configuration: dist/ and /api/ on one origin",
  [
    [
      "nginx accepts the document's server block (nginx -t) and starts on loopback",
      async () => {
        assert(siteDir, "E2E_SITE_DIR is not set; run the e2e tests with `cargo xtask test`");
        nginx = await startDocumentedNginx(tmp, { root: siteDir, apiBase: baseUrl });
        nginxUrl = nginx.url;
      },
    ],
    [
      "the page loads through nginx with the document's security headers",
      async () => {
        browser = await launchBrowser();
        session = await openPage(browser, "/", { site: nginxUrl });
        const headers = await fetch(`${nginxUrl}/`).then((r) => r.headers);
        const csp = headers.get("content-security-policy") ?? "";
        assert(csp.includes("script-src 'self' 'wasm-unsafe-eval'"), `Content-Security-Policy: ${csp}`);
        assertEqual(headers.get("x-content-type-options"), "nosniff", "X-Content-Type-Options");
        const bridge = await fetch(`${nginxUrl}/redirect.html`);
        assertEqual(bridge.status, 200, "redirect.html status");
        assertEqual(bridge.headers.get("cache-control"), "no-store", "redirect.html Cache-Control");
        assertEqual(bridge.headers.get("cross-origin-opener-policy"), null, "redirect.html COOP");
        assertEqual((await fetch(`${nginxUrl}/config.json`)).status, 404, "config.json status (demo mode)");
      },
    ],
    [
      "the page is revalidated on every use and trunk's hashed files are kept for a year, immutable",
      async () => {
        const page = await fetch(`${nginxUrl}/`);
        assertEqual(page.headers.get("cache-control"), "no-cache", "index.html Cache-Control");
        const etag = page.headers.get("etag");
        assert(etag, "index.html has an ETag");
        const again = await fetch(`${nginxUrl}/`, { headers: { "If-None-Match": etag } });
        assertEqual(again.status, 304, "index.html revalidated unchanged");
        const html = await page.text();
        // trunk's hash is 64 bits in hex without leading zeros (one build in 16 has 15 digits).
        const hashed = [...html.matchAll(/["'\/]([\w-]+-[0-9a-f]{8,16}(?:_bg)?\.(?:js|wasm|css))["']/g)].map((m) => m[1]);
        assert(hashed.some((f) => f.endsWith(".wasm")) && hashed.some((f) => f.endsWith(".js")), `hashed files in index.html: ${hashed}`);
        for (const file of new Set(hashed)) {
          const asset = await fetch(`${nginxUrl}/${file}`);
          assertEqual(asset.status, 200, `${file} status`);
          assertEqual(asset.headers.get("cache-control"), "public, max-age=31536000, immutable", `${file} Cache-Control`);
          assertEqual(asset.headers.get("x-content-type-options"), "nosniff", `${file} X-Content-Type-Options`);
        }
        const bootScript = await fetch(`${nginxUrl}/web/boot.js`);
        assertEqual(bootScript.headers.get("cache-control"), "no-cache", "web/boot.js (no hash) Cache-Control");
      },
    ],
    [
      "the wasm and the JS are sent gzipped (their .gz, gzip_static), the page on the fly (gzip_types), each decoding to its file",
      async () => {
        const html = await fetch(`${nginxUrl}/`, { headers: { "accept-encoding": "identity" } }).then((r) => r.text());
        const named = (attribute) => html.match(new RegExp(`${attribute}="\\./([^"]+)"`))?.[1];
        const files = [named("data-module"), named("data-wasm"), "web/boot.js"];
        assert(files[0]?.endsWith(".js") && files[1]?.endsWith(".wasm"), `the loader and the wasm in index.html: ${files}`);
        for (const file of [...files, ""]) {
          const response = await fetch(`${nginxUrl}/${file}`, { headers: { "accept-encoding": "gzip" } });
          const what = file || "index.html";
          assertEqual(response.status, 200, `${what} status`);
          assertEqual(response.headers.get("content-encoding"), "gzip", `${what} Content-Encoding`);
          assertEqual(response.headers.get("vary"), "Accept-Encoding", `${what} Vary`);
          if (file) {
            // gzip_static: the .gz beside the file, whole, not gzipped again on the fly.
            const gz = statSync(path.join(siteDir, `${file}.gz`)).size;
            assertEqual(response.headers.get("content-length"), String(gz), `${what} Content-Length (its .gz)`);
          }
          const body = Buffer.from(await response.arrayBuffer());
          const expected = readFileSync(path.join(siteDir, file || "index.html"));
          assert(body.equals(expected), `${what} decodes to the file in dist/`);
        }
        const plain = await fetch(`${nginxUrl}/${files[1]}`, { headers: { "accept-encoding": "identity" } });
        assertEqual(plain.headers.get("content-encoding"), null, "the wasm for a client without gzip");
      },
    ],
    [
      "all three cards reach data-state=ready with the demo scores, through the proxy",
      async () => {
        for (const name of ["exposure", "device", "groups"]) {
          await waitForCardState(session.page, name, "ready");
        }
        const exposure = await card(session.page, "exposure").locator('[data-testid="score"]').textContent();
        assert(exposure.includes("33"), `exposure score text is ${JSON.stringify(exposure)}`);
        const calls = await waitFor("3 API calls at the emulator", async () => {
          const list = await apiCalls();
          return list.length >= 3 ? list : null;
        });
        assertEqual(calls.map((c) => c.status), [200, 200, 200], `API calls (${JSON.stringify(calls)})`);
      },
    ],
    [
      "the browser only talked to nginx's origin, with no console errors besides the config.json probe",
      async () => {
        assertEqual(session.foreignRequests, [], "requests to other origins");
        assertEqual(errorsIn(session, { missing: ["/config.json"] }), [], "console and page errors");
      },
    ],
  ],
  async () => {
    await browser?.close();
    await nginx?.stop();
    rmSync(tmp, { recursive: true, force: true });
  },
);

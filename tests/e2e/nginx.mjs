// docs/hosting.md's nginx configuration, run as written: the ```nginx block is
// taken from the document, only its listen/TLS lines become a loopback port,
// its root becomes dist/, and the Defender API host becomes the emulator. The
// standalone page loads through nginx and its cards' /api/ calls reach the
// emulator through the proxy.

import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
import { freePort, startProcess } from "./support/processes.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const HOSTING_MD = path.join(here, "..", "..", "docs", "hosting.md");
const NGINX = process.env.E2E_NGINX ?? "/usr/sbin/nginx";
const siteDir = process.env.E2E_SITE_DIR;

/** Replaces `pattern` in `text`, failing loudly if the document no longer has it. */
function swap(text, pattern, replacement, what) {
  if (!pattern.test(text)) throw new Error(`docs/hosting.md's nginx block has no ${what} (${pattern})`);
  return text.replace(pattern, replacement);
}

/** The document's nginx server block, made to run on loopback against the emulator. */
function serverBlockFromDocs(port) {
  const markdown = readFileSync(HOSTING_MD, "utf8");
  const blocks = [...markdown.matchAll(/^```nginx\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  if (blocks.length !== 1) throw new Error(`docs/hosting.md has ${blocks.length} nginx blocks; the test expects one`);
  let block = blocks[0];
  block = swap(block, /^(\s*)listen 443 ssl;$/m, `$1listen 127.0.0.1:${port};`, "`listen 443 ssl;` line");
  block = swap(block, /^\s*ssl_certificate\s.*\n/m, "", "ssl_certificate line");
  block = swap(block, /^\s*ssl_certificate_key\s.*\n/m, "", "ssl_certificate_key line");
  block = swap(block, /^(\s*)root \/srv\/defender-score-cards;$/m, `$1root ${siteDir};`, "root line");
  block = swap(block, /https:\/\/api\.security\.microsoft\.com\/api\//g, `${baseUrl}/api/`, "API proxy_pass");
  return block;
}

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
        const port = await freePort();
        for (const dir of ["logs", "tmp"]) mkdirSync(path.join(tmp, dir));
        const config = [
          "# Written by tests/e2e/nginx.mjs around docs/hosting.md's server block.",
          "daemon off;",
          "master_process off;",
          `pid ${tmp}/nginx.pid;`,
          "error_log stderr warn;",
          "events { worker_connections 64; }",
          "http {",
          "    include /etc/nginx/mime.types;",
          "    default_type application/octet-stream;",
          "    access_log off;",
          ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${tmp}/tmp/${t};`),
          serverBlockFromDocs(port),
          "}",
          "",
        ].join("\n");
        const configFile = path.join(tmp, "nginx.conf");
        writeFileSync(configFile, config);
        const args = ["-p", tmp, "-e", "stderr", "-c", configFile];
        try {
          execFileSync(NGINX, ["-t", ...args], { stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
        } catch (error) {
          throw new Error(`nginx -t refused the configuration:\n${error.stderr ?? error}\n--- nginx.conf ---\n${config}`);
        }
        nginx = await startProcess("nginx", NGINX, args, { port });
        nginxUrl = `http://127.0.0.1:${port}`;
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

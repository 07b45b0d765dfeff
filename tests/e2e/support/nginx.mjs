// docs/hosting.md's nginx server block, run as written on loopback: its
// listen/TLS lines become a loopback port, its root the site under test, the
// Defender API host the local emulator and the publisher's folder a test's
// folder. Shared by nginx.mjs (the page and the API proxy) and snapshot.mjs
// (the publisher's folder).

import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { freePort, startProcess } from "./processes.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const HOSTING_MD = path.join(here, "..", "..", "..", "docs", "hosting.md");
const NGINX = process.env.E2E_NGINX ?? "/usr/sbin/nginx";
/** Where the document's block says the publisher writes its folder. */
const DOC_SNAPSHOT_DIR = "/var/lib/defender-score-publisher/snapshot/";

/** Replaces `pattern` in `text`, failing loudly if the document no longer has it. */
function swap(text, pattern, replacement, what) {
  if (!pattern.test(text)) throw new Error(`docs/hosting.md's nginx block has no ${what} (${pattern})`);
  return text.replace(pattern, replacement);
}

/** The document's one nginx server block. */
function documentedBlock() {
  const markdown = readFileSync(HOSTING_MD, "utf8");
  const blocks = [...markdown.matchAll(/^```nginx\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  if (blocks.length !== 1) throw new Error(`docs/hosting.md has ${blocks.length} nginx blocks; the tests expect one`);
  return blocks[0];
}

/** The document's server block, made to run on loopback with `root`, the emulator and `snapshotDir`. */
function serverBlock(port, { root, apiBase, snapshotDir }) {
  let block = documentedBlock();
  block = swap(block, /^(\s*)listen 443 ssl;$/m, `$1listen 127.0.0.1:${port};`, "`listen 443 ssl;` line");
  block = swap(block, /^\s*ssl_certificate\s.*\n/m, "", "ssl_certificate line");
  block = swap(block, /^\s*ssl_certificate_key\s.*\n/m, "", "ssl_certificate_key line");
  block = swap(block, /^(\s*)root \/srv\/defender-score-cards;$/m, `$1root ${root};`, "root line");
  block = swap(block, /https:\/\/api\.security\.microsoft\.com\/api\//g, `${apiBase}/api/`, "API proxy_pass");
  const folder = snapshotDir.replace(/\/?$/, "/");
  block = swap(block, new RegExp(`alias ${DOC_SNAPSHOT_DIR.replace(/[.\/-]/g, "\\$&")};`), `alias ${folder};`, "snapshot alias");
  return block;
}

/**
 * Checks the configuration with `nginx -t` and starts nginx in `tmp` serving
 * `root`, proxying /api/ to `apiBase` and /snapshot/ from `snapshotDir`.
 * Resolves to `{ url, stop() }`.
 */
export async function startDocumentedNginx(tmp, { root, apiBase, snapshotDir = path.join(tmp, "no-snapshot") }) {
  const port = await freePort();
  for (const dir of ["logs", "tmp"]) mkdirSync(path.join(tmp, dir), { recursive: true });
  const config = [
    "# Written by tests/e2e/support/nginx.mjs around docs/hosting.md's server block.",
    "daemon off;",
    "master_process off;",
    `pid ${tmp}/nginx.pid;`,
    "error_log stderr warn;",
    "events { worker_connections 256; }",
    "http {",
    "    include /etc/nginx/mime.types;",
    "    default_type application/octet-stream;",
    `    access_log ${tmp}/logs/access.log;`,
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${tmp}/tmp/${t};`),
    serverBlock(port, { root, apiBase, snapshotDir }),
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
  const nginx = await startProcess("nginx", NGINX, args, { port });
  return { url: `http://127.0.0.1:${port}`, accessLog: path.join(tmp, "logs", "access.log"), stop: nginx.stop };
}

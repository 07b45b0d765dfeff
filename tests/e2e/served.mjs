// The site `cargo xtask serve` shows, served as it serves it (a copy of dist/ with its
// demo config.json, the emulator with serve's flags): the wasm and the JS go out gzipped
// (their .gz beside them, as nginx's gzip_static would send them) and decode to the
// files; the JS is minified and index.html's integrity attributes still match it; the
// page runs the demo from its config.json, so the console has no error at all (no 404).

import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import {
  apiCalls,
  assert,
  assertEqual,
  baseUrl,
  emulator,
  errorsIn,
  launchBrowser,
  openPage,
  runScenario,
  waitFor,
  waitForCardState,
} from "./harness.mjs";

const siteDir = process.env.E2E_SITE_DIR;
const repository = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** `GET pathname` asking for `encoding`; the body comes back decoded, the headers as sent. */
async function get(pathname, encoding) {
  const response = await fetch(`${baseUrl}/${pathname}`, { headers: { "accept-encoding": encoding } });
  assertEqual(response.status, 200, `${pathname} status`);
  return { headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

const onDisk = (pathname) => readFileSync(path.join(siteDir, pathname));

let index;
let scripts;
let browser;
let session;

await runScenario(
  "the site `cargo xtask serve` shows: compressed, minified, the demo without a 404",
  [
    [
      "index.html names the hashed loader, the wasm and the snippets",
      async () => {
        assert(siteDir, "E2E_SITE_DIR is not set; run the e2e tests with `cargo xtask test`");
        index = (await get("", "identity")).body.toString("utf8");
        const attribute = (name) => index.match(new RegExp(`${name}="\\./([^"]+)"`))?.[1];
        const loader = attribute("data-module");
        const wasm = attribute("data-wasm");
        assert(loader?.endsWith(".js") && wasm?.endsWith(".wasm"), `boot script attributes in ${index}`);
        const preloaded = [...index.matchAll(/rel="modulepreload" href="\.\/([^"]+)"/g)].map((m) => m[1]);
        assert(preloaded.some((p) => p.endsWith("/web/standalone.js")), `modulepreloads: ${preloaded}`);
        scripts = { loader, wasm, boot: "web/boot.js", standalone: preloaded.find((p) => p.endsWith("/web/standalone.js")) };
      },
    ],
    [
      "the wasm and the JS answer Accept-Encoding: gzip with Content-Encoding: gzip and decode to the files",
      async () => {
        for (const file of Object.values(scripts)) {
          const { headers, body } = await get(file, "gzip");
          assertEqual(headers.get("content-encoding"), "gzip", `${file} Content-Encoding`);
          assertEqual(headers.get("vary"), "accept-encoding", `${file} Vary`);
          const gz = statSync(path.join(siteDir, `${file}.gz`)).size;
          assertEqual(headers.get("content-length"), String(gz), `${file} Content-Length (its .gz)`);
          assert(body.equals(onDisk(file)), `${file} decodes to the file in dist/`);
        }
        const page = await get("", "gzip");
        assertEqual(page.headers.get("content-encoding"), "gzip", "index.html Content-Encoding (on the fly)");
        assertEqual(page.body.toString("utf8"), index, "index.html decoded");
      },
    ],
    [
      "a client that does not ask for gzip gets the files as they are",
      async () => {
        const { headers, body } = await get(scripts.wasm, "identity");
        assertEqual(headers.get("content-encoding"), null, "wasm Content-Encoding without gzip");
        assert(body.equals(onDisk(scripts.wasm)), "the wasm as it is");
      },
    ],
    [
      "the API's JSON answers are not compressed (only the site is)",
      async () => {
        const response = await fetch(`${baseUrl}/api/exposureScore`, {
          headers: { authorization: "Bearer demo-token", "accept-encoding": "gzip" },
        });
        assertEqual(response.status, 200, "exposureScore status");
        assertEqual(response.headers.get("content-encoding"), null, "API Content-Encoding");
      },
    ],
    [
      "our JS is minified and every integrity attribute matches the file it names",
      async () => {
        for (const [file, source] of [
          [scripts.standalone, "web/standalone.js"],
          [scripts.boot, "web/boot.js"],
        ]) {
          const served = onDisk(file).toString("utf8");
          const original = readFileSync(path.join(repository, source), "utf8");
          assert(served.length < original.length * 0.7, `${file}: ${served.length} bytes, the source ${original.length}`);
          assert(!served.includes("\n// ") && !served.includes("/**"), `${file} still has comments`);
        }
        const integrities = [...index.matchAll(/href="\.\/([^"]+)"[^>]*integrity="(sha384-[^"]+)"/g)];
        assert(integrities.length >= 4, `integrity attributes: ${integrities.map((m) => m[1])}`);
        for (const [, file, integrity] of integrities) {
          const digest = `sha384-${createHash("sha384").update(onDisk(file)).digest("base64")}`;
          assertEqual(integrity, digest, `${file} integrity`);
        }
      },
    ],
    [
      "the page runs the demo from its config.json: three cards ready, no console error at all",
      async () => {
        const config = await fetch(`${baseUrl}/config.json`);
        assertEqual(config.status, 200, "config.json status");
        assertEqual(await config.json(), { demo: true }, "config.json");
        // The API call of an earlier step is not the page's.
        await emulator("POST", "/_emulator/reset");
        browser = await launchBrowser();
        session = await openPage(browser, "/");
        for (const name of ["exposure", "device", "groups"]) {
          await waitForCardState(session.page, name, "ready");
        }
        const calls = await waitFor("3 API calls at the emulator", async () => {
          const list = await apiCalls();
          return list.length >= 3 ? list : null;
        });
        assertEqual(calls.map((c) => c.status), [200, 200, 200], "API call statuses");
        assertEqual(errorsIn(session), [], "console and page errors");
        assertEqual(session.foreignRequests, [], "requests to other origins");
      },
    ],
  ],
  async () => {
    await browser?.close();
  },
);

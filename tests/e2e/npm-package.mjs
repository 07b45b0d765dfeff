// The npm package of the release files (`cargo xtask dist`) as its users meet it: installed
// from the tarball into a small Vite project, built by Vite, and the built page shows the
// demo tenant's cards; a plain `<script type="module">` page that imports the package's
// module from where it is served shows them too.
//
// xtask passes the release folder in E2E_RELEASE_DIR; the script builds both pages in a
// temporary directory, then starts the emulator serving it.

import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  assert,
  assertEqual,
  card,
  errorsIn,
  launchBrowser,
  openPage,
  runScenario,
  useBaseUrl,
  waitForCardState,
} from "./harness.mjs";
import { startEmulator } from "./support/processes.mjs";

const release = process.env.E2E_RELEASE_DIR;
if (!release) throw new Error("E2E_RELEASE_DIR is not set; run the e2e tests with `cargo xtask test`");
const tools = process.env.E2E_TOOLS_DIR;
const tarball = fs.readdirSync(release).find((name) => /^defender-score-cards-\d.*\.tgz$/.test(name));
const CARDS = ["exposure", "device", "groups"];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "dsc-npm-package-"));
const site = path.join(tmp, "site");
let browser;
let stopEmulator = async () => {};

/** The page's script: the widget mounted with the emulator's demo token. */
const mountScript = (specifier) => `import init, { mount } from "${specifier}";
await init();
mount(document.getElementById("scores"), {
  getToken: () => "demo-token",
  apiBase: location.origin,
  refreshSeconds: 0,
});
`;

const page = (script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>defender-score-cards from npm</title></head>
<body><h1>Scores</h1><div id="scores"></div>${script}</body></html>
`;

/** A Vite project depending on the tarball, built into `site/vite/`. */
function buildWithVite() {
  const project = path.join(tmp, "vite-project");
  fs.mkdirSync(project, { recursive: true });
  const manifest = {
    name: "vite-user",
    private: true,
    type: "module",
    dependencies: { "defender-score-cards": `file:${path.join(release, tarball)}` },
  };
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(path.join(project, "main.js"), mountScript("defender-score-cards"));
  fs.writeFileSync(path.join(project, "index.html"), page('<script type="module" src="./main.js"></script>'));
  // The tarball has no dependencies: the install needs no registry.
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund"], { cwd: project, stdio: "inherit" });
  const vite = path.join(tools, "node_modules", "vite", "bin", "vite.js");
  execFileSync(process.execPath, [vite, "build", "--base", "/vite/", "--outDir", path.join(site, "vite"), "--emptyOutDir"], {
    cwd: project,
    stdio: "inherit",
  });
}

/** The package's files unpacked under `site/plain/pkg/`, and a page importing them. */
function plainPage() {
  const plain = path.join(site, "plain");
  fs.mkdirSync(plain, { recursive: true });
  execFileSync("tar", ["-xzf", path.join(release, tarball), "-C", plain]);
  fs.renameSync(path.join(plain, "package"), path.join(plain, "pkg"));
  fs.writeFileSync(
    path.join(plain, "index.html"),
    page(`<script type="module">${mountScript("./pkg/defender_score_cards.js")}</script>`),
  );
}

async function showsTheCards(pathname) {
  const session = await openPage(browser, pathname);
  for (const name of CARDS) await waitForCardState(session.page, name, "ready");
  const exposure = await card(session.page, "exposure").locator('[data-testid="score"]').textContent();
  assert(exposure.includes("33"), `exposure score text is ${JSON.stringify(exposure)}`);
  assertEqual(errorsIn(session), [], "console and page errors");
  assertEqual(session.foreignRequests, [], "requests to other origins");
  await session.page.close();
}

await runScenario(
  "the npm package of the release files",
  [
    [
      "the release folder holds the package tarball",
      async () => assert(tarball, `no defender-score-cards-<version>.tgz in ${release}`),
    ],
    [
      "the tarball installs into a Vite project, which builds; a plain module page is written beside it",
      async () => {
        buildWithVite();
        assert(fs.existsSync(path.join(site, "vite", "index.html")), "Vite wrote no index.html");
        const assets = fs.readdirSync(path.join(site, "vite", "assets"));
        assert(assets.some((f) => f.endsWith(".wasm")), `Vite's assets hold no .wasm: ${assets}`);
        plainPage();
        const started = await startEmulator(["--static", site]);
        stopEmulator = started.stop;
        useBaseUrl(started.url);
        browser = await launchBrowser();
      },
    ],
    ["the page Vite built shows the three cards, ready", async () => showsTheCards("/vite/")],
    ["a plain <script type=module> page shows them too", async () => showsTheCards("/plain/")],
  ],
  async () => {
    await browser?.close();
    await stopEmulator();
    fs.rmSync(tmp, { recursive: true, force: true });
  },
);

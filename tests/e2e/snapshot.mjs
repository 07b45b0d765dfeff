// Snapshot mode end to end, with every part real: the publisher signs in with
// client credentials at a local OpenID provider (oauth2-mock-server), reads the
// emulator with that application token (checked against the provider's JWKS),
// writes its folder; docs/hosting.md's nginx block serves the folder and the
// page; the widget in Chromium reads it with no token and no API call.

import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import {
  apiCalls,
  assert,
  assertEqual,
  card,
  emulator,
  launchBrowser,
  openPage,
  runScenario,
  useBaseUrl,
  waitFor,
  waitForCardState,
} from "./harness.mjs";
import { startDocumentedNginx } from "./support/nginx.mjs";
import { startEmulator } from "./support/processes.mjs";
import { AUDIENCE, loadMockServer } from "./support/signin.mjs";

const TENANT = "00000000-0000-0000-0000-0000000000e2";
const CLIENT_ID = "e2e-defender-score-publisher";
const SECRET = "e2e-client-secret-never-printed";
const HOUR_MS = 3_600_000;
const PUBLISH_MS = 60_000;

const siteDir = process.env.E2E_SITE_DIR;
const publisherBinary = process.env.E2E_PUBLISHER;
const tmp = mkdtempSync(path.join(os.tmpdir(), "dsc-e2e-snapshot-"));
const folder = path.join(tmp, "snapshot");
const issued = [];
const tokenRequests = [];
let idp;
let api;
let nginx;
let browser;
let session;
/** The application roles the provider's tokens carry. */
let roles = ["Score.Read.All"];

/** Runs the publisher once against the emulator, with `extra` flags; resolves to `{ code, stdout, stderr }`. */
function publish(extra = []) {
  const args = [
    "--out", folder,
    "--api-base", api.url,
    "--authority", idp.issuer.url,
    "--tenant-id", TENANT,
    "--client-id", CLIENT_ID,
    "--scheduled-every", "15m",
    ...extra,
  ];
  console.log(`    $ defender-score-publisher ${args.join(" ")}`);
  return new Promise((resolve) => {
    execFile(
      publisherBinary,
      args,
      { env: { ...process.env, DEFENDER_CLIENT_SECRET: SECRET }, timeout: PUBLISH_MS },
      (error, stdout, stderr) => {
        for (const line of `${stdout}${stderr}`.trim().split("\n")) console.log(`    [publisher] ${line}`);
        resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr });
      },
    );
  });
}

/** Fails if any output or file of the publisher holds the secret or a token it was issued. */
function assertNoSecretIn(what, text) {
  for (const secret of [SECRET, ...issued]) {
    assert(!text.includes(secret), `${what} holds a secret or a token`);
  }
}

function readJson(name) {
  return JSON.parse(readFileSync(path.join(folder, name), "utf8"));
}

/** What the widget's requests carried, seen by the browser. */
function watchRequests(page) {
  const seen = [];
  page.on("request", (request) => {
    seen.push({ url: request.url(), authorization: request.headers().authorization ?? null });
  });
  return seen;
}

await runScenario(
  "snapshot mode: publisher (client credentials) -> emulator -> folder -> nginx -> widget",
  [
    [
      "the publisher signs in with client credentials and publishes the demo tenant (exit 0, 3 API calls)",
      async () => {
        assert(siteDir && publisherBinary, "E2E_SITE_DIR or E2E_PUBLISHER is not set; run the e2e tests with `cargo xtask test`");
        const { OAuth2Server } = await loadMockServer();
        idp = new OAuth2Server();
        await idp.issuer.keys.generate("RS256");
        await idp.start(0, "127.0.0.1");
        idp.service.on("beforeTokenSigning", (token, req) => {
          // An application token as Entra ID issues one for Score.Read.All.
          tokenRequests.push({ grantType: req.body.grant_type, scope: req.body.scope, clientId: req.body.client_id });
          delete token.payload.scope;
          token.payload.aud = AUDIENCE;
          token.payload.roles = roles;
          token.payload.tid = TENANT;
          token.payload.appid = CLIENT_ID;
        });
        idp.service.on("beforeResponse", (response) => {
          if (response.body?.access_token) issued.push(response.body.access_token);
        });
        api = await startEmulator(["--static", siteDir, "--issuer", idp.issuer.url]);
        useBaseUrl(api.url);

        const first = await publish();
        assertEqual(first.code, 0, "the publisher's exit status");
        assertEqual(
          tokenRequests.map((r) => [r.grantType, r.scope]),
          [["client_credentials", `${AUDIENCE}/.default`]],
          "token requests at the provider",
        );
        const calls = await apiCalls();
        assertEqual(calls.length, 3, `API calls (${JSON.stringify(calls)})`);
        assert(calls.every((c) => c.status === 200), `API call statuses: ${JSON.stringify(calls)}`);
        const snapshot = readJson("snapshot.json");
        assertEqual(snapshot.tenant, TENANT, "snapshot.json tenant");
        assertEqual(snapshot.failure, null, "snapshot.json failure");
        assertEqual(readJson("history.json").records.length, 1, "history records after one publish");
        for (const name of ["snapshot.json", "history.json", "history.csv"]) {
          assertNoSecretIn(name, readFileSync(path.join(folder, name), "utf8"));
        }
        assertNoSecretIn("the publisher's output", first.stdout + first.stderr);
      },
    ],
    [
      "nginx serves the folder as docs/hosting.md says: JSON, no-cache, ETag, and a 304 when unchanged",
      async () => {
        nginx = await startDocumentedNginx(path.join(tmp, "nginx"), { root: siteDir, apiBase: api.url, snapshotDir: folder });
        const answer = await fetch(`${nginx.url}/snapshot/snapshot.json`);
        assertEqual(answer.status, 200, "snapshot.json status");
        assertEqual(answer.headers.get("content-type"), "application/json", "snapshot.json Content-Type");
        assertEqual(answer.headers.get("cache-control"), "no-cache", "snapshot.json Cache-Control");
        const policy = answer.headers.get("content-security-policy") ?? "";
        assert(policy.includes("default-src 'none'"), `snapshot.json Content-Security-Policy: ${policy}`);
        const etag = answer.headers.get("etag");
        assert(etag, "snapshot.json has no ETag");
        const again = await fetch(`${nginx.url}/snapshot/snapshot.json`, { headers: { "If-None-Match": etag } });
        assertEqual(again.status, 304, "a revalidation of an unchanged snapshot.json");
        const csv = await fetch(`${nginx.url}/snapshot/history.csv`);
        assertEqual(csv.headers.get("content-type"), "text/csv", "history.csv Content-Type");
        const hidden = await fetch(`${nginx.url}/snapshot/.publisher.lock`);
        assertEqual(hidden.status, 404, "the folder's lock file through nginx");
      },
    ],
    [
      "the widget shows the demo scores from the folder: 2 requests, no Authorization header, 0 API calls",
      async () => {
        browser = await launchBrowser();
        session = await openPage(browser, "/snapshot.html", { site: nginx.url });
        const requests = watchRequests(session.page);
        for (const name of ["exposure", "device", "groups"]) {
          await waitForCardState(session.page, name, "ready");
        }
        const exposure = await card(session.page, "exposure").locator('[data-testid="score"]').textContent();
        assert(exposure.includes("33"), `exposure score text is ${JSON.stringify(exposure)}`);
        const folderRequests = requests.filter((r) => new URL(r.url).pathname.startsWith("/snapshot/"));
        assertEqual(
          folderRequests.map((r) => new URL(r.url).pathname).sort(),
          ["/snapshot/history.json", "/snapshot/snapshot.json"],
          "the page view's requests to the folder",
        );
        assertEqual(requests.filter((r) => r.authorization !== null), [], "requests with an Authorization header");
        assertEqual((await apiCalls()).length, 3, "API calls (the publisher's 3 only)");
        assertEqual(session.foreignRequests, [], "requests to other origins");
        assertEqual(await session.page.evaluate(() => window.e2e.failure), null, "mount() failure");
      },
    ],
    [
      "after a second publish with a higher exposure, the trend and change line come from the published history",
      async () => {
        // The first publish is made an hour older, as the schedule would have it; a publish
        // within the hour updates the newest record instead of adding one.
        const history = readJson("history.json");
        history.records[0].timeMs -= 2 * HOUR_MS;
        writeFileSync(path.join(folder, "history.json"), JSON.stringify(history));
        await emulator("PUT", "/_emulator/tenant", { exposureScore: 61.5 });
        assertEqual((await publish()).code, 0, "the second publish's exit status");
        assertEqual(readJson("history.json").records.length, 2, "history records after two publishes");
        await session.page.evaluate(() => window.e2e.handle.refresh());
        const trend = await waitFor("the exposure card's trend", async () => {
          const line = card(session.page, "exposure").locator("p.trend");
          return (await line.count()) > 0 ? line.getAttribute("data-trend") : null;
        });
        assertEqual(trend, "worse", "the exposure card's data-trend");
        const score = await card(session.page, "exposure").locator('[data-testid="score"]').textContent();
        assert(score.includes("62") || score.includes("61"), `exposure score text is ${JSON.stringify(score)}`);
        assertEqual((await apiCalls()).length, 6, "API calls (two publishes, none from the browser)");
      },
    ],
    [
      "a publish the API refuses (429) exits 1, keeps the readings and the cards go stale with the reason",
      async () => {
        await emulator("POST", "/_emulator/faults", { retryAfter: 600, times: "always" });
        const failed = await publish();
        assertEqual(failed.code, 1, "the failed publish's exit status");
        const snapshot = readJson("snapshot.json");
        assertEqual(snapshot.failure?.status, 429, "snapshot.json failure status");
        assertEqual(snapshot.readings.length, 3, "readings kept after the failure");
        await emulator("DELETE", "/_emulator/faults");
        await session.page.evaluate(() => window.e2e.handle.refresh());
        for (const name of ["exposure", "device", "groups"]) {
          await waitForCardState(session.page, name, "stale");
        }
        // Every card is stale for the same reason: the widget says it once, above the cards.
        const note = await session.page.locator(".shared").textContent();
        assert(note.includes("429"), `the shared stale note does not give the failure's status: ${JSON.stringify(note)}`);
      },
    ],
    [
      "with SecurityRecommendation.Read.All the publisher publishes the four cards; the page asking for recommendations shows it ready, 15 active",
      async () => {
        roles = ["Score.Read.All", "SecurityRecommendation.Read.All"];
        const before = (await apiCalls()).length;
        const published = await publish(["--cards", "exposure,device,groups,recommendations"]);
        assertEqual(published.code, 0, "the four cards' publish exit status");
        assert(published.stdout.includes("recommendations 15 active"), `the publisher's line: ${published.stdout}`);
        const snapshot = readJson("snapshot.json");
        assertEqual(snapshot.failure, null, "snapshot.json failure");
        const reading = snapshot.readings.find((r) => r.kind === "recommendations");
        assertEqual(reading?.active, 15, "the recommendations reading's active count");
        assertEqual(reading.top[0].name, "Update Google Chrome", "the top recommendation");
        assertEqual(readJson("history.json").records.at(-1).recommendations, 15, "the history's active count");
        const calls = (await apiCalls()).slice(before);
        assert(calls.some((c) => c.path.startsWith("/api/recommendations") && c.status === 200), `API calls: ${JSON.stringify(calls)}`);
        const four = await openPage(browser, "/snapshot.html?cards=exposure,device,groups,recommendations", { site: nginx.url });
        for (const name of ["exposure", "device", "groups", "recommendations"]) {
          await waitForCardState(four.page, name, "ready");
        }
        const detail = await waitFor("the recommendations card's loaded event", () =>
          four.page.evaluate(() => window.e2e.events.find((e) => e.type === "defender-scores:loaded" && e.detail.card === "recommendations")?.detail ?? null));
        assertEqual(detail.active, 15, "the event's active count");
        assertEqual(detail.recommendations[0].name, "Update Google Chrome", "the event's first recommendation");
        assertEqual((await apiCalls()).length, before + calls.length, "API calls from the browser");
        assertEqual(four.foreignRequests, [], "requests to other origins");
        await four.context.close();
      },
    ],
    [
      "a snapshot folder on a foreign origin not in allowedOrigins is refused by mount(), before any request",
      async () => {
        const foreign = "http://127.0.0.2:9/snapshot/";
        const other = await openPage(browser, `/snapshot.html?folder=${encodeURIComponent(foreign)}`, { site: nginx.url });
        const failure = await waitFor("mount() to throw", () => other.page.evaluate(() => window.e2e.failure));
        assert(failure.includes("snapshot"), `mount()'s error does not name the option: ${failure}`);
        assertEqual(other.foreignRequests, [], "requests to the foreign origin");
        await other.context.close();
      },
    ],
  ],
  async () => {
    await browser?.close();
    await nginx?.stop();
    await api?.stop();
    await idp?.stop();
    rmSync(tmp, { recursive: true, force: true });
  },
);

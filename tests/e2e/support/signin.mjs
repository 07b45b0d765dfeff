// The token path end to end, set up for one sign-in test:
//
//   oauth2-mock-server (https on loopback, a throwaway self-signed certificate
//   made with openssl) is the identity provider; its /authorize answers at once
//   with a redirect carrying the code, so MSAL.js's redirect sign-in runs
//   unattended: authorization code + PKCE (S256), then /token.
//   A plain-http JWKS endpoint republishes its keys, because the emulator
//   fetches keys over http only.
//   The emulator runs in JWT mode (--jwks-url, --issuer) and serves a copy of
//   dist/ with a config.json that points MSAL at the identity provider.
//   Chromium trusts the certificate by its public key hash
//   (--ignore-certificate-errors-spki-list), for these tests only.
//
// `policy` decides the claims of the access tokens the identity provider
// issues; the returned `log` records what it was asked (grant types, PKCE) and
// what it issued, so a test can check the refresh happened once and that no
// token reached web storage.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import {
  apiCalls,
  assert,
  assertEqual,
  card,
  launchBrowser,
  openPage,
  runScenario,
  useBaseUrl,
  waitFor,
  waitForCardState,
} from "../harness.mjs";
import { startEmulator } from "./processes.mjs";

/** The audience of tokens for the Defender API (the legacy resource). */
export const AUDIENCE = "https://api.securitycenter.microsoft.com";
/** The client id in config.json; the mock server accepts any. */
export const CLIENT_ID = "e2e-defender-score-cards";

const toolsDir = process.env.E2E_TOOLS_DIR ?? path.join(import.meta.dirname, "..", "..", "..", ".tools");

export async function loadMockServer() {
  const require = createRequire(path.join(toolsDir, "package.json"));
  // The package is ESM-only: resolve its entry from .tools/, then import it.
  const entry = require.resolve("oauth2-mock-server");
  return import(pathToFileURL(entry).href);
}

/** A self-signed certificate for localhost and 127.0.0.1, and its SPKI SHA-256 (base64). */
function throwawayCertificate(dir) {
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
    "-subj", "/CN=localhost",
    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    "-keyout", key, "-out", cert,
  ], { stdio: ["ignore", "ignore", "pipe"] });
  const publicKey = execFileSync("openssl", ["x509", "-in", cert, "-pubkey", "-noout"]);
  const der = execFileSync("openssl", ["pkey", "-pubin", "-outform", "der"], { input: publicKey });
  const spki = execFileSync("openssl", ["dgst", "-sha256", "-binary"], { input: der }).toString("base64");
  return { key, cert, spki };
}

/**
 * Starts the identity provider, its http JWKS, and the emulator serving
 * E2E_SITE_DIR with a config.json for them. `policy` is mutable:
 *   { scp: "Score.Read", expireNext: 0 }  — `expireNext` access tokens are issued already expired.
 * Optional: `cards` (config.json's cards); `scpFor(scope)`, the `scp` of an access token
 * asked for `scope` (else `scp`); `onAuthorize(redirect, req)` and `onToken(response, req)`,
 * called before the provider answers /authorize and /token, may change the answer.
 */
export async function startSignInStack(policy) {
  const siteDir = process.env.E2E_SITE_DIR;
  if (!siteDir) throw new Error("E2E_SITE_DIR is not set; run the e2e tests with `cargo xtask test`");
  const tmp = mkdtempSync(path.join(os.tmpdir(), "dsc-e2e-idp-"));
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => console.log(`    stop failed: ${e}`));
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    const { OAuth2Server } = await loadMockServer();
    const tls = throwawayCertificate(tmp);
    const idp = new OAuth2Server(tls.key, tls.cert);
    await idp.issuer.keys.generate("RS256");
    await idp.start(0, "127.0.0.1");
    stops.push(() => idp.stop());
    const issuer = idp.issuer.url; // https://localhost:PORT
    console.log(`    identity provider (oauth2-mock-server, https) at ${issuer}`);

    const log = { authorize: [], token: [], issued: [] };
    idp.service.on("beforeAuthorizeRedirect", (redirect, req) => {
      policy.onAuthorize?.(redirect, req);
      log.authorize.push({
        codeChallengeMethod: req.query.code_challenge_method ?? null,
        hasCodeChallenge: typeof req.query.code_challenge === "string",
        redirectUri: req.query.redirect_uri,
      });
    });
    idp.service.on("beforeTokenSigning", (token, req) => {
      // The id token is built with `aud` = client id and no `scope`; only shape access tokens.
      if (token.payload.scope === undefined) return;
      const now = Math.floor(Date.now() / 1000);
      const scope = token.payload.scope;
      delete token.payload.scope;
      token.payload.aud = AUDIENCE;
      token.payload.scp = policy.scpFor?.(scope) ?? policy.scp;
      token.payload.tid = "00000000-0000-0000-0000-0000000000e2";
      token.payload.oid = "00000000-0000-0000-0000-000000000001";
      if (policy.expireNext > 0) {
        policy.expireNext -= 1;
        token.payload.iat = now - 7200;
        token.payload.nbf = now - 7200;
        token.payload.exp = now - 3600; // long past the emulator's 60 s clock skew
      }
      log.token.push({
        grantType: req.body.grant_type,
        pkce: typeof req.body.code_verifier === "string",
        expired: token.payload.exp <= now,
      });
    });
    idp.service.on("beforeResponse", (response, req) => {
      policy.onToken?.(response, req);
      const { access_token: accessToken, refresh_token: refreshToken, id_token: idToken } = response.body ?? {};
      for (const secret of [accessToken, refreshToken, idToken]) if (secret) log.issued.push(secret);
    });

    // The emulator fetches keys over plain http only: republish the JWKS.
    const jwks = http.createServer((req, res) => {
      if (req.url !== "/jwks") {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ keys: idp.issuer.keys.toJSON() }));
    });
    await new Promise((resolve, reject) => jwks.once("error", reject).listen(0, "127.0.0.1", resolve));
    stops.push(() => new Promise((resolve) => jwks.close(() => resolve())));
    const jwksUrl = `http://127.0.0.1:${jwks.address().port}/jwks`;

    const emulator = await startEmulator(["--static", siteDir, "--jwks-url", jwksUrl, "--issuer", issuer]);
    stops.push(emulator.stop);
    useBaseUrl(emulator.url);

    // Static files are read per request: config.json may be written now.
    const config = {
      clientId: CLIENT_ID,
      authority: issuer,
      knownAuthorities: [new URL(issuer).host],
      protocolMode: "OIDC",
      apiBase: "/",
      cards: policy.cards ?? ["exposure", "device", "groups"],
      locale: "en-US",
      theme: "light",
    };
    writeFileSync(path.join(siteDir, "config.json"), JSON.stringify(config, null, 2));

    return {
      issuer,
      log,
      emulatorUrl: emulator.url,
      chromiumArgs: [`--ignore-certificate-errors-spki-list=${tls.spki}`],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Runs one sign-in scenario: the stack for `policy`, a Chromium that trusts its
 * certificate, and the steps `makeSteps(scenario)` returns; stops both at the end.
 * `scenario` holds `stack`, `browser` and, once a step opened the page, `session`.
 */
export async function runSignInScenario(title, policy, makeSteps) {
  const stack = await startSignInStack(policy);
  const browser = await launchBrowser({ extraArgs: stack.chromiumArgs });
  const scenario = { stack, browser, session: undefined };
  await runScenario(title, makeSteps(scenario), async () => {
    await browser.close();
    await stack.stop();
  });
}

/**
 * The step that opens the standalone page, which signs in, and waits for every
 * card to reach `state` (and, when given, `data-error=error`).
 */
export function openingSignsIn(scenario, description, state, error) {
  return [
    description,
    async () => {
      scenario.session = await openPage(scenario.browser, "/", { allowOrigins: [scenario.stack.issuer] });
      for (const name of ["exposure", "device", "groups"]) {
        const seen = await waitForCardState(scenario.session.page, name, state, { timeoutMs: 30_000 });
        if (error !== undefined) assertEqual(seen.error, error, `the ${name} card's data-error`);
      }
    },
  ];
}

/** The emulator's call log once it holds `count` calls. */
export function apiCallsReaching(count) {
  return waitFor(`${count} API calls`, async () => {
    const list = await apiCalls();
    return list.length >= count ? list : null;
  });
}

/** Fails unless the cards show the demo scores: exposure 33, device 340. */
export async function assertDemoScores(page) {
  const exposure = await card(page, "exposure").locator('[data-testid="score"]').textContent();
  const device = await card(page, "device").locator('[data-testid="score"]').textContent();
  assert(exposure.includes("33"), `exposure score text is ${JSON.stringify(exposure)}`);
  assert(device.includes("340"), `device score text is ${JSON.stringify(device)}`);
}

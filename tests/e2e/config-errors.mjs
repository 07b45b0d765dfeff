// The standalone page never goes blank: a config.json that is not JSON, has
// a mistyped key, lacks the client id, names a card that does not exist or asks
// for too many recommendations, mixes the demo with sign-in or another API, and a
// sign-in service that cannot be reached,
// each end as a readable message on the page. And a real Entra ID configuration
// sends the browser to the right authorize URL, asking consent for the
// recommendations card's scope too when config.json names that card (the
// harness blocks it there: no test reaches the internet).

import { writeFileSync } from "node:fs";
import path from "node:path";

import { assert, assertEqual, baseUrl, launchBrowser, openPage, pending, runScenario, waitFor } from "./harness.mjs";

const siteDir = process.env.E2E_SITE_DIR;
const browser = await launchBrowser();

/** Serves `body` as config.json, opens the page, and returns the alert's title and text. */
async function problemShownFor(body) {
  writeFileSync(path.join(siteDir, "config.json"), body);
  const session = await openPage(browser, "/");
  try {
    return await waitFor("a problem message on the page", async () => {
      const alert = session.page.locator('#defender-score-cards [role="alert"]');
      if ((await alert.count()) === 0) return pending(await session.page.locator("body").innerText());
      return { title: await alert.locator("h2").innerText(), text: await alert.innerText() };
    });
  } finally {
    await session.context.close();
  }
}

await runScenario(
  "standalone page: configuration and sign-in problems are shown, not a blank page",
  [
    [
      "config.json that is not JSON",
      async () => {
        const shown = await problemShownFor("{ clientId: oops");
        assertEqual(shown.title, "config.json is not usable", "title");
        assert(shown.text.includes("not valid JSON"), `message: ${shown.text}`);
      },
    ],
    [
      "a mistyped key is named",
      async () => {
        const shown = await problemShownFor(JSON.stringify({ clientID: "x", tenantId: "y" }));
        assert(shown.text.includes('unknown key "clientID"'), `message: ${shown.text}`);
      },
    ],
    [
      "a missing clientId is explained",
      async () => {
        const shown = await problemShownFor(JSON.stringify({ tenantId: "contoso.example" }));
        assert(shown.text.includes('"clientId" is missing'), `message: ${shown.text}`);
      },
    ],
    [
      "a card that does not exist is named, before anyone is sent to sign in",
      async () => {
        const shown = await problemShownFor(
          JSON.stringify({ clientId: "x", tenantId: "y", cards: ["exposure", "recommendation"] }),
        );
        assertEqual(shown.title, "config.json is not usable", "title");
        assert(shown.text.includes('"cards" names "recommendation"'), `message: ${shown.text}`);
        assert(shown.text.includes("exposure, device, groups, recommendations"), `the cards listed: ${shown.text}`);
      },
    ],
    [
      "a card named twice, and a number of recommendations outside 1 to 20, are explained",
      async () => {
        const twice = await problemShownFor(JSON.stringify({ clientId: "x", tenantId: "y", cards: "groups,exposure,groups" }));
        assert(twice.text.includes('"cards" names "groups" twice'), `message: ${twice.text}`);
        for (const top of [0, 21, 2.5]) {
          const shown = await problemShownFor(
            JSON.stringify({ clientId: "x", tenantId: "y", cards: ["recommendations"], recommendationsTop: top }),
          );
          assert(shown.text.includes('"recommendationsTop" must be a whole number from 1 to 20'), `${top}: ${shown.text}`);
        }
      },
    ],
    [
      "with \"demo\": true, a sign-in key, another API or a demo that is not true or false is refused by name",
      async () => {
        const signIn = await problemShownFor(JSON.stringify({ demo: true, clientId: "x" }));
        assertEqual(signIn.title, "config.json is not usable", "title");
        assert(signIn.text.includes('"clientId" is for sign-in; with "demo" nobody signs in'), `message: ${signIn.text}`);
        const api = await problemShownFor(JSON.stringify({ demo: true, apiBase: "https://api.example" }));
        assert(api.text.includes('"apiBase" does not go with "demo"'), `message: ${api.text}`);
        const notBoolean = await problemShownFor(JSON.stringify({ demo: "yes" }));
        assert(notBoolean.text.includes('"demo" must be a boolean'), `message: ${notBoolean.text}`);
      },
    ],
    [
      "a sign-in service that cannot be reached gives MSAL's error code on the page",
      async () => {
        // The harness blocks every other origin, so this authority never answers.
        const shown = await problemShownFor(
          JSON.stringify({
            clientId: "e2e-client",
            authority: "https://login.invalid/tenant",
            knownAuthorities: ["login.invalid"],
            protocolMode: "OIDC",
          }),
        );
        assertEqual(shown.title, "Sign-in failed", "title");
        assert(/[a-z_]+_[a-z_]+/.test(shown.text), `an MSAL error code in: ${shown.text}`);
      },
    ],
    [
      "with clientId and tenantId, the browser is sent to Entra ID's authorize endpoint with PKCE, the API scope and redirect.html",
      async () => {
        writeFileSync(
          path.join(siteDir, "config.json"),
          JSON.stringify({ clientId: "11111111-2222-3333-4444-555555555555", tenantId: "contoso.example" }),
        );
        const session = await openPage(browser, "/");
        try {
          const url = await waitFor("the blocked navigation to login.microsoftonline.com", async () =>
            session.foreignRequests.find((u) => u.startsWith("https://login.microsoftonline.com/")) ??
            pending(JSON.stringify(session.foreignRequests)),
          );
          const authorize = new URL(url);
          assertEqual(authorize.pathname, "/contoso.example/oauth2/v2.0/authorize", "authorize path");
          const q = authorize.searchParams;
          assertEqual(q.get("client_id"), "11111111-2222-3333-4444-555555555555", "client_id");
          assertEqual(q.get("response_type"), "code", "response_type");
          assertEqual(q.get("code_challenge_method"), "S256", "code_challenge_method");
          const scopes = q.get("scope").split(" ");
          assert(scopes.includes("https://api.securitycenter.microsoft.com/Score.Read"), `scope ${q.get("scope")}`);
          assert(!scopes.some((s) => s.endsWith("/SecurityRecommendation.Read")), `scope without that card: ${q.get("scope")}`);
          // Not page.url(): by now the tab may show the blocked navigation's error page.
          assertEqual(q.get("redirect_uri"), `${new URL(baseUrl).origin}/redirect.html`, "redirect_uri");
        } finally {
          await session.context.close();
        }
      },
    ],
    [
      "with the recommendations card in config.json (GCC), the sign-in still asks for Score.Read alone (the card asks for its own consent when shown)",
      async () => {
        writeFileSync(
          path.join(siteDir, "config.json"),
          JSON.stringify({
            clientId: "11111111-2222-3333-4444-555555555555",
            tenantId: "contoso.example",
            cloud: "gcc",
            cards: ["exposure", "device", "groups", "recommendations"],
          }),
        );
        const session = await openPage(browser, "/");
        try {
          const url = await waitFor("the blocked navigation to login.microsoftonline.com", async () =>
            session.foreignRequests.find((u) => u.startsWith("https://login.microsoftonline.com/")) ??
            pending(JSON.stringify(session.foreignRequests)),
          );
          const scopes = new URL(url).searchParams.get("scope").split(" ");
          assert(scopes.includes("https://api-gcc.securitycenter.microsoft.us/Score.Read"), `Score.Read in scope ${scopes}`);
          // A tenant that has not approved it must still sign in and see the scores.
          assert(!scopes.some((s) => s.endsWith("/SecurityRecommendation.Read")), `no SecurityRecommendation.Read in scope ${scopes}`);
        } finally {
          await session.context.close();
        }
      },
    ],
  ],
  () => browser.close(),
);

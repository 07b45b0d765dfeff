//! The end-to-end test scripts in `tests/e2e/`: which ones `cargo xtask test` runs, in
//! which order, what each is served and who starts its emulator.

use std::fs;

use crate::workspace::Workspace;
use crate::Result;

/// Where the e2e scripts live, relative to the repository root.
pub const E2E_DIR: &str = "tests/e2e";
/// Shared helpers, not a test.
const HARNESS: &str = "harness.mjs";
/// The test of the SharePoint web part, run by `spfx::e2e` against the packaged assets
/// rather than from [`TESTS`].
pub const SPFX_SCRIPT: &str = "spfx.mjs";

/// What the emulator serves as static files for a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// The standalone SPA, `dist/`.
    Dist,
    /// A temporary directory with `pkg/` and the pages in `tests/e2e/pages/`.
    EmbeddingPages,
    /// A temporary copy of `dist/` the script may add files to (config.json).
    DistCopy,
    /// A temporary directory with `pkg/` and the pages in `examples/`.
    Examples,
    /// What `cargo xtask serve` serves: a temporary copy of `dist/` with its demo config.json,
    /// the emulator compressing it with serve's flags.
    Served,
}

/// Who starts the emulator for a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// This module, serving the site; the script gets its URL in `E2E_BASE_URL`.
    Xtask,
    /// The script, from the binary in `E2E_EMULATOR`, serving `E2E_SITE_DIR`,
    /// with flags it only knows once its own servers run.
    Script,
}

/// One end-to-end test script.
#[derive(Debug, Clone, Copy)]
pub struct E2eTest {
    /// File name in `tests/e2e/`.
    pub script: &'static str,
    /// What it proves, for the step list.
    pub title: &'static str,
    /// What the emulator serves for it.
    pub site: Site,
    /// Who starts the emulator.
    pub start: Start,
}

/// Every e2e test, in the order `cargo xtask test` runs them.
pub const TESTS: [E2eTest; 20] = [
    E2eTest {
        script: "standalone.mjs",
        title: "e2e: the standalone SPA shows the demo tenant's three cards, and the recommendations card when config.json names it",
        site: Site::Dist,
        start: Start::Xtask,
    },
    E2eTest {
        script: "served.mjs",
        title: "e2e: the site `cargo xtask serve` serves: gzip on the wasm and the JS, minified JS with matching integrity, the demo with no console error",
        site: Site::Served,
        start: Start::Xtask,
    },
    E2eTest {
        script: "mount.mjs",
        title: "e2e: mount() loads, re-asks for a token after 401, shows 403",
        site: Site::EmbeddingPages,
        start: Start::Xtask,
    },
    E2eTest {
        script: "signin-good.mjs",
        title: "e2e: MSAL.js redirect sign-in (code + PKCE) on a local OIDC provider; JWT verified; scores",
        site: Site::DistCopy,
        start: Start::Script,
    },
    E2eTest {
        script: "signin-expired.mjs",
        title: "e2e: an expired token gets 401, one forceRefresh, then the scores",
        site: Site::DistCopy,
        start: Start::Script,
    },
    E2eTest {
        script: "signin-forbidden.mjs",
        title: "e2e: a token without Score.Read shows data-error=forbidden",
        site: Site::DistCopy,
        start: Start::Script,
    },
    E2eTest {
        script: "signin-consent.mjs",
        title: "e2e: no consent to SecurityRecommendation.Read: that card alone asks to sign in; its popup consents, then it loads",
        site: Site::DistCopy,
        start: Start::Script,
    },
    E2eTest {
        script: "config-errors.mjs",
        title: "e2e: config.json problems are shown on the page; an Entra config goes to the right authorize URL",
        site: Site::DistCopy,
        start: Start::Xtask,
    },
    E2eTest {
        script: "intranet.mjs",
        title: "e2e: examples/intranet.html: two elements, host CSS and card CSS stay apart",
        site: Site::Examples,
        start: Start::Xtask,
    },
    E2eTest {
        script: "nginx.mjs",
        title: "e2e: docs/hosting.md's nginx config serves dist/ and proxies /api/ to the emulator",
        site: Site::Dist,
        start: Start::Xtask,
    },
    E2eTest {
        script: "snapshot.mjs",
        title: "e2e: publisher (client credentials at a local OpenID provider) -> emulator -> folder -> nginx -> widget with no token: scores, trend, a failed publish goes stale, a foreign folder refused",
        site: Site::EmbeddingPages,
        start: Start::Script,
    },
    E2eTest {
        script: "csp.mjs",
        title: "e2e: mount() and the element under a strict CSP header, API on another origin: no violation",
        site: Site::EmbeddingPages,
        start: Start::Script,
    },
    E2eTest {
        script: "soak.mjs",
        title: "e2e: 200 mounts and 1,000 refreshes leave no timer, listener or request; memory grows < 1 MB",
        site: Site::EmbeddingPages,
        start: Start::Script,
    },
    E2eTest {
        script: "faults.mjs",
        title: "e2e: mount() through 5xx schedules, a permanent 503, Retry-After, a redirect, a dropped body, a drip past the timeout, HTML, five widgets",
        site: Site::EmbeddingPages,
        start: Start::Script,
    },
    E2eTest {
        script: "cache.mjs",
        title: "e2e: a reload costs no call (sessionStorage cache); a new tab, cache off and an expired reading do",
        site: Site::EmbeddingPages,
        start: Start::Script,
    },
    E2eTest {
        script: "a11y.mjs",
        title: "e2e: axe-core WCAG 2.2 A/AA over every card state, light, dark and a strong section, both layouts at every width; meters, keyboard refresh, focus, aria-live, reduced motion",
        site: Site::EmbeddingPages,
        start: Start::Xtask,
    },
    E2eTest {
        script: "layout.mjs",
        title: "e2e: no card showing readings has over 24 px of empty space, cards and compact at 320, 640, 960 and 1,200 px; compact at 320 px is at most 40 px a line",
        site: Site::EmbeddingPages,
        start: Start::Xtask,
    },
    E2eTest {
        script: "layout-shift.mjs",
        title: "e2e: a first view that does not jump: layout shift 0 from mount() to ready, the frame as tall loading as ready, 320 and 1,200 px, cards and compact, three and four cards, API 150 ms late",
        site: Site::EmbeddingPages,
        start: Start::Xtask,
    },
    E2eTest {
        script: "visual.mjs",
        title: "e2e: card states, column widths, layouts and themes match the reference pictures in tests/e2e/visual/",
        site: Site::EmbeddingPages,
        start: Start::Xtask,
    },
    E2eTest {
        script: "npm-package.mjs",
        title: "e2e: the release's npm package installs into a Vite project, builds, and shows the cards; a plain module page too",
        site: Site::EmbeddingPages,
        start: Start::Script,
    },
];

/// Fails if `tests/e2e/` holds a test script [`TESTS`] does not list, so a
/// new test cannot be silently skipped.
pub fn check_all_listed(workspace: &Workspace) -> Result {
    let dir = workspace.path(E2E_DIR);
    let entries = fs::read_dir(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let found: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .collect();
    let unlisted = unlisted_scripts(&found);
    if unlisted.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{E2E_DIR}/ has test scripts xtask does not run: {}; add them to TESTS in xtask/src/e2e/scripts.rs",
            unlisted.join(", ")
        ))
    }
}

/// The `.mjs` files in `names` that are neither the harness nor in [`TESTS`].
pub fn unlisted_scripts(names: &[String]) -> Vec<String> {
    let mut unlisted: Vec<String> = names
        .iter()
        .filter(|name| name.ends_with(".mjs") && name.as_str() != HARNESS)
        .filter(|name| !TESTS.iter().any(|test| test.script == name.as_str()))
        .filter(|name| name.as_str() != SPFX_SCRIPT)
        .cloned()
        .collect();
    unlisted.sort();
    unlisted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_listed_test_and_the_harness_are_known() {
        let found = names(&[
            "harness.mjs",
            "standalone.mjs",
            "mount.mjs",
            "signin-good.mjs",
            "signin-expired.mjs",
            "signin-forbidden.mjs",
            "signin-consent.mjs",
            "config-errors.mjs",
            "intranet.mjs",
            "nginx.mjs",
            "a11y.mjs",
            "layout.mjs",
            "visual.mjs",
            "pages",
            "support",
            "README.md",
        ]);
        assert!(unlisted_scripts(&found).is_empty());
    }

    #[test]
    fn new_scripts_must_be_listed() {
        let found = names(&["standalone.mjs", "theme.mjs", "a11y.mjs", "print.mjs"]);
        assert_eq!(unlisted_scripts(&found), names(&["print.mjs", "theme.mjs"]));
    }

    #[test]
    fn the_repository_lists_all_its_e2e_scripts() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        assert_eq!(check_all_listed(&workspace), Ok(()));
    }
}

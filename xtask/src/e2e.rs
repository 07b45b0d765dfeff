//! End-to-end tests: node scripts in `tests/e2e/` drive headless Chromium
//! (playwright-core from `.tools/`) against an emulator on a free port,
//! serving one built site. This module starts the emulator, except for tests
//! whose emulator flags depend on servers the script starts first (the
//! sign-in tests' identity provider): those get the binary and start it.
//! Helpers shared by several scripts (and `cargo xtask screenshots`) live in
//! `tests/e2e/support/`, which is not a test.

use std::fs;
use std::path::{Path, PathBuf};

use crate::process::Cmd;
use crate::tools::{CHROMIUM, NGINX};
use crate::workspace::Workspace;
use crate::{emulator, Result};

/// Where the e2e scripts live, relative to the repository root.
pub const E2E_DIR: &str = "tests/e2e";
/// Shared helpers, not a test.
const HARNESS: &str = "harness.mjs";

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
pub const TESTS: [E2eTest; 16] = [
    E2eTest {
        script: "standalone.mjs",
        title: "e2e: the standalone SPA shows the demo tenant's three cards",
        site: Site::Dist,
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
        title: "e2e: no card showing readings has over 24 px of empty space, cards and compact at 320, 640, 960 and 1,200 px; compact at 320 px is at most 120 px tall",
        site: Site::EmbeddingPages,
        start: Start::Xtask,
    },
    E2eTest {
        script: "visual.mjs",
        title: "e2e: card states, column widths, layouts and themes match the reference pictures in tests/e2e/visual/",
        site: Site::EmbeddingPages,
        start: Start::Xtask,
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
            "{E2E_DIR}/ has test scripts xtask does not run: {}; add them to TESTS in xtask/src/e2e.rs",
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
        .filter(|name| !crate::spfx::E2E_SCRIPTS.contains(&name.as_str()))
        .cloned()
        .collect();
    unlisted.sort();
    unlisted
}

/// Runs one test: serves its site with a fresh emulator on a free port and
/// runs the script with node, passing the emulator's URL in `E2E_BASE_URL`
/// (for [`Start::Script`], the emulator binary instead), the site's
/// directory in `E2E_SITE_DIR` and, for files a failing test leaves to look
/// at, `E2E_ARTIFACTS_DIR` (`<target>/e2e/<script>/`); `E2E_PUBLISHER` names the publisher's
/// binary, built beside the emulator.
pub fn run(workspace: &Workspace, emulator_binary: &Path, test: &E2eTest) -> Result {
    let script = workspace.path(E2E_DIR).join(test.script);
    let stem = test.script.trim_end_matches(".mjs");
    let artifacts = workspace.target_dir()?.join("e2e").join(stem);
    let node = Cmd::new("node", workspace)
        .arg(script)
        .env("E2E_ARTIFACTS_DIR", &artifacts);
    run_node(workspace, emulator_binary, test.site, test.start, node)
}

/// Runs `node` (a command for a script) against `site`, served by an
/// emulator this function starts ([`Start::Xtask`]) or the script starts
/// ([`Start::Script`]), with the environment `tests/e2e/harness.mjs` reads.
pub fn run_node(
    workspace: &Workspace,
    emulator_binary: &Path,
    site: Site,
    start: Start,
    node: Cmd,
) -> Result {
    let staged;
    let site_dir = match site {
        Site::Dist => {
            let dist = workspace.path("dist");
            require_file(&dist.join("index.html"), "build dist/ first")?;
            dist
        }
        Site::EmbeddingPages => {
            staged = StagedSite::embedding_pages(workspace)?;
            staged.dir.clone()
        }
        Site::DistCopy => {
            staged = StagedSite::dist_copy(workspace)?;
            staged.dir.clone()
        }
        Site::Examples => {
            staged = StagedSite::examples(workspace)?;
            staged.dir.clone()
        }
    };
    let node = node
        .env("E2E_CHROMIUM", CHROMIUM)
        .env("E2E_NGINX", NGINX)
        .env("E2E_TOOLS_DIR", workspace.tools_dir())
        .env("E2E_SITE_DIR", &site_dir)
        .env(
            "E2E_PUBLISHER",
            workspace
                .target_dir()?
                .join("debug")
                .join("defender-score-publisher"),
        );
    match start {
        Start::Xtask => {
            let emulator = emulator::start(workspace, emulator_binary, &site_dir, 0, false)?;
            println!(
                "    emulator at {} serving {}",
                emulator.url,
                site_dir.display()
            );
            node.env("E2E_BASE_URL", &emulator.url).run()
        }
        Start::Script => {
            println!(
                "    the script starts the emulator, serving {}",
                site_dir.display()
            );
            node.env("E2E_EMULATOR", emulator_binary).run()
        }
    }
}

fn require_file(path: &Path, hint: &str) -> Result {
    if path.is_file() {
        Ok(())
    } else {
        Err(format!("{} is missing ({hint})", path.display()))
    }
}

/// A temporary directory served as a site; removed when dropped.
struct StagedSite {
    dir: PathBuf,
}

impl StagedSite {
    /// `pkg/` plus the pages in `tests/e2e/pages/`.
    fn embedding_pages(workspace: &Workspace) -> Result<StagedSite> {
        StagedSite::pkg_and(workspace, &workspace.path(E2E_DIR).join("pages"))
    }

    /// `pkg/` plus the example pages in `examples/`.
    fn examples(workspace: &Workspace) -> Result<StagedSite> {
        StagedSite::pkg_and(workspace, &workspace.path("examples"))
    }

    fn pkg_and(workspace: &Workspace, pages: &Path) -> Result<StagedSite> {
        let pkg = workspace.path("pkg");
        require_file(&pkg.join("defender_score_cards.js"), "build pkg/ first")?;
        let site = StagedSite::empty();
        copy_dir(&pkg, &site.dir.join("pkg"))?;
        copy_dir(pages, &site.dir)?;
        Ok(site)
    }

    /// A copy of `dist/`, so a test can add its config.json without touching `dist/`.
    fn dist_copy(workspace: &Workspace) -> Result<StagedSite> {
        let dist = workspace.path("dist");
        require_file(&dist.join("index.html"), "build dist/ first")?;
        let site = StagedSite::empty();
        copy_dir(&dist, &site.dir)?;
        Ok(site)
    }

    fn empty() -> StagedSite {
        let dir = std::env::temp_dir().join(format!("xtask-e2e-site-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        StagedSite { dir }
    }
}

impl Drop for StagedSite {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) -> Result {
    let failed = |what: &str, path: &Path, e: std::io::Error| {
        format!("cannot {what} {}: {e}", path.display())
    };
    fs::create_dir_all(to).map_err(|e| failed("create", to, e))?;
    for entry in fs::read_dir(from).map_err(|e| failed("list", from, e))? {
        let entry = entry.map_err(|e| failed("list", from, e))?;
        let source = entry.path();
        let target = to.join(entry.file_name());
        if source.is_dir() {
            copy_dir(&source, &target)?;
        } else {
            fs::copy(&source, &target).map_err(|e| failed("copy", &source, e))?;
        }
    }
    Ok(())
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

//! npm packages, each set from a committed lockfile with `npm ci`: the project's tools
//! (`xtask/npm/`) into `.tools/`, and the SharePoint Framework's (`spfx/`) into
//! `spfx/node_modules` on the SPFx Node. A stamp beside each install says which lockfile it
//! came from, so an unchanged one is not installed again.

use std::fs;
use std::path::Path;

use super::node::path_with_node;
use super::{report_install, report_ok, ToolSet};
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

const NPM_STAMP: &str = ".xtask-npm-installed";
/// The copy of spfx/package-lock.json that the last `npm ci` there installed.
const SPFX_LOCK_STAMP: &str = "node_modules/.xtask-installed-lock.json";

/// Installs `xtask/npm/package.json` (exact versions, committed lockfile) into
/// `.tools/` with `npm ci`, unless the same lockfile is already installed.
pub fn npm_packages(workspace: &Workspace, set: ToolSet) -> Result {
    let source = workspace.path("xtask/npm");
    let tools = workspace.tools_dir();
    let files = ["package.json", "package-lock.json"];
    let copies_match = files.iter().all(|file| {
        matches!(
            (fs::read(source.join(file)), fs::read(tools.join(file))),
            (Ok(a), Ok(b)) if a == b
        )
    });
    let stamp = fs::read_to_string(tools.join(NPM_STAMP)).ok();
    let packages = match set {
        ToolSet::Build => "npm packages (binaryen, rolldown, terser, @azure/msal-browser)",
        ToolSet::Test => {
            "npm packages (binaryen, rolldown, terser, @azure/msal-browser, playwright-core, axe-core, oauth2-mock-server, autocannon, vite, @pnp/cli-microsoft365, lighthouse)"
        }
    };
    if copies_match && npm_stamp_covers(stamp.as_deref(), set) {
        report_ok(&format!("{packages} in .tools/"));
        return Ok(());
    }
    report_install(&format!("{packages} into .tools/"));
    fs::create_dir_all(&tools).map_err(|e| format!("cannot create {}: {e}", tools.display()))?;
    let _ = fs::remove_file(tools.join(NPM_STAMP));
    for file in files {
        copy(&source.join(file), &tools.join(file))?;
    }
    let mut npm = Cmd::new("npm", workspace)
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&tools);
    if set == ToolSet::Build {
        npm = npm.arg("--omit=dev");
    }
    npm.run()?;
    let stamp_text = match set {
        ToolSet::Build => "runtime\n",
        ToolSet::Test => "dev\n",
    };
    fs::write(tools.join(NPM_STAMP), stamp_text)
        .map_err(|e| format!("cannot write {}: {e}", tools.join(NPM_STAMP).display()))?;
    Ok(())
}

/// Whether the stamp left by the last `npm ci` covers `set`: a full install
/// (`dev`) covers both sets, a `--omit=dev` install (`runtime`) only `Build`.
pub fn npm_stamp_covers(stamp: Option<&str>, set: ToolSet) -> bool {
    match stamp.map(str::trim) {
        Some("dev") => true,
        Some("runtime") => set == ToolSet::Build,
        _ => false,
    }
}

fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

/// `npm ci` in `spfx/` (exact versions, committed lockfile) on the SPFx Node, unless the same
/// lockfile is already installed there.
pub fn spfx_packages(workspace: &Workspace, node_bin: &Path) -> Result {
    let dir = workspace.path("spfx");
    let lock = dir.join("package-lock.json");
    let wanted = fs::read(&lock).map_err(|e| format!("cannot read {}: {e}", lock.display()))?;
    let stamp = dir.join(SPFX_LOCK_STAMP);
    if fs::read(&stamp).ok().as_deref() == Some(wanted.as_slice()) {
        report_ok("SharePoint Framework packages in spfx/node_modules");
        return Ok(());
    }
    report_install(
        "SharePoint Framework packages into spfx/node_modules (npm ci; about 1 GB, a few minutes)",
    );
    Cmd::new("npm", workspace)
        .args(["ci", "--no-audit", "--no-fund"])
        .env("PATH", path_with_node(node_bin)?)
        .current_dir(&dir)
        .run()?;
    fs::write(&stamp, &wanted).map_err(|e| format!("cannot write {}: {e}", stamp.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn npm_stamps() {
        assert!(npm_stamp_covers(Some("dev\n"), ToolSet::Test));
        assert!(npm_stamp_covers(Some("dev\n"), ToolSet::Build));
        assert!(npm_stamp_covers(Some("runtime\n"), ToolSet::Build));
        assert!(!npm_stamp_covers(Some("runtime\n"), ToolSet::Test));
        assert!(!npm_stamp_covers(None, ToolSet::Build));
    }
}

//! The publisher's image, checked: `podman build` of `deploy/container/Containerfile.release`
//! with the release binary, then what the image holds (the binary and the CA roots, nothing
//! else), whom it runs as (10001, never root) and its entry point; and the binary it holds
//! answers `--help` on its own. `podman run` cannot start containers on the machines this
//! runs on (setrlimit is refused), so the binary is run from the exported image instead.

use std::fs;
use std::path::Path;

use crate::files;
use crate::process::Cmd;
use crate::tools::PODMAN;
use crate::workspace::Workspace;
use crate::Result;

/// The image the check builds, removed afterwards.
const TAG: &str = "localhost/defender-score-publisher:release-check";
/// What the image may hold, and nothing more (directories aside).
const FILES: [&str; 2] = [
    "defender-score-publisher",
    "etc/ssl/certs/ca-certificates.crt",
];
/// The user the image runs as, as the CronJob expects.
const USER: &str = "10001:10001";

/// Builds the image from `publisher` (the release binary) and checks it.
pub fn check(workspace: &Workspace, publisher: &Path) -> Result {
    println!("==> Building and checking the publisher's image (Containerfile.release)");
    let context = files::temporary_dir("dsc-image-")?;
    let copy = |from: &Path, name: &str| {
        fs::copy(from, context.path().join(name))
            .map(drop)
            .map_err(|e| format!("cannot copy {} into the image context: {e}", from.display()))
    };
    copy(publisher, "defender-score-publisher")?;
    copy(
        Path::new("/etc/ssl/certs/ca-certificates.crt"),
        "ca-certificates.crt",
    )?;
    Cmd::new(PODMAN, workspace)
        .args(["build", "--quiet", "--file"])
        .arg(workspace.path("deploy/container/Containerfile.release"))
        .args(["--tag", TAG])
        .arg(context.path())
        .run()?;
    let checked = inspect(workspace, context.path());
    let _ = Cmd::new(PODMAN, workspace)
        .args(["rmi", "--force", TAG])
        .probe();
    checked
}

/// The image's user, entry point and files; then its binary's `--help`, run from the export.
fn inspect(workspace: &Workspace, scratch: &Path) -> Result {
    let config = Cmd::new(PODMAN, workspace)
        .args([
            "image",
            "inspect",
            "--format",
            "{{.Config.User}} {{json .Config.Entrypoint}}",
            TAG,
        ])
        .stdout_text()?;
    let expected = format!("{USER} [\"/defender-score-publisher\"]");
    if config.trim() != expected {
        return Err(format!(
            "the image runs `{}`, not `{expected}`",
            config.trim()
        ));
    }
    let container = Cmd::new(PODMAN, workspace)
        .args(["create", TAG])
        .stdout_text()?;
    let container = container.trim().to_owned();
    let export = scratch.join("image.tar");
    let exported = Cmd::new(PODMAN, workspace)
        .args(["export", "--output"])
        .arg(&export)
        .arg(&container)
        .run();
    let _ = Cmd::new(PODMAN, workspace)
        .args(["rm", "--force", &container])
        .probe();
    exported?;
    let root = scratch.join("root");
    fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let mut archive = tar::Archive::new(
        fs::File::open(&export).map_err(|e| format!("cannot open the export: {e}"))?,
    );
    let mut held = Vec::new();
    for entry in archive
        .entries()
        .map_err(|e| format!("cannot read the export: {e}"))?
    {
        let mut entry = entry.map_err(|e| format!("cannot read the export: {e}"))?;
        if entry.header().entry_type().is_file() {
            let path = entry
                .path()
                .map_err(|e| e.to_string())?
                .display()
                .to_string();
            held.push(path);
        }
        entry
            .unpack_in(&root)
            .map_err(|e| format!("cannot unpack the export: {e}"))?;
    }
    held.sort();
    if held != FILES {
        return Err(format!("the image holds {held:?}, not only {FILES:?}"));
    }
    let help = Cmd::new(root.join("defender-score-publisher"), workspace)
        .arg("--help")
        .stdout_text()?;
    if !help.contains("--cards") {
        return Err(format!(
            "the image's publisher answered --help with:\n{help}"
        ));
    }
    println!("    the image holds {FILES:?}, runs as {USER}; its publisher answers --help");
    Ok(())
}

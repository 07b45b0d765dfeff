//! Building what users get: the ES module in `pkg/`, the standalone SPA in
//! `dist/`, and the emulator that serves them locally.

use std::fs;
use std::path::{Path, PathBuf};

use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

/// The wasm file `wasm-pack build` writes.
pub const PKG_WASM: &str = "pkg/defender_score_cards_bg.wasm";

/// Features rustc's wasm32-unknown-unknown target enables by default, which
/// wasm-bindgen's output may use; wasm-opt must accept (and may keep) them.
const WASM_FEATURES: [&str; 8] = [
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-call-indirect-overlong",
];

/// `pkg/`: `wasm-pack build --release --target web`, then `wasm-opt -Oz`.
pub fn pkg(workspace: &Workspace) -> Result {
    println!("==> Building pkg/ (the embeddable ES module)");
    wasm_pack_release(workspace).run()?;
    optimize_wasm(workspace, &workspace.path(PKG_WASM))
}

/// `wasm-pack build --release --target web --mode no-install`, in the
/// workspace root unless the caller picks another crate's folder.
///
/// `--mode no-install` makes wasm-pack use the wasm-bindgen on PATH (the
/// exact version was installed by `tools`) and never download one.
pub fn wasm_pack_release(workspace: &Workspace) -> Cmd {
    Cmd::new("wasm-pack", workspace).args([
        "build",
        "--release",
        "--target",
        "web",
        "--mode",
        "no-install",
    ])
}

/// What wasm-opt does: `-Oz` repeated until it stops shrinking, and no debug or producers
/// sections (docs/size-levers.md has the numbers; `-O4 -Oz` and `-Os` came out larger).
const WASM_OPT_PASSES: [&str; 4] = ["-Oz", "--converge", "--strip-debug", "--strip-producers"];

/// Shrinks a wasm file in place with the project's wasm-opt (binaryen from `.tools`).
pub fn optimize_wasm(workspace: &Workspace, wasm: &Path) -> Result {
    let before = file_size(wasm)?;
    Cmd::new("wasm-opt", workspace)
        .args(WASM_OPT_PASSES)
        .args(WASM_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .run()?;
    let after = file_size(wasm)?;
    println!(
        "    {}: {} KiB -> {} KiB after wasm-opt -Oz --converge",
        wasm.display(),
        before / 1024,
        after / 1024
    );
    Ok(())
}

fn file_size(path: &Path) -> Result<u64> {
    fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// `dist/`: the standalone SPA, `trunk build --release --offline`.
///
/// `--offline` makes trunk use the wasm-bindgen and wasm-opt on PATH at the
/// versions Trunk.toml pins, or fail, instead of downloading them.
pub fn dist(workspace: &Workspace) -> Result {
    println!("==> Building dist/ (the standalone SPA)");
    Cmd::new("trunk", workspace)
        .args(["build", "--release", "--offline"])
        .run()
}

/// Builds the emulator (debug profile: quick, and shared with `cargo test`)
/// and returns the path of its binary.
pub fn emulator(workspace: &Workspace) -> Result<PathBuf> {
    println!("==> Building the API emulator");
    Cmd::new("cargo", workspace)
        .args(["build", "--package", "defender-api-emulator"])
        .run()?;
    let binary = workspace
        .target_dir()?
        .join("debug")
        .join("defender-api-emulator");
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "the emulator was built but {} is missing",
            binary.display()
        ))
    }
}

//! Building what users get: the ES module in `pkg/`, the standalone SPA in
//! `dist/`, and the emulator that serves them locally; and where cargo puts its builds.

use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::process::Cmd;
use crate::site;
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

/// The ES module `wasm-pack build` writes.
const PKG_MODULE: &str = "pkg/defender_score_cards.js";

/// `pkg/`: `wasm-pack build --release --target web`, then `wasm-opt -Os`, the module bundled
/// with its snippets into one file, and terser over it.
pub fn pkg(workspace: &Workspace) -> Result {
    println!("==> Building pkg/ (the embeddable ES module)");
    wasm_pack_release(workspace).run()?;
    optimize_wasm(workspace, &workspace.path(PKG_WASM))?;
    bundle_snippets(workspace)?;
    minify_js(workspace, &workspace.path("pkg"))
}

/// Bundles wasm-bindgen's snippets (the custom element's class, `inline_js`) into the module
/// with rolldown (from `.tools`), removes `pkg/snippets/` and drops it from `package.json`.
///
/// A browser learns of a snippet only once the module has arrived and been parsed, so a
/// separate file costs the first view one more round trip before the wasm can start (15 to
/// 25 ms on loopback, a whole network round trip elsewhere; docs/performance.md). The
/// module keeps its `@ts-self-types` line and its `new URL("…_bg.wasm", import.meta.url)`.
fn bundle_snippets(workspace: &Workspace) -> Result {
    let module = workspace.path(PKG_MODULE);
    let snippets = workspace.path("pkg/snippets");
    if !snippets.is_dir() {
        return Ok(());
    }
    let text = fs::read_to_string(&module)
        .map_err(|e| format!("cannot read {}: {e}", module.display()))?;
    let banner = text
        .lines()
        .next()
        .filter(|line| line.starts_with("/* @ts-self-types="))
        .unwrap_or_default();
    let bundled = module.with_extension("bundled.js");
    Cmd::new("rolldown", workspace)
        .arg(&module)
        .args([
            "--format",
            "esm",
            "--platform",
            "browser",
            "--banner",
            banner,
        ])
        .arg("--file")
        .arg(&bundled)
        .run()?;
    fs::rename(&bundled, &module)
        .map_err(|e| format!("cannot replace {}: {e}", module.display()))?;
    fs::remove_dir_all(&snippets)
        .map_err(|e| format!("cannot remove {}: {e}", snippets.display()))?;
    let manifest_path = workspace.path("pkg/package.json");
    let manifest = fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read {}: {e}", manifest_path.display()))?;
    let manifest: serde_json::Value = serde_json::from_str(&manifest)
        .map_err(|e| format!("{} is not JSON: {e}", manifest_path.display()))?;
    let pretty =
        serde_json::to_string_pretty(&without_snippets(manifest)).map_err(|e| e.to_string())?;
    fs::write(&manifest_path, pretty + "\n")
        .map_err(|e| format!("cannot write {}: {e}", manifest_path.display()))?;
    println!("    {}: snippets bundled in (rolldown)", module.display());
    Ok(())
}

/// wasm-pack's `package.json` once the snippets are in the module: no `snippets` folder in
/// `files`, and no side effects (the module only defines functions and classes; the element
/// is registered when `defineElements()` is called).
pub fn without_snippets(manifest: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Object(mut fields) = manifest else {
        return manifest;
    };
    if let Some(serde_json::Value::Array(files)) = fields.get_mut("files") {
        files.retain(|file| file != "snippets");
    }
    if fields.contains_key("sideEffects") {
        fields.insert("sideEffects".into(), false.into());
    }
    serde_json::Value::Object(fields)
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

/// What wasm-opt does: `-Os` repeated until it stops shrinking, and no debug or producers
/// sections (docs/size-levers.md has the numbers: `-Os` is now 395 bytes gzip smaller than
/// `-Oz` for this module; `-O4 -Oz` is larger).
/// `--low-memory-unused` tells it the first 1 KiB of memory is never addressed, which holds for
/// rustc's layout (the stack sits at the bottom of memory and grows down from 1 MiB; data is
/// above it), so it may fold constant offsets into loads and stores.
const WASM_OPT_PASSES: [&str; 5] = [
    "-Os",
    "--converge",
    "--low-memory-unused",
    "--strip-debug",
    "--strip-producers",
];

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
        "    {}: {} KiB -> {} KiB after wasm-opt -Os --converge",
        wasm.display(),
        before / 1024,
        after / 1024
    );
    Ok(())
}

/// Minifies wasm-bindgen's JS glue and snippets in `pkg` in place with terser (from `.tools`):
/// an ES module, exports kept, `@ts-self-types` kept so editors still find the `.d.ts` (which
/// keeps every doc comment). The Rust sources are what people read; this is what pages load.
pub fn minify_js(workspace: &Workspace, pkg: &Path) -> Result {
    for script in js_files(pkg)? {
        let before = file_size(&script)?;
        Cmd::new("terser", workspace)
            .arg(&script)
            .args(["--module", "--compress", "--mangle"])
            .args(["--comments", "/@ts-self-types/", "--output"])
            .arg(&script)
            .run()?;
        println!(
            "    {}: {} KiB -> {} KiB after terser",
            script.display(),
            before / 1024,
            file_size(&script)? / 1024
        );
    }
    Ok(())
}

/// Every `.js` file under `dir`, sorted.
pub fn js_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = crate::files::files_below(dir)?;
    found.retain(|path| path.extension().is_some_and(|ext| ext == "js"));
    Ok(found)
}

fn file_size(path: &Path) -> Result<u64> {
    fs::metadata(path)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// `dist/`: the standalone SPA, `trunk build --release --offline`, then its JS minified
/// (integrity attributes recomputed) and a `.gz` beside each JS, wasm and CSS file
/// ([`site::finish`]).
///
/// `--offline` makes trunk use the wasm-bindgen and wasm-opt on PATH at the
/// versions Trunk.toml pins, or fail, instead of downloading them.
pub fn dist(workspace: &Workspace) -> Result {
    println!("==> Building dist/ (the standalone SPA)");
    Cmd::new("trunk", workspace)
        .args(["build", "--release", "--offline"])
        .run()?;
    site::finish(workspace, &workspace.path("dist"))
}

/// Builds the emulator (debug profile: quick, and shared with `cargo test`)
/// and returns the path of its binary.
pub fn emulator(workspace: &Workspace) -> Result<PathBuf> {
    println!("==> Building the API emulator");
    debug_binary(workspace, "defender-api-emulator")
}

/// Builds the publisher (debug profile, as the emulator) and returns the path of its binary.
pub fn publisher(workspace: &Workspace) -> Result<PathBuf> {
    println!("==> Building the publisher");
    debug_binary(workspace, "defender-score-publisher")
}

/// `cargo build --package <name>` and the path of its binary of the same name.
fn debug_binary(workspace: &Workspace, name: &str) -> Result<PathBuf> {
    Cmd::new("cargo", workspace)
        .args(["build", "--package", name])
        .run()?;
    let binary = workspace.target_dir()?.join("debug").join(name);
    if binary.is_file() {
        Ok(binary)
    } else {
        Err(format!(
            "{name} was built but {} is missing",
            binary.display()
        ))
    }
}

impl Workspace {
    /// Cargo's target directory, as cargo itself resolves it
    /// (honours `CARGO_TARGET_DIR` and `.cargo/config.toml`).
    pub fn target_dir(&self) -> Result<PathBuf> {
        let metadata = Cmd::new("cargo", self)
            .args(["metadata", "--format-version", "1", "--no-deps"])
            .stdout_text()?;
        metadata_target_dir(&metadata)
    }
}

/// The part of `cargo metadata`'s answer the xtask reads.
#[derive(Debug, Deserialize)]
struct Metadata {
    target_directory: PathBuf,
}

/// The target directory named in `cargo metadata --format-version 1` output.
pub fn metadata_target_dir(json: &str) -> Result<PathBuf> {
    serde_json::from_str::<Metadata>(json)
        .map(|metadata| metadata.target_directory)
        .map_err(|e| format!("cannot read `cargo metadata`'s answer: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundled_module_ships_no_snippets_folder_and_no_side_effects() {
        let wasm_pack = serde_json::json!({
            "name": "defender-score-cards",
            "files": ["defender_score_cards_bg.wasm", "defender_score_cards.js", "snippets"],
            "sideEffects": ["./snippets/*"]
        });
        let bundled = without_snippets(wasm_pack);
        assert_eq!(
            bundled["files"],
            serde_json::json!(["defender_score_cards_bg.wasm", "defender_score_cards.js"])
        );
        assert_eq!(bundled["sideEffects"], false);
        assert_eq!(bundled["name"], "defender-score-cards");
    }

    #[test]
    fn reads_the_target_directory_from_cargo_metadata() {
        let json = r#"{"packages":[],"target_directory":"/work/main/target","version":1}"#;
        assert_eq!(
            metadata_target_dir(json),
            Ok(PathBuf::from("/work/main/target"))
        );
    }

    #[test]
    fn unescapes_backslashes_and_quotes() {
        let json = r#"{ "target_directory" : "C:\\work\\\"t\"" }"#;
        assert_eq!(
            metadata_target_dir(json),
            Ok(PathBuf::from(r#"C:\work\"t""#))
        );
    }

    #[test]
    fn a_missing_or_mistyped_target_directory_says_so() {
        for json in [
            r#"{"a":"b"}"#,
            r#"{"target_directory":"/x"#,
            r#"{"target_directory":3}"#,
        ] {
            let error = metadata_target_dir(json).unwrap_err();
            assert!(error.contains("cargo metadata"), "{json}: {error}");
        }
    }

    #[test]
    fn finds_this_workspace_s_target_directory() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        let target = workspace.target_dir().expect("cargo metadata answers");
        assert!(target.is_absolute(), "{}", target.display());
    }
}

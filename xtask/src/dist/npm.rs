//! The widget as an npm package: `pkg/` as wasm-pack wrote it, its `package.json` completed
//! for bundlers and Node's resolver (`exports`, `module`, the version of `Cargo.toml`), the
//! README for npm users (`npm/README.md`) and the licence, packed by `npm pack`.

use std::fs;
use std::path::Path;

use serde_json::{json, Map, Value};

use crate::files;
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

/// The module's file names, as wasm-pack names them after the crate.
const MODULE: &str = "defender_score_cards.js";
const TYPES: &str = "defender_score_cards.d.ts";
const WASM: &str = "defender_score_cards_bg.wasm";

/// Packs `pkg/` as `defender-score-cards-<version>.tgz` into `out`.
pub fn pack(workspace: &Workspace, version: &str, out: &Path) -> Result {
    let stage = files::temporary_dir("dsc-npm-")?;
    files::copy_dir(&workspace.path("pkg"), stage.path())?;
    let manifest_path = stage.path().join("package.json");
    let text = fs::read_to_string(&manifest_path)
        .map_err(|e| format!("cannot read pkg/package.json: {e}"))?;
    let manifest: Value =
        serde_json::from_str(&text).map_err(|e| format!("pkg/package.json is not JSON: {e}"))?;
    let completed = complete(manifest, version)?;
    let pretty = serde_json::to_string_pretty(&completed).map_err(|e| e.to_string())?;
    fs::write(&manifest_path, pretty + "\n")
        .map_err(|e| format!("cannot write the package's package.json: {e}"))?;
    for (from, to) in [("npm/README.md", "README.md"), ("LICENSE", "LICENSE")] {
        fs::copy(workspace.path(from), stage.path().join(to))
            .map_err(|e| format!("cannot copy {from} into the package: {e}"))?;
    }
    Cmd::new("npm", workspace)
        .args(["pack", "--pack-destination"])
        .arg(out)
        .current_dir(stage.path())
        .run()
}

/// wasm-pack's `package.json` with what a bundler and Node need: the version, `exports` (the
/// module with its types, the wasm file for bundlers that copy it by name), `module`, and the
/// README and licence in `files`.
pub fn complete(manifest: Value, version: &str) -> Result<Value> {
    let Value::Object(mut fields) = manifest else {
        return Err("pkg/package.json is not an object".into());
    };
    let mut files: Vec<Value> = match fields.remove("files") {
        Some(Value::Array(files)) => files,
        _ => return Err("pkg/package.json lists no files".into()),
    };
    for extra in ["README.md", "LICENSE"] {
        if !files.iter().any(|f| f == extra) {
            files.push(extra.into());
        }
    }
    let mut out = Map::new();
    for key in ["name", "type", "description"] {
        if let Some(value) = fields.remove(key) {
            out.insert(key.into(), value);
        }
    }
    out.insert("version".into(), version.into());
    out.extend(fields.into_iter().filter(|(key, _)| key != "version"));
    out.insert("files".into(), files.into());
    out.insert("module".into(), format!("./{MODULE}").into());
    out.insert(
        "exports".into(),
        json!({
            ".": { "types": format!("./{TYPES}"), "default": format!("./{MODULE}") },
            format!("./{WASM}"): format!("./{WASM}"),
            "./package.json": "./package.json",
        }),
    );
    out.insert(
        "keywords".into(),
        json!([
            "microsoft-defender",
            "security",
            "widget",
            "webassembly",
            "web-component"
        ]),
    );
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_json_gains_the_version_exports_module_and_readme() {
        let wasm_pack = json!({
            "name": "defender-score-cards", "type": "module", "version": "0.0.0",
            "license": "MIT", "files": [WASM, MODULE, TYPES, "snippets"],
            "main": MODULE, "types": TYPES, "sideEffects": ["./snippets/*"]
        });
        let done = complete(wasm_pack, "1.4.0").expect("completed");
        assert_eq!(done["version"], "1.4.0");
        assert_eq!(done["license"], "MIT");
        assert_eq!(done["module"], "./defender_score_cards.js");
        assert_eq!(done["exports"]["."]["types"], "./defender_score_cards.d.ts");
        assert_eq!(
            done["exports"]["./defender_score_cards_bg.wasm"],
            "./defender_score_cards_bg.wasm"
        );
        assert_eq!(done["sideEffects"], json!(["./snippets/*"]));
        let files = done["files"].as_array().expect("files");
        assert!(files.contains(&json!("README.md")) && files.contains(&json!("LICENSE")));
        assert!(complete(json!({ "name": "x" }), "1.0.0").is_err());
    }
}

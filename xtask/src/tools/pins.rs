//! Trunk runs with `--offline`, so the tool versions Trunk.toml pins (its `[tools]` table)
//! must be the ones installed: wasm-bindgen from Cargo.lock, wasm-opt from npm's binaryen.
//! Checked here so a mismatch is said clearly instead of trunk failing later.

use std::fs;

use serde::Deserialize;

use super::report_ok;
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

/// The tool versions Trunk.toml pins (its `[tools]` table).
#[derive(Debug, Default, PartialEq, Eq, Deserialize)]
struct TrunkPins {
    wasm_bindgen: Option<String>,
    wasm_opt: Option<String>,
}

/// The `[tools]` pins of a Trunk.toml text.
fn trunk_pins(trunk_toml: &str) -> Result<TrunkPins> {
    /// Trunk.toml, as far as the pins go.
    #[derive(Deserialize)]
    struct TrunkConfig {
        #[serde(default)]
        tools: TrunkPins,
    }
    toml::from_str::<TrunkConfig>(trunk_toml)
        .map(|config| config.tools)
        .map_err(|e| format!("cannot read Trunk.toml: {e}"))
}

/// Fails unless Trunk.toml's pins are `bindgen` (Cargo.lock's wasm-bindgen) and the
/// wasm-opt on PATH.
pub fn check_trunk_pins(workspace: &Workspace, bindgen: &str) -> Result {
    let Ok(trunk_toml) = fs::read_to_string(workspace.path("Trunk.toml")) else {
        return Ok(());
    };
    let pins = trunk_pins(&trunk_toml)?;
    if let Some(pinned) = pins.wasm_bindgen {
        if pinned != bindgen {
            return Err(format!(
                "Trunk.toml pins wasm_bindgen = \"{pinned}\" but Cargo.lock has wasm-bindgen {bindgen}"
            ));
        }
    }
    if let Some(pinned) = pins.wasm_opt {
        let found = Cmd::new("wasm-opt", workspace)
            .arg("--version")
            .probe()
            .unwrap_or_default();
        if !wasm_opt_matches(&found, &pinned) {
            return Err(format!(
                "Trunk.toml pins wasm_opt = \"{pinned}\" but `wasm-opt --version` says {:?}; \
                 update binaryen in xtask/npm/package.json",
                found.trim()
            ));
        }
        report_ok(&format!(
            "wasm-opt {pinned} (from .tools, as Trunk.toml pins)"
        ));
    }
    Ok(())
}

/// Whether `wasm-opt --version` output (`wasm-opt version 132 (version_132)`)
/// is the release Trunk.toml pins (`version_132`).
pub fn wasm_opt_matches(version_output: &str, pinned: &str) -> bool {
    let number = pinned.strip_prefix("version_").unwrap_or(pinned);
    let mut words = version_output.split_whitespace();
    words.any(|w| w == "version") && words.next() == Some(number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tools::cargo::locked_wasm_bindgen;

    #[test]
    fn reads_the_workspace_trunk_pins() {
        let workspace = Workspace::locate().expect("tests run inside the repository");
        let text = fs::read_to_string(workspace.path("Trunk.toml")).expect("Trunk.toml");
        let pins = trunk_pins(&text).expect("Trunk.toml is TOML");
        assert_eq!(
            pins.wasm_bindgen,
            locked_wasm_bindgen(&workspace).ok(),
            "Trunk.toml pins the locked wasm-bindgen"
        );
    }

    #[test]
    fn reads_tool_pins_from_trunk_toml() {
        let toml = "[build]\ntarget = \"index.html\"\n\n[tools]\nwasm_bindgen = \"0.2.130\"\nwasm_opt = \"version_132\"\n";
        assert_eq!(
            trunk_pins(toml),
            Ok(TrunkPins {
                wasm_bindgen: Some("0.2.130".into()),
                wasm_opt: Some("version_132".into()),
            })
        );
        assert_eq!(
            trunk_pins("[build]\ntarget = \"index.html\"\n"),
            Ok(TrunkPins::default())
        );
        assert!(trunk_pins("[tools]\nwasm_opt = 132\n").is_err());
    }

    #[test]
    fn matches_wasm_opt_versions() {
        let output = "wasm-opt version 132 (version_132)\n";
        assert!(wasm_opt_matches(output, "version_132"));
        assert!(!wasm_opt_matches(output, "version_123"));
        assert!(!wasm_opt_matches("", "version_132"));
    }
}

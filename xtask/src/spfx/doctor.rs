//! `m365 spfx project doctor` (the Microsoft 365 CLI, `@pnp/cli-microsoft365` from npm, in
//! `.tools/`) over `spfx/`: the project must have no finding of severity `Required` (a
//! dependency at a version the SharePoint Framework does not support, a missing setting).
//! The CLI's telemetry is switched off through its own setting, in a configuration folder
//! of the run's own, and its update check through `CLIMICROSOFT365_NOUPDATE`, so it asks
//! nothing of the network.

use std::fs;

use serde::Deserialize;

use crate::files;
use crate::process::Cmd;
use crate::workspace::Workspace;
use crate::Result;

/// The CLI's entry point below `.tools/`.
const CLI: &str = "node_modules/@pnp/cli-microsoft365/dist/index.js";

/// One finding of the doctor, as its JSON output gives it.
#[derive(Debug, Deserialize)]
struct Finding {
    id: String,
    title: String,
    severity: String,
    resolution: String,
}

/// Runs the doctor on `spfx/`; an error lists every required finding with its resolution.
pub fn doctor(workspace: &Workspace) -> Result {
    let config = files::temporary_dir("dsc-m365-")?;
    let store = config.path().join("configstore");
    fs::create_dir_all(&store).map_err(|e| format!("cannot create {}: {e}", store.display()))?;
    fs::write(
        store.join("cli-m365-config.json"),
        r#"{"disableTelemetry":true}"#,
    )
    .map_err(|e| format!("cannot write the CLI's settings: {e}"))?;
    let output = Cmd::new("node", workspace)
        .arg(workspace.tools_dir().join(CLI))
        .args(["spfx", "project", "doctor", "--output", "json"])
        .env("XDG_CONFIG_HOME", config.path())
        .env("CLIMICROSOFT365_NOUPDATE", "1")
        .current_dir(&workspace.path("spfx"))
        .stdout_text()?;
    let required = required_findings(&output)?;
    if required.is_empty() {
        println!("    m365 spfx project doctor: nothing required");
        Ok(())
    } else {
        Err(format!(
            "m365 spfx project doctor requires:\n  {}",
            required.join("\n  ")
        ))
    }
}

/// The findings of severity `Required` in the doctor's JSON output, each with its fix.
fn required_findings(json: &str) -> Result<Vec<String>> {
    let findings: Vec<Finding> = serde_json::from_str(json)
        .map_err(|e| format!("cannot read the doctor's answer ({e}):\n{json}"))?;
    Ok(findings
        .into_iter()
        .filter(|f| f.severity == "Required")
        .map(|f| format!("{} {}: {}", f.id, f.title, f.resolution))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_required_findings_fail_the_check() {
        let json = r#"[
            {"id":"FN002022","title":"typescript","severity":"Required","resolution":"npm i -DE typescript@~5.8.0","file":"./package.json"},
            {"id":"FN017001","title":"Run npm dedupe","severity":"Optional","resolution":"npm dedupe"}
        ]"#;
        assert_eq!(
            required_findings(json),
            Ok(vec![
                "FN002022 typescript: npm i -DE typescript@~5.8.0".to_owned()
            ])
        );
        assert_eq!(required_findings("[]"), Ok(Vec::new()));
        assert!(required_findings("Error: no project").is_err());
    }
}

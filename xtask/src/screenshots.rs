//! `cargo xtask screenshots`: every card state as PNGs, in light, dark and a
//! SharePoint strong section, in English and Dutch, and in both layouts
//! (cards, compact) at host widths of 320, 640, 960 and 1,200 px, rendered by
//! `tests/e2e/support/screenshots.mjs` in headless Chromium against the
//! emulator (the same rendering the visual test, `tests/e2e/visual.mjs`,
//! compares with its references, a representative few of these pictures).

use std::path::PathBuf;

use crate::e2e::{self, Site, Start, E2E_DIR};
use crate::process::Cmd;
use crate::tools::{self, ToolSet};
use crate::workspace::Workspace;
use crate::{build, Result};

/// The node script that renders the pictures.
const SCRIPT: &str = "support/screenshots.mjs";
/// Where the visual test's references live, relative to the repository root.
pub const REFERENCES_DIR: &str = "tests/e2e/visual";
/// Where the docs' pictures live, relative to the repository root.
pub const DOCS_DIR: &str = "docs/screenshots";

/// What `cargo xtask screenshots` was asked to do.
#[derive(Debug, Default, PartialEq, Eq, clap::Args)]
pub struct Options {
    /// Where every picture goes (default target/screenshots/)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also replace the visual test's references in tests/e2e/visual/
    #[arg(long)]
    pub update_references: bool,
    /// Also replace the docs' pictures in docs/screenshots/
    #[arg(long)]
    pub update_docs: bool,
}

/// Installs missing tools, builds `pkg/` and the emulator, serves `pkg/` with
/// the e2e pages and renders every state.
pub fn screenshots(workspace: &Workspace, options: &Options) -> Result {
    tools::ensure(workspace, ToolSet::Test)?;
    build::pkg(workspace)?;
    let emulator = build::emulator(workspace)?;
    let out = match &options.out {
        Some(dir) => dir.clone(),
        None => workspace.target_dir()?.join("screenshots"),
    };
    println!("==> Rendering every card state in every view (tests/e2e/{SCRIPT})");
    let mut node = Cmd::new("node", workspace)
        .arg(workspace.path(E2E_DIR).join(SCRIPT))
        .arg("--out")
        .arg(&out);
    if options.update_references {
        node = node.arg("--references").arg(workspace.path(REFERENCES_DIR));
    }
    if options.update_docs {
        node = node.arg("--docs").arg(workspace.path(DOCS_DIR));
    }
    e2e::run_node(
        workspace,
        &emulator,
        Site::EmbeddingPages,
        Start::Xtask,
        node,
    )?;
    println!("\n    Pictures in {}", out.display());
    if options.update_references {
        println!(
            "    References replaced in {REFERENCES_DIR}/: look at them (git diff) before committing"
        );
    }
    if options.update_docs {
        println!("    docs pictures replaced in {DOCS_DIR}/");
    }
    Ok(())
}

//! Installing the tools the tasks need, skipping whatever is already there at
//! the right version. Every install streams its own output. One module per source:
//! [`cargo`] (rustup's wasm target and `cargo install`), [`npm`] (the project's packages
//! into `.tools/`, the SharePoint Framework's into `spfx/`), [`node`] (Node 22 for SPFx),
//! [`apt`] (browsers and nginx for the tests); [`pins`] checks Trunk.toml against them.

mod apt;
pub mod cargo;
mod node;
mod npm;
mod pins;
mod version;

pub use apt::{CHROMEDRIVER, CHROMIUM, NGINX, PODMAN};
pub use node::{path_with_node, spfx_node};
pub use npm::spfx_packages;

use crate::workspace::Workspace;
use crate::Result;

/// Which tools a task needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolSet {
    /// Building and serving: Rust target, wasm-bindgen, trunk, wasm-pack,
    /// binaryen and the SPA's npm packages.
    Build,
    /// Everything for `build`, plus geckodriver, browsers, nginx, test-only npm packages, and
    /// Node 22 with the SharePoint Framework packages for spfx/.
    Test,
}

/// Installs whatever `set` needs and is missing.
pub fn ensure(workspace: &Workspace, set: ToolSet) -> Result {
    println!("==> Checking tools ({})", set.describe());
    node::node_and_npm(workspace)?;
    cargo::rust_wasm_target(workspace)?;
    let bindgen = cargo::locked_wasm_bindgen(workspace)?;
    for tool in cargo::cargo_tools(&bindgen, set) {
        tool.ensure(workspace)?;
    }
    npm::npm_packages(workspace, set)?;
    pins::check_trunk_pins(workspace, &bindgen)?;
    if set == ToolSet::Test {
        apt::test_programs(workspace)?;
        // The SharePoint package is built and tested too (spfx/, on its own Node).
        let node_bin = node::spfx_node(workspace)?;
        npm::spfx_packages(workspace, &node_bin)?;
    }
    println!("    all tools present");
    Ok(())
}

impl ToolSet {
    fn describe(self) -> &'static str {
        match self {
            ToolSet::Build => "build and serve",
            ToolSet::Test => "build, serve and test",
        }
    }
}

fn report_ok(what: &str) {
    println!("    ok         {what}");
}

fn report_install(what: &str) {
    println!("    installing {what}");
}

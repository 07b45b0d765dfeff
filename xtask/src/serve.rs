//! `cargo xtask serve`: the standalone SPA on the emulator's demo tenant.

use crate::tools::{self, ToolSet};
use crate::workspace::Workspace;
use crate::{build, emulator, Result};

/// The port `serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 8080;

/// Installs missing tools, builds `dist/`, and serves it with the emulator
/// until Ctrl-C.
pub fn serve(workspace: &Workspace, port: u16) -> Result {
    tools::ensure(workspace, ToolSet::Build)?;
    build::dist(workspace)?;
    let binary = build::emulator(workspace)?;
    println!("==> Starting the emulator with the demo tenant, serving dist/");
    let emulator = emulator::start(workspace, &binary, &workspace.path("dist"), port, true)
        .map_err(|e| format!("{e}\n(is port {port} in use? try `cargo xtask serve --port <N>`)"))?;
    println!();
    println!("    Open {}/", emulator.url);
    println!("    (demo tenant, token `demo-token`; press Ctrl-C to stop)");
    println!();
    emulator.wait()
}

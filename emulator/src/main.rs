//! `defender-api-emulator`: reads the command line and runs the emulator.

#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use defender_api_emulator::config::{help, parse_args, Command};

/// Exit status for a bad command line or a failed start.
const STARTUP_ERROR: u8 = 2;

fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            let _ = std::io::stdout().lock().write_all(help().as_bytes());
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run(config)) => *config,
        Err(message) => return startup_error(&message),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return startup_error(&format!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(defender_api_emulator::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => startup_error(&message),
    }
}

/// Prints `message` to stderr and returns the startup error status.
fn startup_error(message: &str) -> ExitCode {
    let _ = writeln!(std::io::stderr().lock(), "defender-api-emulator: {message}");
    ExitCode::from(STARTUP_ERROR)
}

//! Developer tasks for the defender-score-cards workspace, run as
//! `cargo xtask <task>`. Tool installation lives here and only here.

#![forbid(unsafe_code)]

mod bench;
mod build;
mod dist;
mod e2e;
mod emulator;
mod files;
mod links;
mod process;
mod screenshots;
mod serve;
mod site;
mod spfx;
mod test;
mod tools;
mod workspace;

use std::process::ExitCode;
use std::time::Duration;

use clap::{CommandFactory, Parser, Subcommand};

use process::{children, Cmd};
use workspace::Workspace;

/// Every fallible step reports a message meant for the person at the terminal.
pub type Result<T = (), E = String> = std::result::Result<T, E>;

/// What `cargo xtask --help` says after the tasks.
const TOOLS_NOTE: &str = "\
Tools come from cargo install (~/.cargo/bin), npm (.tools/, pinned in
xtask/npm/; Node 22 and spfx/'s own lockfile for the SharePoint package) and,
for tests, apt (chromium, chromium-driver, firefox-esr, nginx).";

/// The command line: one task and its options.
#[derive(Debug, Parser)]
#[command(
    name = "xtask",
    bin_name = "cargo xtask",
    about = "Developer tasks for defender-score-cards",
    after_help = TOOLS_NOTE
)]
struct Cli {
    /// The task; none shows this help.
    #[command(subcommand)]
    task: Option<Task>,
}

/// A task and its options.
#[derive(Debug, PartialEq, Eq, Subcommand)]
enum Task {
    /// Install missing tools, build the standalone SPA (dist/) and serve it with
    /// the API emulator's demo tenant on http://127.0.0.1:PORT/ until Ctrl-C (or SIGTERM)
    Serve {
        /// The port to serve on (0 picks a free one)
        #[arg(long, default_value_t = serve::DEFAULT_PORT)]
        port: u16,
        /// Publish the demo tenant once with the publisher and serve the page in snapshot
        /// mode (it reads the published folder, with no token and no API call)
        #[arg(long)]
        snapshot: bool,
    },
    /// Install missing tools and run every test: native, wasm in headless
    /// Chromium and Firefox, builds, end to end
    Test(test::Options),
    /// Install missing tools, build pkg/ (ES module) and dist/ (SPA)
    Build,
    /// Install missing tools, build pkg/, dist/ and a bare Yew app, then measure
    /// sizes, page loads in headless Chromium against the emulator (beside a
    /// plain-JavaScript reference) on loopback and with a delay on every API
    /// answer, API calls and memory, and snapshot mode under load (the publisher
    /// once, nginx with docs/hosting.md's block, page views by autocannon, the
    /// API's call log); prints a table with the targets and writes
    /// target/bench/report.json (a report: exits 0 unless it could not measure;
    /// takes a few minutes)
    Bench(bench::Options),
    /// Install missing tools, build pkg/, and render every card state (loading,
    /// ready in each band, each error, stale) in light and dark, in English and
    /// Dutch, to PNGs with headless Chromium
    Screenshots(screenshots::Options),
    /// Install missing tools (Node 22 from npm and the SharePoint Framework packages into
    /// spfx/ included), build pkg/ and the SharePoint web part package
    /// spfx/sharepoint/solution/defender-score-cards.sppkg (production, with the wasm and JS
    /// inside), and check what it holds
    Spfx,
    /// Install missing tools, build everything and write the release files into
    /// target/dist/defender-score-cards-<version>/: the npm package, the SharePoint
    /// package, the standalone site (.tar.gz), the publisher (static Linux x86_64 binary),
    /// SBOMs, CHANGELOG.md and SHA256SUMS
    Dist,
    /// For `xtask/tests/signals.rs`: start a child that starts a grandchild in its process
    /// group, print their pids and wait until stopped
    #[command(hide = true)]
    HoldChildren,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = run(cli.task);
    // Stopped by a signal, the task's failure is only its consequence: the signal's
    // handler ends the process once the children are gone.
    children::wait_if_stopping();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(task: Option<Task>) -> Result {
    let Some(task) = task else {
        return Cli::command()
            .print_help()
            .map_err(|e| format!("cannot print the help: {e}"));
    };
    let workspace = Workspace::locate()?;
    // Ctrl-C, SIGTERM and SIGHUP alike stop every child the task starts, then the xtask.
    children::stop_on_signals()?;
    match task {
        Task::Build => {
            tools::ensure(&workspace, tools::ToolSet::Build)?;
            build::pkg(&workspace)?;
            build::dist(&workspace)
        }
        Task::Bench(options) => bench::bench(&workspace, &options),
        Task::Serve { port, snapshot } => serve::serve(&workspace, port, snapshot),
        Task::Test(options) => test::test(&workspace, &options),
        Task::Screenshots(options) => screenshots::screenshots(&workspace, &options),
        Task::Spfx => spfx::spfx(&workspace),
        Task::Dist => dist::dist(&workspace),
        Task::HoldChildren => hold_children(&workspace),
    }
}

/// Starts `sh`, which starts a `sleep` in the background (in the shell's process group) and
/// becomes another; prints both pids and waits until the xtask is stopped.
fn hold_children(workspace: &Workspace) -> Result {
    let mut child = Cmd::new("sh", workspace)
        .args(["-c", "sleep 600 & echo \"grandchild $!\"; exec sleep 600"])
        .spawn(None)?;
    let grandchild =
        child.wait_for_line(Duration::from_secs(30), "the grandchild's pid", |line| {
            line.strip_prefix("grandchild ")?.trim().parse::<u32>().ok()
        })?;
    println!("holding child {} and grandchild {grandchild}", child.id());
    child.wait()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;

    fn parse(args: &[&str]) -> std::result::Result<Option<Task>, ErrorKind> {
        Cli::try_parse_from(std::iter::once("xtask").chain(args.iter().copied()))
            .map(|cli| cli.task)
            .map_err(|e| e.kind())
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_tasks() {
        assert_eq!(parse(&[]), Ok(None));
        assert_eq!(parse(&["help"]), Err(ErrorKind::DisplayHelp));
        assert_eq!(parse(&["--help"]), Err(ErrorKind::DisplayHelp));
        assert_eq!(parse(&["build"]), Ok(Some(Task::Build)));
        assert_eq!(
            parse(&["test"]),
            Ok(Some(Task::Test(test::Options::default())))
        );
        assert_eq!(
            parse(&["test", "--only", "pkg", "--only", "snapshot.mjs"]),
            Ok(Some(Task::Test(test::Options {
                only: vec!["pkg".into(), "snapshot.mjs".into()]
            })))
        );
        assert_eq!(parse(&["spfx"]), Ok(Some(Task::Spfx)));
        assert_eq!(parse(&["dist"]), Ok(Some(Task::Dist)));
        assert_eq!(
            parse(&["bench"]),
            Ok(Some(Task::Bench(bench::Options::default())))
        );
        assert_eq!(
            parse(&["serve"]),
            Ok(Some(Task::Serve {
                port: 8080,
                snapshot: false
            }))
        );
        assert_eq!(
            parse(&["screenshots"]),
            Ok(Some(Task::Screenshots(screenshots::Options::default())))
        );
    }

    #[test]
    fn the_help_lists_the_tasks_but_not_the_signal_tests_helper() {
        let help = Cli::command().render_long_help().to_string();
        for task in ["serve", "test", "build", "bench", "screenshots", "spfx"] {
            assert!(
                help.contains(&format!("  {task} ")),
                "{task} not in\n{help}"
            );
        }
        assert!(!help.contains("hold-children"), "{help}");
        assert_eq!(parse(&["hold-children"]), Ok(Some(Task::HoldChildren)));
    }

    #[test]
    fn parses_the_screenshots_options() {
        assert_eq!(
            parse(&["screenshots", "--out", "pics", "--update-references"]),
            Ok(Some(Task::Screenshots(screenshots::Options {
                out: Some("pics".into()),
                update_references: true,
                update_docs: false,
            })))
        );
        assert_eq!(
            parse(&["screenshots", "--update-docs", "--out=/tmp/p"]),
            Ok(Some(Task::Screenshots(screenshots::Options {
                out: Some("/tmp/p".into()),
                update_references: false,
                update_docs: true,
            })))
        );
    }

    #[test]
    fn parses_the_serve_port() {
        assert_eq!(
            parse(&["serve", "--port", "9000"]),
            Ok(Some(Task::Serve {
                port: 9000,
                snapshot: false
            }))
        );
        assert_eq!(
            parse(&["serve", "--port=0"]),
            Ok(Some(Task::Serve {
                port: 0,
                snapshot: false
            }))
        );
    }

    #[test]
    fn parses_serve_in_snapshot_mode() {
        assert_eq!(
            parse(&["serve", "--snapshot", "--port", "0"]),
            Ok(Some(Task::Serve {
                port: 0,
                snapshot: true
            }))
        );
    }

    #[test]
    fn parses_the_bench_options() {
        assert_eq!(
            parse(&[
                "bench",
                "--latency-ms",
                "0",
                "--loads=3",
                "--views",
                "20000",
                "--lighthouse-runs=0"
            ]),
            Ok(Some(Task::Bench(bench::Options {
                latency_ms: 0,
                loads: 3,
                views: 20_000,
                lighthouse_runs: 0,
            })))
        );
        let defaults = bench::Options::default();
        assert_eq!(
            (
                defaults.latency_ms,
                defaults.loads,
                defaults.views,
                defaults.lighthouse_runs
            ),
            (150, 21, 10_000, 3)
        );
    }

    #[test]
    fn rejects_bad_arguments() {
        for args in [
            &["deploy"][..],
            &["test", "--fast"],
            &["spfx", "--debug"],
            &["bench", "--quick"],
            &["bench", "--latency-ms", "-5"],
            &["bench", "--loads", "0"],
            &["bench", "--views", "0"],
            &["bench", "--lighthouse-runs", "22"],
            &["bench", "--views"],
            &["serve", "--port"],
            &["serve", "--port", "99999"],
            &["serve", "--host", "x"],
            &["screenshots", "--out"],
            &["screenshots", "--out="],
            &["screenshots", "--update"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }
}

//! Developer tasks for the defender-score-cards workspace, run as
//! `cargo xtask <task>`. Tool installation lives here and only here.

#![forbid(unsafe_code)]

mod bench;
mod build;
mod e2e;
mod emulator;
mod process;
mod screenshots;
mod serve;
mod test;
mod tools;
mod workspace;

use std::process::ExitCode;

use workspace::Workspace;

/// Every fallible step reports a message meant for the person at the terminal.
pub type Result<T = (), E = String> = std::result::Result<T, E>;

const USAGE: &str = "\
Usage: cargo xtask <task>

Tasks:
  serve [--port N]  install missing tools, build the standalone SPA (dist/) and
                    serve it with the API emulator's demo tenant on
                    http://127.0.0.1:N/ (default 8080) until Ctrl-C
  test              install missing tools and run every test: native, wasm in
                    headless Chromium and Firefox, builds, end to end
  build             install missing tools, build pkg/ (ES module) and dist/ (SPA)
  bench             install missing tools, build pkg/, dist/ and a bare Yew app,
                    then measure sizes, page loads in headless Chromium against
                    the emulator (beside a plain-JavaScript reference), API
                    calls and memory; prints a table with the targets and writes
                    target/bench/report.json (a report: exits 0 unless it could
                    not measure; takes a few minutes)
  screenshots [--out DIR] [--update-references] [--update-docs]
                    install missing tools, build pkg/, and render every card
                    state (loading, ready in each band, each error, stale) in
                    light and dark, in English and Dutch, to PNGs in DIR
                    (default target/screenshots/) with headless Chromium;
                    --update-references also replaces the visual test's
                    references in tests/e2e/visual/, --update-docs the
                    README's pictures in docs/screenshots/
  help              show this text

Tools come from cargo install (~/.cargo/bin), npm (.tools/, pinned in
xtask/npm/) and, for tests, apt (chromium, chromium-driver, firefox-esr, nginx).";

/// A task and its options, from the command line.
#[derive(Debug, PartialEq, Eq)]
enum Task {
    Help,
    Build,
    Bench,
    Serve { port: u16 },
    Test,
    Screenshots(screenshots::Options),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result {
    let task = parse_args(args).map_err(|e| format!("{e}\n\n{USAGE}"))?;
    if task == Task::Help {
        println!("{USAGE}");
        return Ok(());
    }
    let workspace = Workspace::locate()?;
    match task {
        Task::Help => Ok(()),
        Task::Build => {
            tools::ensure(&workspace, tools::ToolSet::Build)?;
            build::pkg(&workspace)?;
            build::dist(&workspace)
        }
        Task::Bench => bench::bench(&workspace),
        Task::Serve { port } => serve::serve(&workspace, port),
        Task::Test => test::test(&workspace),
        Task::Screenshots(options) => screenshots::screenshots(&workspace, &options),
    }
}

fn parse_args(args: &[String]) -> Result<Task> {
    let Some((task, options)) = args.split_first() else {
        return Ok(Task::Help);
    };
    let no_options = |task: Task| match options {
        [] => Ok(task),
        [extra, ..] => Err(format!("unexpected argument `{extra}`")),
    };
    match task.as_str() {
        "help" | "--help" | "-h" => no_options(Task::Help),
        "build" => no_options(Task::Build),
        "test" => no_options(Task::Test),
        "bench" => no_options(Task::Bench),
        "serve" => parse_serve(options),
        "screenshots" => parse_screenshots(options),
        other => Err(format!("unknown task `{other}`")),
    }
}

fn parse_screenshots(options: &[String]) -> Result<Task> {
    let mut parsed = screenshots::Options::default();
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        match option.as_str() {
            "--update-references" => parsed.update_references = true,
            "--update-docs" => parsed.update_docs = true,
            "--out" => {
                let dir = rest.next().ok_or("`--out` needs a directory")?;
                parsed.out = Some(dir.into());
            }
            other => match other.strip_prefix("--out=") {
                Some(dir) if !dir.is_empty() => parsed.out = Some(dir.into()),
                _ => return Err(format!("unexpected argument `{other}`")),
            },
        }
    }
    Ok(Task::Screenshots(parsed))
}

fn parse_serve(options: &[String]) -> Result<Task> {
    let mut port = serve::DEFAULT_PORT;
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let value = match option.strip_prefix("--port=") {
            Some(value) => value,
            None if option == "--port" => rest.next().ok_or("`--port` needs a number")?,
            None => return Err(format!("unexpected argument `{option}`")),
        };
        port = value
            .parse()
            .map_err(|_| format!("`--port {value}` is not a port number (0-65535)"))?;
    }
    Ok(Task::Serve { port })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Task> {
        parse_args(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_tasks() {
        assert_eq!(parse(&[]), Ok(Task::Help));
        assert_eq!(parse(&["help"]), Ok(Task::Help));
        assert_eq!(parse(&["build"]), Ok(Task::Build));
        assert_eq!(parse(&["test"]), Ok(Task::Test));
        assert_eq!(parse(&["bench"]), Ok(Task::Bench));
        assert_eq!(parse(&["serve"]), Ok(Task::Serve { port: 8080 }));
        assert_eq!(
            parse(&["screenshots"]),
            Ok(Task::Screenshots(screenshots::Options::default()))
        );
    }

    #[test]
    fn parses_the_screenshots_options() {
        assert_eq!(
            parse(&["screenshots", "--out", "pics", "--update-references"]),
            Ok(Task::Screenshots(screenshots::Options {
                out: Some("pics".into()),
                update_references: true,
                update_docs: false,
            }))
        );
        assert_eq!(
            parse(&["screenshots", "--update-docs", "--out=/tmp/p"]),
            Ok(Task::Screenshots(screenshots::Options {
                out: Some("/tmp/p".into()),
                update_references: false,
                update_docs: true,
            }))
        );
    }

    #[test]
    fn parses_the_serve_port() {
        assert_eq!(
            parse(&["serve", "--port", "9000"]),
            Ok(Task::Serve { port: 9000 })
        );
        assert_eq!(parse(&["serve", "--port=0"]), Ok(Task::Serve { port: 0 }));
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(parse(&["deploy"]).is_err());
        assert!(parse(&["test", "--fast"]).is_err());
        assert!(parse(&["bench", "--quick"]).is_err());
        assert!(parse(&["serve", "--port"]).is_err());
        assert!(parse(&["serve", "--port", "99999"]).is_err());
        assert!(parse(&["serve", "--host", "x"]).is_err());
        assert!(parse(&["screenshots", "--out"]).is_err());
        assert!(parse(&["screenshots", "--out="]).is_err());
        assert!(parse(&["screenshots", "--update"]).is_err());
    }
}

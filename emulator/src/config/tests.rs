//! The command line read into a [`Config`]: defaults, repeated and joined
//! flags, and the message for each bad value.

use std::time::Duration;

use super::{help, parse_args, Command, Config};
use crate::throttle::Window;

fn parse(args: &[&str]) -> Result<Command, String> {
    parse_args(args.iter().map(|s| s.to_string()))
}

fn run(args: &[&str]) -> Config {
    match parse(args) {
        Ok(Command::Run(config)) => *config,
        other => panic!("{args:?} gave {other:?}"),
    }
}

/// The short and the long quota window, each as (limit, seconds).
fn windows(short: (usize, u64), long: (usize, u64)) -> [Window; 2] {
    [short, long].map(|(limit, seconds)| Window {
        limit,
        length: Duration::from_secs(seconds),
    })
}

#[test]
fn no_arguments_give_the_documented_defaults() {
    assert_eq!(run(&[]), Config::default());
    assert_eq!(Config::default().port, 8080);
    assert_eq!(Config::default().rate_limit, 100);
    assert_eq!(
        Config::default().quota_windows(),
        windows((100, 60), (1500, 3600))
    );
    assert!(!Config::default().app_per_demo_token);
    assert_eq!(Config::default().score_only_token, "demo-token-score-only");
    assert_eq!(Config::default().page_size, 10_000);
}

#[test]
fn the_score_only_token_and_the_page_size_are_configurable() {
    let config = run(&["--score-only-token", "scores-please", "--page-size=25"]);
    assert_eq!(config.score_only_token, "scores-please");
    assert_eq!(config.page_size, 25);
}

#[test]
fn both_quota_windows_and_the_demo_applications_are_configurable() {
    let config = run(&[
        "--rate-limit",
        "3",
        "--hour-rate-limit=7",
        "--hour-rate-window",
        "600",
        "--app-per-demo-token",
    ]);
    assert_eq!(config.quota_windows(), windows((3, 60), (7, 600)));
    assert!(config.app_per_demo_token);
}

#[test]
fn values_come_after_the_flag_or_after_an_equals_sign() {
    let config = run(&[
        "--port",
        "0",
        "--rate-limit=3",
        "--rate-window",
        "5",
        "--bind=0.0.0.0",
    ]);
    assert_eq!(config.port, 0);
    assert_eq!(config.rate_limit, 3);
    assert_eq!(config.rate_window, Duration::from_secs(5));
    assert_eq!(config.bind.to_string(), "0.0.0.0");
}

#[test]
fn a_csp_is_kept_as_given_for_the_static_files() {
    let config = run(&[
        "--static",
        ".",
        "--csp",
        "default-src 'self'; img-src data:",
    ]);
    assert_eq!(
        config.static_csp.as_deref(),
        Some("default-src 'self'; img-src data:")
    );
}

#[test]
fn gzip_is_off_unless_asked_for() {
    assert!(!run(&["--static", "."]).static_gzip);
    assert!(run(&["--static", ".", "--gzip"]).static_gzip);
}

#[test]
fn repeated_flags_collect_and_replace_the_default_token() {
    let config = run(&[
        "--demo-token",
        "a",
        "--demo-token",
        "b",
        "--allow-origin",
        "*",
        "--allow-origin",
        "http://localhost:3000",
    ]);
    assert_eq!(config.demo_tokens, ["a", "b"]);
    assert_eq!(config.allowed_origins, ["*", "http://localhost:3000"]);
}

#[test]
fn bad_values_are_refused_with_the_flag_named() {
    for (args, says) in [
        (&["--port", "x"][..], "--port"),
        (&["--port"][..], "a value is required for '--port"),
        (&["--tenant", "contoso"][..], "valid tenants: demo"),
        (&["--rate-limit", "0"][..], "--rate-limit"),
        (&["--rate-window", "0"][..], "--rate-window"),
        (&["--hour-rate-limit", "0"][..], "--hour-rate-limit"),
        (&["--hour-rate-window", "x"][..], "--hour-rate-window"),
        (
            &["--app-per-demo-token=yes"][..],
            "unexpected value 'yes' for '--app-per-demo-token'",
        ),
        (
            &["--allow-origin", "http://localhost:3000/"][..],
            "--allow-origin",
        ),
        (&["--static", "/no/such/dir"][..], "--static"),
        (&["--csp", "default-src 'self'"][..], "--csp needs --static"),
        (&["--gzip"][..], "--gzip needs --static"),
        (
            &["--static", ".", "--csp", ""][..],
            "'--csp <POLICY>': must be",
        ),
        (
            &["--static", ".", "--csp", "a\nb"][..],
            "'--csp <POLICY>': must be",
        ),
        (
            &["--demo-token", "x", "--forbidden-token", "x"][..],
            "differ",
        ),
        (
            &["--demo-token", "x", "--score-only-token", "x"][..],
            "--score-only-token must differ",
        ),
        (
            &["--forbidden-token", "x", "--score-only-token", "x"][..],
            "--score-only-token must differ",
        ),
        (&["--page-size", "0"][..], "--page-size"),
        (&["--page-size", "10001"][..], "from 1 to 10000"),
        (&["--page-size", "x"][..], "--page-size"),
        (&["--frobnicate"][..], "unexpected argument '--frobnicate'"),
        (&["--jwks-url", "ftp://idp/keys"][..], "http:// or https://"),
        (&["--jwks-url", "idp/keys"][..], "--jwks-url"),
        (&["--issuer", "idp"][..], "--issuer"),
        (&["--issuer", ""][..], "--issuer"),
        (&["--demo-token", "a b"][..], "--demo-token"),
        (&["--bind", "my-host"][..], "--bind"),
        (&["--audience", "x"][..], "--audience needs --jwks-url"),
        (&["--clock-skew", "5"][..], "--clock-skew needs"),
        (&["--also-demo-token"][..], "--also-demo-token needs"),
        (
            &["--jwks-url", "http://h/k", "--clock-skew", "-1"][..],
            "--clock-skew",
        ),
        (
            &["--jwks-url", "http://h/k", "--also-demo-token=yes"][..],
            "unexpected value 'yes' for '--also-demo-token'",
        ),
    ] {
        let error = parse(args).err().unwrap_or_default();
        assert!(error.contains(says), "{args:?} gave {error:?}");
    }
}

#[test]
fn help_wins_over_everything_and_names_every_flag() {
    assert_eq!(parse(&["--port", "1", "--help"]), Ok(Command::Help));
    assert_eq!(parse(&["-h"]), Ok(Command::Help));
    let help = help();
    for flag in [
        "--port",
        "--bind",
        "--static",
        "--csp",
        "--tenant",
        "--demo-token",
        "--forbidden-token",
        "--score-only-token",
        "--allow-origin",
        "--rate-limit",
        "--rate-window",
        "--hour-rate-limit",
        "--hour-rate-window",
        "--app-per-demo-token",
        "--page-size",
        "--jwks-url",
        "--issuer",
        "--audience",
        "--clock-skew",
        "--also-demo-token",
        "--help",
    ] {
        assert!(
            help.lines().any(|line| line.trim_start().starts_with(flag)),
            "{flag} missing from:\n{help}"
        );
    }
}

#[test]
fn a_jwks_url_turns_on_jwt_checks_with_the_documented_defaults() {
    let config = run(&["--jwks-url", "http://127.0.0.1:9000/jwks"]);
    let jwt = config.jwt.unwrap_or_else(|| panic!("no JWT settings"));
    assert_eq!(
        jwt.jwks_url.map(|url| url.to_string()).as_deref(),
        Some("http://127.0.0.1:9000/jwks")
    );
    assert_eq!(jwt.issuer, None);
    assert_eq!(jwt.audiences, ["https://api.securitycenter.microsoft.com"]);
    assert_eq!(jwt.clock_skew, 60);
    assert!(!config.also_demo_token);
}

#[test]
fn audiences_replace_the_default_and_the_issuer_may_be_https_beside_a_jwks_url() {
    let config = run(&[
        "--issuer",
        "https://sts.windows.net/tenant/",
        "--jwks-url=http://127.0.0.1:9000/jwks",
        "--audience",
        "api://a",
        "--audience=api://b",
        "--clock-skew",
        "0",
        "--also-demo-token",
    ]);
    let jwt = config.jwt.unwrap_or_else(|| panic!("no JWT settings"));
    assert_eq!(
        jwt.issuer.as_deref(),
        Some("https://sts.windows.net/tenant/")
    );
    assert_eq!(jwt.audiences, ["api://a", "api://b"]);
    assert_eq!(jwt.clock_skew, 0);
    assert!(config.also_demo_token);
}

#[test]
fn an_issuer_alone_must_be_fetchable() {
    let config = run(&["--issuer", "http://127.0.0.1:9000"]);
    let jwt = config.jwt.unwrap_or_else(|| panic!("no JWT settings"));
    assert_eq!(jwt.jwks_url, None);
    assert_eq!(jwt.issuer.as_deref(), Some("http://127.0.0.1:9000"));
}

#[test]
fn a_single_value_flag_given_twice_keeps_the_last_value() {
    let config = run(&[
        "--port", "1", "--port=2", "--tenant", "demo", "--tenant", "demo",
    ]);
    assert_eq!(config.port, 2);
    assert_eq!(run(&["--bind", "localhost"]).bind.to_string(), "127.0.0.1");
}

#[test]
fn values_may_start_with_a_hyphen() {
    let config = run(&["--demo-token", "-abc", "--forbidden-token", "--x"]);
    assert_eq!(config.demo_tokens, ["-abc"]);
    assert_eq!(config.forbidden_token, "--x");
}

#[test]
fn an_https_key_source_is_accepted() {
    let config = run(&[
        "--jwks-url",
        "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    ]);
    let jwt = config.jwt.unwrap_or_else(|| panic!("no JWT settings"));
    assert_eq!(
        jwt.jwks_url.map(|url| url.to_string()).as_deref(),
        Some("https://login.microsoftonline.com/common/discovery/v2.0/keys")
    );
    let issuer = run(&["--issuer", "https://login.microsoftonline.com/tenant/v2.0"]);
    assert!(issuer.jwt.is_some_and(|jwt| jwt.jwks_url.is_none()));
}

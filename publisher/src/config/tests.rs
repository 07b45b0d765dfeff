//! The command line's readings and its mistakes, through [`Config::from_args`] as the binary
//! calls it.

use super::*;
use defender_score_core::model::CardKind;
use std::ffi::OsString;
use std::time::Duration;

/// The command line `args` with only the variables in `env` set.
fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Config, NoConfig> {
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_args(args.iter().map(OsString::from), move |name| {
        env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
}

/// The one line of the usage error that `args` must give.
fn usage(args: &[&str], env: &[(&str, &str)]) -> String {
    match parse(args, env) {
        Err(NoConfig::Usage(line)) => line,
        other => panic!("expected a usage error for {args:?}, got {other:?}"),
    }
}

const SECRET: (&str, &str) = (SECRET_ENV, "s3cret-value");

#[test]
fn a_client_secret_sign_in_defaults_to_the_clouds_hosts() {
    let c = parse(
        &[
            "--out",
            "snap",
            "--tenant-id",
            "t1",
            "--client-id",
            "c1",
            "--cloud",
            "gcc-high",
        ],
        &[SECRET],
    )
    .expect("valid");
    assert_eq!(
        c.api_base.as_str(),
        "https://api-gov.securitycenter.microsoft.us"
    );
    assert_eq!(
        c.authority.as_deref(),
        Some("https://login.microsoftonline.us/t1/v2.0")
    );
    assert_eq!(
        c.cards,
        [CardKind::Exposure, CardKind::Device, CardKind::Groups]
    );
    assert_eq!(c.schedule, Schedule::Once(None));
    assert!(matches!(c.way, SignInWay::ClientSecret { .. }));
    assert!(!format!("{c:?}").contains("s3cret-value"));
}

/// Command lines with one mistake each (the variable `T` holds a token), and the flag its
/// line must name.
const MISTAKES: &[(&[&str], &str)] = &[
    (&["--tenant-id", "t", "--client-id", "c"], "--out"),
    (
        &["--out", "x", "--every", "5s", "--access-token-env", "T"],
        "--every",
    ),
    (
        &["--out", "x", "--every", "soon", "--access-token-env", "T"],
        "--every",
    ),
    (
        &["--out", "x", "--cloud", "mars", "--access-token-env", "T"],
        "--cloud",
    ),
    (
        &["--out", "x", "--region", "nl", "--access-token-env", "T"],
        "--region",
    ),
    (
        &[
            "--out",
            "x",
            "--cloud",
            "gcc",
            "--region",
            "eu",
            "--access-token-env",
            "T",
        ],
        "--region",
    ),
    (
        &[
            "--out",
            "x",
            "--cards",
            "exposure,secure",
            "--access-token-env",
            "T",
        ],
        "--cards",
    ),
    (
        &[
            "--out",
            "x",
            "--api-base",
            "ftp://x",
            "--access-token-env",
            "T",
        ],
        "--api-base",
    ),
    (
        &[
            "--out",
            "x",
            "--api-base",
            "http://example.com",
            "--access-token-env",
            "T",
        ],
        "--api-base",
    ),
    (&["--out", "x", "--client-id", "c"], "--client-id"),
    (
        &["--out", "x", "--tenant-id", "t", "--client-id", "c"],
        "--client-id",
    ),
    (
        &["--out", "x", "--tenant-id", "t/..", "--client-id", "c"],
        "--tenant-id",
    ),
    (
        &["--out", "x", "--access-token-env", "NOPE"],
        "--access-token-env",
    ),
    (
        &[
            "--out",
            "x",
            "--access-token-env",
            "T",
            "--managed-identity",
        ],
        "--access-token-env",
    ),
    (
        &[
            "--out",
            "x",
            "--managed-identity",
            "--authority",
            "https://a.example",
        ],
        "--authority",
    ),
    (
        &[
            "--out",
            "x",
            "--every",
            "1h",
            "--scheduled-every",
            "1h",
            "--managed-identity",
        ],
        "--every",
    ),
    (
        &[
            "--out",
            "x",
            "--tenant-id",
            "t",
            "--client-id",
            "c",
            "--certificate",
            "/no/such.pem",
        ],
        "--certificate",
    ),
    (&["--out", "x"], "--client-id"),
];

#[test]
fn every_mistake_is_one_line_naming_its_flag() {
    for (args, flag) in MISTAKES {
        let line = usage(args, &[("T", "tok")]);
        assert!(
            line.contains(flag),
            "{args:?}: {line:?} does not name {flag}"
        );
        assert!(!line.contains('\n'), "{line:?}");
    }
}

#[test]
fn durations_read_as_people_write_them() {
    let c = parse(&["--out", "x", "--every", "15m", "--managed-identity"], &[]).expect("valid");
    assert_eq!(c.schedule, Schedule::Every(Duration::from_secs(900)));
    let c = parse(
        &[
            "--out",
            "x",
            "--scheduled-every",
            "1h 30m",
            "--managed-identity",
            "abc-1",
        ],
        &[],
    )
    .expect("valid");
    assert_eq!(c.schedule, Schedule::Once(Some(Duration::from_secs(5400))));
    assert!(matches!(
        c.way,
        SignInWay::ManagedIdentity { client_id: Some(ref id) } if id == "abc-1"
    ));
}

#[test]
fn plain_http_is_only_for_this_machine() {
    for base in [
        "http://127.0.0.1:8080",
        "http://localhost:9",
        "http://[::1]:80",
    ] {
        let c = parse(
            &["--out", "x", "--api-base", base, "--access-token-env", "T"],
            &[("T", "t")],
        );
        assert!(c.is_ok(), "{base}");
    }
}

#[test]
fn help_is_not_an_error() {
    assert!(matches!(parse(&["--help"], &[]), Err(NoConfig::Info(_))));
}

#[test]
fn the_recommendations_card_is_published_only_when_listed() {
    let token = [("T", "t")];
    let asked = parse(
        &[
            "--out",
            "snap",
            "--access-token-env",
            "T",
            "--cards",
            "exposure,device,groups,recommendations",
        ],
        &token,
    )
    .expect("valid");
    assert_eq!(asked.cards, CardKind::ALL);
    let default = parse(&["--out", "snap", "--access-token-env", "T"], &token).expect("valid");
    assert_eq!(default.cards, CardKind::DEFAULT);
    assert!(!default.cards.contains(&CardKind::Recommendations));
}

#[test]
fn help_names_the_recommendations_card_and_its_permission() {
    let Err(NoConfig::Info(help)) = parse(&["--help"], &[]) else {
        panic!("--help gives the help text");
    };
    assert!(help.contains("recommendations"), "{help}");
    assert!(help.contains("SecurityRecommendation.Read.All"), "{help}");
}

//! The command line: flags, defaults, checks and `--help`, read with `clap`
//! into a typed [`Config`].

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use clap::error::ErrorKind;
use clap::{ArgAction, CommandFactory, Parser};
use reqwest::Url;

use crate::fetch::parse_key_source;
use crate::jwt::{discovery_url, JwtSettings, DEFAULT_AUDIENCE, DEFAULT_CLOCK_SKEW};
use crate::tenant::TENANT_NAMES;
use crate::throttle::Window;

/// What `--help` says after the flags.
const AFTER_HELP: &str = "\
With --jwks-url or --issuer a token must be a JWT (RS256/384/512, PS256/384/512,
ES256/384) whose kid is in the JWKS (refetched once for an unknown kid, at most every
10 s), not expired, already valid, from the issuer (if given): else 401. It must have
the audience and scp containing Score.Read or roles containing Score.Read.All: else 403.
The JWKS is fetched at start, retrying for up to 10 s, else exit status 2. An https://
key source must present a certificate the system trusts (SSL_CERT_FILE or SSL_CERT_DIR
name other trusted certificates, in PEM).
The quota is the API's: per application and tenant (a JWT's appid, else azp, with its
tid; a JWT naming no application: tid+oid, else tid+sub, else tid, else the token), and
both windows at once (--rate-limit calls per --rate-window, default 100 a minute, and
--hour-rate-limit per --hour-rate-window, default 1,500 an hour). The fixed demo
tokens are one application, sharing one quota, unless --app-per-demo-token.

On start it prints one line to stdout:
  defender-api-emulator listening on http://ADDR:PORT";

/// The flags as typed, before the checks that join several of them.
#[derive(Debug, Parser)]
#[command(
    name = "defender-api-emulator",
    about = "defender-api-emulator: a local emulator of the Microsoft Defender for Endpoint score API",
    after_help = AFTER_HELP,
    disable_help_flag = true,
    args_override_self = true
)]
struct Flags {
    /// TCP port to listen on (0 picks a free port)
    #[arg(long, value_name = "N", default_value_t = 8080, value_parser = port, allow_hyphen_values = true)]
    port: u16,
    /// IP address to listen on (localhost means 127.0.0.1)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = bind_address, allow_hyphen_values = true)]
    bind: IpAddr,
    /// serve DIR for every path outside /api/ and /_emulator/ (/ is index.html)
    #[arg(long = "static", value_name = "DIR", value_parser = directory, allow_hyphen_values = true)]
    static_dir: Option<PathBuf>,
    /// send Content-Security-Policy: POLICY with every static file (needs --static)
    #[arg(long, value_name = "POLICY", value_parser = policy, allow_hyphen_values = true)]
    csp: Option<String>,
    /// demo data to start from (valid: demo)
    #[arg(long, value_name = "NAME", default_value = "demo", value_parser = tenant, allow_hyphen_values = true)]
    tenant: String,
    /// bearer token that may read scores (default demo-token; repeatable)
    #[arg(long = "demo-token", value_name = "TOKEN", value_parser = token, allow_hyphen_values = true)]
    demo_tokens: Vec<String>,
    /// bearer token that authenticates but lacks Score.Read, answered 403
    #[arg(long, value_name = "TOKEN", default_value = "demo-token-no-permission", value_parser = token, allow_hyphen_values = true)]
    forbidden_token: String,
    /// origin whose pages may call the API (repeatable; * allows any; default none)
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = origin, allow_hyphen_values = true)]
    allowed_origins: Vec<String>,
    /// calls per application and tenant in the short (minute) window before 429
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = rate_limit, allow_hyphen_values = true)]
    rate_limit: usize,
    /// length of the short sliding quota window in seconds
    #[arg(long, value_name = "SECS", default_value = "60", value_parser = rate_window, allow_hyphen_values = true)]
    rate_window: Duration,
    /// calls per application and tenant in the long (hour) window before 429
    #[arg(long, value_name = "N", default_value_t = 1500, value_parser = rate_limit, allow_hyphen_values = true)]
    hour_rate_limit: usize,
    /// length of the long sliding quota window in seconds
    #[arg(long, value_name = "SECS", default_value = "3600", value_parser = rate_window, allow_hyphen_values = true)]
    hour_rate_window: Duration,
    /// count each fixed demo token as an application of its own (default: all share one quota)
    #[arg(long)]
    app_per_demo_token: bool,
    /// verify bearer tokens as JWTs signed by a key of this http:// or https:// JWKS
    #[arg(long, value_name = "URL", value_parser = parse_key_source, allow_hyphen_values = true)]
    jwks_url: Option<Url>,
    /// require iss = URL; without --jwks-url, find the JWKS through URL/.well-known/openid-configuration
    #[arg(long, value_name = "URL", value_parser = token, allow_hyphen_values = true)]
    issuer: Option<String>,
    /// accepted aud (repeatable; default https://api.securitycenter.microsoft.com); another audience is answered 403
    #[arg(long = "audience", value_name = "AUD", value_parser = token, allow_hyphen_values = true)]
    audiences: Vec<String>,
    /// leeway for exp and nbf in seconds (default 60)
    #[arg(long, value_name = "SECS", value_parser = clock_skew, allow_hyphen_values = true)]
    clock_skew: Option<u64>,
    /// with --jwks-url/--issuer, keep accepting the fixed demo tokens too
    #[arg(long)]
    also_demo_token: bool,
    /// print this help and exit
    #[arg(long, short_alias = 'h', action = ArgAction::Help)]
    help: Option<bool>,
}

/// The `--help` text: one line per flag.
pub fn help() -> String {
    Flags::command().render_help().to_string()
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Serve with this configuration.
    Run(Box<Config>),
    /// Print [`help`] and exit.
    Help,
}

/// How the emulator runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// `--port`.
    pub port: u16,
    /// `--bind`.
    pub bind: IpAddr,
    /// `--static`.
    pub static_dir: Option<PathBuf>,
    /// `--csp`: the `Content-Security-Policy` of the static files.
    pub static_csp: Option<String>,
    /// `--tenant`.
    pub tenant: String,
    /// Every `--demo-token`.
    pub demo_tokens: Vec<String>,
    /// `--forbidden-token`.
    pub forbidden_token: String,
    /// Every `--allow-origin`.
    pub allowed_origins: Vec<String>,
    /// `--rate-limit`: calls in the short (minute) quota window.
    pub rate_limit: usize,
    /// `--rate-window`: the short window's length.
    pub rate_window: Duration,
    /// `--hour-rate-limit`: calls in the long (hour) quota window.
    pub hour_rate_limit: usize,
    /// `--hour-rate-window`: the long window's length.
    pub hour_rate_window: Duration,
    /// `--app-per-demo-token`: each fixed token is its own application.
    pub app_per_demo_token: bool,
    /// `--jwks-url`, `--issuer`, `--audience`, `--clock-skew`: real JWT
    /// checks instead of the fixed tokens.
    pub jwt: Option<JwtSettings>,
    /// `--also-demo-token`: with `jwt`, accept the fixed tokens too.
    pub also_demo_token: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            port: 8080,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            static_dir: None,
            static_csp: None,
            tenant: "demo".into(),
            demo_tokens: vec!["demo-token".into()],
            forbidden_token: "demo-token-no-permission".into(),
            allowed_origins: Vec::new(),
            rate_limit: 100,
            rate_window: Duration::from_secs(60),
            hour_rate_limit: 1500,
            hour_rate_window: Duration::from_secs(3600),
            app_per_demo_token: false,
            jwt: None,
            also_demo_token: false,
        }
    }
}

impl Config {
    /// The quota's two sliding windows: `--rate-limit` per `--rate-window`
    /// and `--hour-rate-limit` per `--hour-rate-window`.
    pub fn quota_windows(&self) -> [Window; 2] {
        [
            Window {
                limit: self.rate_limit,
                length: self.rate_window,
            },
            Window {
                limit: self.hour_rate_limit,
                length: self.hour_rate_window,
            },
        ]
    }
}

/// Reads the arguments after the program name. Flags take their value as
/// the next argument or after `=` (`--port=0`); a flag given twice keeps
/// its last value, except the repeatable ones, which collect.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let program = std::iter::once("defender-api-emulator".to_string());
    match Flags::try_parse_from(program.chain(args)) {
        Ok(flags) => flags
            .into_config()
            .map(|config| Command::Run(Box::new(config))),
        Err(error) if error.kind() == ErrorKind::DisplayHelp => Ok(Command::Help),
        Err(error) => {
            let text = error.render().to_string();
            let text = text.strip_prefix("error: ").unwrap_or(&text);
            Err(text.trim_end().to_string())
        }
    }
}

impl Flags {
    /// The checks that join several flags, then the [`Config`].
    fn into_config(self) -> Result<Config, String> {
        if self.csp.is_some() && self.static_dir.is_none() {
            return Err("--csp needs --static: it is sent with the static files".into());
        }
        let demo_tokens = if self.demo_tokens.is_empty() {
            Config::default().demo_tokens
        } else {
            self.demo_tokens
        };
        if demo_tokens.contains(&self.forbidden_token) {
            return Err("--forbidden-token must differ from every --demo-token".into());
        }
        let jwt = if self.jwks_url.is_none() && self.issuer.is_none() {
            let jwt_only = [
                (!self.audiences.is_empty(), "--audience"),
                (self.clock_skew.is_some(), "--clock-skew"),
                (self.also_demo_token, "--also-demo-token"),
            ];
            if let Some((_, flag)) = jwt_only.iter().find(|(given, _)| *given) {
                return Err(format!("{flag} needs --jwks-url or --issuer"));
            }
            None
        } else {
            if let (None, Some(issuer)) = (&self.jwks_url, &self.issuer) {
                discovery_url(issuer)?;
            }
            let audiences = if self.audiences.is_empty() {
                vec![DEFAULT_AUDIENCE.to_string()]
            } else {
                self.audiences
            };
            Some(JwtSettings {
                jwks_url: self.jwks_url,
                issuer: self.issuer,
                audiences,
                clock_skew: self.clock_skew.unwrap_or(DEFAULT_CLOCK_SKEW),
            })
        };
        Ok(Config {
            port: self.port,
            bind: self.bind,
            static_dir: self.static_dir,
            static_csp: self.csp,
            tenant: self.tenant,
            demo_tokens,
            forbidden_token: self.forbidden_token,
            allowed_origins: self.allowed_origins,
            rate_limit: self.rate_limit,
            rate_window: self.rate_window,
            hour_rate_limit: self.hour_rate_limit,
            hour_rate_window: self.hour_rate_window,
            app_per_demo_token: self.app_per_demo_token,
            jwt,
            also_demo_token: self.also_demo_token,
        })
    }
}

/// `--port`: 0 to 65535.
fn port(text: &str) -> Result<u16, String> {
    text.parse()
        .map_err(|_| "must be a number from 0 to 65535".to_string())
}

/// `--bind`: an IP address, or `localhost` for 127.0.0.1.
fn bind_address(text: &str) -> Result<IpAddr, String> {
    if text == "localhost" {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    text.parse()
        .map_err(|_| "must be an IP address such as 127.0.0.1".to_string())
}

/// `--static`: a directory that exists.
fn directory(text: &str) -> Result<PathBuf, String> {
    let dir = PathBuf::from(text);
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err("not a directory".to_string())
    }
}

/// `--csp`: a policy on one line.
fn policy(text: &str) -> Result<String, String> {
    if text.trim().is_empty() || text.chars().any(char::is_control) {
        Err("must be a policy on one line, such as \"default-src 'self'\"".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// `--tenant`: one of [`TENANT_NAMES`].
fn tenant(text: &str) -> Result<String, String> {
    if TENANT_NAMES.contains(&text) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "unknown tenant; valid tenants: {}",
            TENANT_NAMES.join(", ")
        ))
    }
}

/// `--rate-limit`, `--hour-rate-limit`: a whole number, at least 1.
fn rate_limit(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(limit) if limit >= 1 => Ok(limit),
        _ => Err("must be a whole number of at least 1".to_string()),
    }
}

/// `--rate-window`, `--hour-rate-window`: whole seconds, at least 1.
fn rate_window(text: &str) -> Result<Duration, String> {
    match text.parse::<u64>() {
        Ok(seconds) if seconds >= 1 => Ok(Duration::from_secs(seconds)),
        _ => Err("must be a whole number of seconds, at least 1".to_string()),
    }
}

/// `--clock-skew`: whole seconds, 0 or more.
fn clock_skew(text: &str) -> Result<u64, String> {
    text.parse::<u32>()
        .map(u64::from)
        .map_err(|_| "must be a whole number of seconds, 0 or more".to_string())
}

/// A token-like value (`--demo-token`, `--forbidden-token`, `--issuer`,
/// `--audience`): non-empty, no whitespace.
fn token(text: &str) -> Result<String, String> {
    if text.is_empty() || text.contains(char::is_whitespace) {
        Err("must be non-empty and contain no whitespace".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// An `--allow-origin` value: `*` or `scheme://host[:port]` with no path.
fn origin(value: &str) -> Result<String, String> {
    if value == "*" {
        return Ok(value.to_string());
    }
    let authority = value
        .strip_prefix("http://")
        .or_else(|| value.strip_prefix("https://"));
    match authority {
        Some(authority)
            if !authority.is_empty()
                && !authority.contains('/')
                && !authority.contains(char::is_whitespace) =>
        {
            Ok(value.to_string())
        }
        _ => Err(
            "must be * or an origin such as http://localhost:3000 (no path, no trailing slash)"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    fn run(args: &[&str]) -> Config {
        match parse(args) {
            Ok(Command::Run(config)) => *config,
            other => panic!("{args:?} gave {other:?}"),
        }
    }

    #[test]
    fn no_arguments_give_the_documented_defaults() {
        assert_eq!(run(&[]), Config::default());
        assert_eq!(Config::default().port, 8080);
        assert_eq!(Config::default().rate_limit, 100);
        assert_eq!(
            Config::default().quota_windows(),
            [
                Window {
                    limit: 100,
                    length: Duration::from_secs(60)
                },
                Window {
                    limit: 1500,
                    length: Duration::from_secs(3600)
                }
            ]
        );
        assert!(!Config::default().app_per_demo_token);
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
        assert_eq!(
            config.quota_windows(),
            [
                Window {
                    limit: 3,
                    length: Duration::from_secs(60)
                },
                Window {
                    limit: 7,
                    length: Duration::from_secs(600)
                }
            ]
        );
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
            "--allow-origin",
            "--rate-limit",
            "--rate-window",
            "--hour-rate-limit",
            "--hour-rate-window",
            "--app-per-demo-token",
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
}

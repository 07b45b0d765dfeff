//! The command line: flags, defaults, checks and `--help`.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::time::Duration;

use crate::http_client::HttpUrl;
use crate::jwt::{discovery_url, JwtSettings, DEFAULT_AUDIENCE, DEFAULT_CLOCK_SKEW};
use crate::tenant::TENANT_NAMES;

/// The `--help` text: one line per flag.
pub const HELP: &str = "\
defender-api-emulator: a local emulator of the Microsoft Defender for Endpoint score API

Usage: defender-api-emulator [OPTIONS]

Options:
  --port N                 TCP port to listen on (default 8080; 0 picks a free port)
  --bind ADDR              IP address to listen on (default 127.0.0.1)
  --static DIR             serve DIR for every path outside /api/ and /_emulator/ (/ is index.html)
  --csp POLICY             send Content-Security-Policy: POLICY with every static file (needs --static)
  --tenant NAME            demo data to start from (default demo; valid: demo)
  --demo-token TOKEN       bearer token that may read scores (default demo-token; repeatable)
  --forbidden-token TOKEN  bearer token that authenticates but lacks Score.Read, answered 403 (default demo-token-no-permission)
  --allow-origin ORIGIN    origin whose pages may call the API (repeatable; * allows any; default none)
  --rate-limit N           calls per caller per window before 429 (default 100)
  --rate-window SECS       length of the sliding rate-limit window in seconds (default 60)
  --jwks-url URL           verify bearer tokens as JWTs signed by a key of this http:// JWKS
  --issuer URL             require iss = URL; without --jwks-url, find the JWKS through
                           URL/.well-known/openid-configuration (http:// only)
  --audience AUD           accepted aud (repeatable; default https://api.securitycenter.microsoft.com);
                           another audience is answered 403
  --clock-skew SECS        leeway for exp and nbf in seconds (default 60)
  --also-demo-token        with --jwks-url/--issuer, keep accepting the fixed demo tokens too
  --help                   print this help and exit

With --jwks-url or --issuer a token must be a JWT (RS256/384/512, PS256/384/512,
ES256/384) whose kid is in the JWKS (refetched once for an unknown kid, at most every
10 s), not expired, already valid, from the issuer (if given): else 401. It must have
the audience and scp containing Score.Read or roles containing Score.Read.All: else 403.
The JWKS is fetched at start, retrying for up to 10 s, else exit status 2.
The rate limit counts a JWT's calls by tid+oid (else tid+sub, else the token itself),
a fixed token's by the token.

On start it prints one line to stdout:
  defender-api-emulator listening on http://ADDR:PORT
";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Serve with this configuration.
    Run(Box<Config>),
    /// Print [`HELP`] and exit.
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
    /// `--rate-limit`.
    pub rate_limit: usize,
    /// `--rate-window`.
    pub rate_window: Duration,
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
            jwt: None,
            also_demo_token: false,
        }
    }
}

/// Reads the arguments after the program name. Flags take their value as
/// the next argument or after `=` (`--port=0`).
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, String> {
    let mut config = Config::default();
    let mut demo_tokens = Vec::new();
    let mut jwks_url = None;
    let mut issuer = None;
    let mut audiences = Vec::new();
    let mut clock_skew = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(value.to_string()))
            }
            _ => (arg.clone(), None),
        };
        if flag == "--help" || flag == "-h" {
            return Ok(Command::Help);
        }
        if flag == "--also-demo-token" {
            if inline.is_some() {
                return Err("--also-demo-token takes no value".into());
            }
            config.also_demo_token = true;
            continue;
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--port" => {
                let text = value()?;
                config.port = text.parse().map_err(|_| {
                    format!("--port must be a number from 0 to 65535, not {text:?}")
                })?;
            }
            "--bind" => {
                let text = value()?;
                config.bind = if text == "localhost" {
                    IpAddr::V4(Ipv4Addr::LOCALHOST)
                } else {
                    text.parse().map_err(|_| {
                        format!("--bind must be an IP address such as 127.0.0.1, not {text:?}")
                    })?
                };
            }
            "--static" => {
                let dir = PathBuf::from(value()?);
                if !dir.is_dir() {
                    return Err(format!("--static {} is not a directory", dir.display()));
                }
                config.static_dir = Some(dir);
            }
            "--csp" => {
                let policy = value()?;
                if policy.trim().is_empty() || policy.chars().any(char::is_control) {
                    return Err(format!(
                        "--csp must be a policy on one line, such as \"default-src 'self'\", not {policy:?}"
                    ));
                }
                config.static_csp = Some(policy);
            }
            "--tenant" => {
                let name = value()?;
                if !TENANT_NAMES.contains(&name.as_str()) {
                    return Err(format!(
                        "unknown tenant {name:?}; valid tenants: {}",
                        TENANT_NAMES.join(", ")
                    ));
                }
                config.tenant = name;
            }
            "--demo-token" => demo_tokens.push(token("--demo-token", value()?)?),
            "--forbidden-token" => config.forbidden_token = token("--forbidden-token", value()?)?,
            "--allow-origin" => config.allowed_origins.push(origin(value()?)?),
            "--rate-limit" => {
                let text = value()?;
                config.rate_limit = match text.parse::<usize>() {
                    Ok(limit) if limit >= 1 => limit,
                    _ => {
                        return Err(format!(
                            "--rate-limit must be a whole number of at least 1, not {text:?}"
                        ))
                    }
                };
            }
            "--rate-window" => {
                let text = value()?;
                config.rate_window = match text.parse::<u64>() {
                    Ok(seconds) if seconds >= 1 => Duration::from_secs(seconds),
                    _ => {
                        return Err(format!(
                        "--rate-window must be a whole number of seconds, at least 1, not {text:?}"
                    ))
                    }
                };
            }
            "--jwks-url" => {
                jwks_url = Some(HttpUrl::parse(&value()?).map_err(|e| format!("--jwks-url: {e}"))?)
            }
            "--issuer" => issuer = Some(token("--issuer", value()?)?),
            "--audience" => audiences.push(token("--audience", value()?)?),
            "--clock-skew" => {
                let text = value()?;
                clock_skew = Some(text.parse::<u32>().map_err(|_| {
                    format!(
                        "--clock-skew must be a whole number of seconds, 0 or more, not {text:?}"
                    )
                })?);
            }
            _ => return Err(format!("unknown argument {arg:?}; see --help")),
        }
    }
    if config.static_csp.is_some() && config.static_dir.is_none() {
        return Err("--csp needs --static: it is sent with the static files".into());
    }
    if !demo_tokens.is_empty() {
        config.demo_tokens = demo_tokens;
    }
    if config.demo_tokens.contains(&config.forbidden_token) {
        return Err("--forbidden-token must differ from every --demo-token".into());
    }
    if jwks_url.is_none() && issuer.is_none() {
        let jwt_only = [
            (!audiences.is_empty(), "--audience"),
            (clock_skew.is_some(), "--clock-skew"),
            (config.also_demo_token, "--also-demo-token"),
        ];
        if let Some((_, flag)) = jwt_only.iter().find(|(given, _)| *given) {
            return Err(format!("{flag} needs --jwks-url or --issuer"));
        }
    } else {
        if let (None, Some(issuer)) = (&jwks_url, &issuer) {
            discovery_url(issuer)?;
        }
        if audiences.is_empty() {
            audiences.push(DEFAULT_AUDIENCE.to_string());
        }
        config.jwt = Some(JwtSettings {
            jwks_url,
            issuer,
            audiences,
            clock_skew: clock_skew.map_or(DEFAULT_CLOCK_SKEW, u64::from),
        });
    }
    Ok(Command::Run(Box::new(config)))
}

/// A token flag's value: non-empty, no whitespace.
fn token(flag: &str, value: String) -> Result<String, String> {
    if value.is_empty() || value.contains(char::is_whitespace) {
        Err(format!(
            "{flag} must be non-empty and contain no whitespace"
        ))
    } else {
        Ok(value)
    }
}

/// An `--allow-origin` value: `*` or `scheme://host[:port]` with no path.
fn origin(value: String) -> Result<String, String> {
    if value == "*" {
        return Ok(value);
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
            Ok(value)
        }
        _ => Err(format!(
            "--allow-origin must be * or an origin such as http://localhost:3000 (no path, no trailing slash), not {value:?}"
        )),
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
            (&["--port"][..], "needs a value"),
            (&["--tenant", "contoso"][..], "valid tenants: demo"),
            (&["--rate-limit", "0"][..], "--rate-limit"),
            (&["--rate-window", "0"][..], "--rate-window"),
            (
                &["--allow-origin", "http://localhost:3000/"][..],
                "--allow-origin",
            ),
            (&["--static", "/no/such/dir"][..], "--static"),
            (&["--csp", "default-src 'self'"][..], "--csp needs --static"),
            (&["--static", ".", "--csp", ""][..], "--csp must be"),
            (&["--static", ".", "--csp", "a\nb"][..], "--csp must be"),
            (
                &["--demo-token", "x", "--forbidden-token", "x"][..],
                "differ",
            ),
            (&["--frobnicate"][..], "unknown argument"),
            (&["--jwks-url", "https://idp/keys"][..], "TLS"),
            (&["--jwks-url", "idp/keys"][..], "--jwks-url"),
            (&["--issuer", "https://idp"][..], "TLS"),
            (&["--issuer", ""][..], "--issuer"),
            (&["--audience", "x"][..], "--audience needs --jwks-url"),
            (&["--clock-skew", "5"][..], "--clock-skew needs"),
            (&["--also-demo-token"][..], "--also-demo-token needs"),
            (
                &["--jwks-url", "http://h/k", "--clock-skew", "-1"][..],
                "--clock-skew",
            ),
            (
                &["--jwks-url", "http://h/k", "--also-demo-token=yes"][..],
                "no value",
            ),
        ] {
            let error = parse(args).err().unwrap_or_default();
            assert!(error.contains(says), "{args:?} gave {error:?}");
        }
    }

    #[test]
    fn help_wins_over_everything_and_names_every_flag() {
        assert_eq!(parse(&["--port", "1", "--help"]), Ok(Command::Help));
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
            "--jwks-url",
            "--issuer",
            "--audience",
            "--clock-skew",
            "--also-demo-token",
            "--help",
        ] {
            assert!(HELP.contains(flag), "{flag}");
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
}

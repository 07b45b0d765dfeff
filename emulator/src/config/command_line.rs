//! The command line: flags, defaults, checks and `--help`, read with `clap`
//! into a typed [`Config`].

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::error::ErrorKind;
use clap::{ArgAction, CommandFactory, Parser};
use reqwest::Url;

use super::flag_values::{
    bind_address, clock_skew, directory, origin, page_size, policy, port, rate_limit, rate_window,
    tenant, token,
};
use super::{Command, Config, JwtSettings, DEFAULT_CLOCK_SKEW, MAX_PAGE_SIZE};
use crate::access::DEFAULT_AUDIENCE;
use crate::key_source::{discovery_url, parse_key_source};

/// What `--help` says after the flags.
const AFTER_HELP: &str = "\
With --jwks-url or --issuer a token must be a JWT (RS256/384/512, PS256/384/512,
ES256/384) whose kid is in the JWKS (refetched once for an unknown kid, at most every
10 s), not expired, already valid, from the issuer (if given): else 401. It must have
the audience and scp containing Score.Read or roles containing Score.Read.All: else 403
(/api/recommendations: SecurityRecommendation.Read or SecurityRecommendation.Read.All).
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
    about = "defender-api-emulator: a local emulator of the Microsoft Defender for Endpoint score and recommendations API",
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
    /// compress static files as docs/hosting.md's nginx block does: a file's .gz beside it, else gzip on the fly for HTML, CSS, JavaScript, wasm, JSON and SVG (needs --static)
    #[arg(long)]
    gzip: bool,
    /// demo data to start from (valid: demo)
    #[arg(long, value_name = "NAME", default_value = "demo", value_parser = tenant, allow_hyphen_values = true)]
    tenant: String,
    /// bearer token that may read every endpoint (default demo-token; repeatable)
    #[arg(long = "demo-token", value_name = "TOKEN", value_parser = token, allow_hyphen_values = true)]
    demo_tokens: Vec<String>,
    /// bearer token that authenticates but lacks every permission, answered 403
    #[arg(long, value_name = "TOKEN", default_value = "demo-token-no-permission", value_parser = token, allow_hyphen_values = true)]
    forbidden_token: String,
    /// bearer token that holds Score.Read only: reads the scores, 403 on /api/recommendations
    #[arg(long, value_name = "TOKEN", default_value = "demo-token-score-only", value_parser = token, allow_hyphen_values = true)]
    score_only_token: String,
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
    /// at most N recommendations per answer, the rest behind @odata.nextLink (1 to 10000)
    #[arg(long, value_name = "N", default_value_t = MAX_PAGE_SIZE, value_parser = page_size, allow_hyphen_values = true)]
    page_size: usize,
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
        if self.gzip && self.static_dir.is_none() {
            return Err("--gzip needs --static: it compresses the static files".into());
        }
        let demo_tokens = self.demo_tokens()?;
        let jwt = self.jwt_settings()?;
        Ok(Config {
            port: self.port,
            bind: self.bind,
            static_dir: self.static_dir,
            static_csp: self.csp,
            static_gzip: self.gzip,
            tenant: self.tenant,
            demo_tokens,
            forbidden_token: self.forbidden_token,
            score_only_token: self.score_only_token,
            allowed_origins: self.allowed_origins,
            rate_limit: self.rate_limit,
            rate_window: self.rate_window,
            hour_rate_limit: self.hour_rate_limit,
            hour_rate_window: self.hour_rate_window,
            app_per_demo_token: self.app_per_demo_token,
            page_size: self.page_size,
            jwt,
            also_demo_token: self.also_demo_token,
        })
    }

    /// Every `--demo-token` (or the default one), none of them the
    /// `--forbidden-token` or the `--score-only-token`, which differ too.
    fn demo_tokens(&self) -> Result<Vec<String>, String> {
        let demo_tokens = if self.demo_tokens.is_empty() {
            Config::default().demo_tokens
        } else {
            self.demo_tokens.clone()
        };
        if demo_tokens.contains(&self.forbidden_token) {
            return Err("--forbidden-token must differ from every --demo-token".into());
        }
        if demo_tokens.contains(&self.score_only_token)
            || self.forbidden_token == self.score_only_token
        {
            return Err(
                "--score-only-token must differ from every --demo-token and from --forbidden-token"
                    .into(),
            );
        }
        Ok(demo_tokens)
    }

    /// JWT mode's settings when `--jwks-url` or `--issuer` turns it on;
    /// without them, `None`, refusing the flags only JWT mode reads.
    fn jwt_settings(&self) -> Result<Option<JwtSettings>, String> {
        if self.jwks_url.is_none() && self.issuer.is_none() {
            let jwt_only = [
                (!self.audiences.is_empty(), "--audience"),
                (self.clock_skew.is_some(), "--clock-skew"),
                (self.also_demo_token, "--also-demo-token"),
            ];
            if let Some((_, flag)) = jwt_only.iter().find(|(given, _)| *given) {
                return Err(format!("{flag} needs --jwks-url or --issuer"));
            }
            return Ok(None);
        }
        if let (None, Some(issuer)) = (&self.jwks_url, &self.issuer) {
            discovery_url(issuer)?;
        }
        let audiences = if self.audiences.is_empty() {
            vec![DEFAULT_AUDIENCE.to_string()]
        } else {
            self.audiences.clone()
        };
        Ok(Some(JwtSettings {
            jwks_url: self.jwks_url.clone(),
            issuer: self.issuer.clone(),
            audiences,
            clock_skew: self.clock_skew.unwrap_or(DEFAULT_CLOCK_SKEW),
        }))
    }
}

//! The command line, read once with `clap` into a typed [`Config`]. Every mistake becomes one
//! line that names the flag; the binary exits 2 with it.

use crate::secret::Secret;
use crate::signin::certificate::ClientCertificate;
use clap::error::ErrorKind;
use clap::Parser;
use defender_score_core::model::{ApiBase, CardKind, Cloud, Region};
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

/// The environment variable that holds the client secret (never a flag: flags show in `ps`).
pub const SECRET_ENV: &str = "DEFENDER_CLIENT_SECRET";
/// The shortest schedule: three calls a minute stay far below the API's 100.
const MIN_INTERVAL: Duration = Duration::from_secs(60);
/// The longest schedule (a week).
const MAX_INTERVAL: Duration = Duration::from_secs(7 * 86_400);

const AFTER_HELP: &str = "\
Sign in with one of:
  --tenant-id ID --client-id ID   client secret in the environment variable DEFENDER_CLIENT_SECRET,
                                  or --certificate PEM (the certificate and its RSA private key)
  --managed-identity [CLIENT_ID]  the host's managed identity (user-assigned with CLIENT_ID)
  --access-token-env NAME         a token obtained elsewhere, in the environment variable NAME
The application needs the WindowsDefenderATP application permission Score.Read.All.
--authority is an OpenID Connect issuer: the token endpoint is read from
URL/.well-known/openid-configuration (default https://login.microsoftonline.com/TENANT/v2.0,
login.microsoftonline.us for gcc-high and dod).

Exit status: 0 published; 1 the API or sign-in failed (the last good snapshot stays, the
failure is recorded in snapshot.json) or another publisher holds the folder's lock;
2 bad arguments or configuration. The folder's format: docs/snapshot-format.md.";

/// Reads a list of cards (`exposure,device,groups`).
#[derive(Debug, Clone, PartialEq)]
struct Cards(Vec<CardKind>);

/// The flags as typed.
#[derive(Debug, Parser)]
#[command(
    name = "defender-score-publisher",
    version,
    about = "Reads the Defender score API with an application token and publishes a snapshot folder for the widget's snapshot mode",
    after_help = AFTER_HELP
)]
struct Flags {
    /// the snapshot folder to write (created if missing)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// keep running and publish every DURATION (15m, 1h; at least 1m), with a little jitter
    #[arg(long, value_name = "DURATION", value_parser = interval)]
    every: Option<Duration>,
    /// publish once; the schedule that runs it (cron, timer) repeats every DURATION
    #[arg(long, value_name = "DURATION", value_parser = interval, conflicts_with = "every")]
    scheduled_every: Option<Duration>,
    /// commercial, gcc, gcc-high or dod
    #[arg(long, value_name = "CLOUD", default_value = "commercial", value_parser = cloud)]
    cloud: Cloud,
    /// commercial geo host: us, eu, uk, au, swa, ina or aea
    #[arg(long, value_name = "REGION", value_parser = region)]
    region: Option<Region>,
    /// the API to read (default: the cloud's API host)
    #[arg(long, value_name = "URL")]
    api_base: Option<String>,
    /// the OpenID Connect issuer that signs in --client-id (default: the cloud's Entra ID)
    #[arg(long, value_name = "URL")]
    authority: Option<String>,
    /// the cards to publish, a comma list
    #[arg(long, value_name = "LIST", default_value = "exposure,device,groups", value_parser = cards)]
    cards: Cards,
    /// the tenant (directory) id
    #[arg(long, value_name = "ID")]
    tenant_id: Option<String>,
    /// the application (client) id
    #[arg(long, value_name = "ID")]
    client_id: Option<String>,
    /// sign in with this certificate and private key (a PEM file) instead of a secret
    #[arg(long, value_name = "PEM")]
    certificate: Option<PathBuf>,
    /// sign in as the host's managed identity (user-assigned: its client id)
    #[arg(long, value_name = "CLIENT_ID", num_args = 0..=1, default_missing_value = "")]
    managed_identity: Option<String>,
    /// use the access token in the environment variable NAME
    #[arg(long, value_name = "NAME")]
    access_token_env: Option<String>,
}

/// When the publisher runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Once, started by cron or a timer every `Some(interval)` (or an unknown schedule).
    Once(Option<Duration>),
    /// Keeps running, publishing every interval.
    Every(Duration),
}

impl Schedule {
    /// The interval written into the snapshot, if known.
    pub fn interval(self) -> Option<Duration> {
        match self {
            Schedule::Once(every) => every,
            Schedule::Every(every) => Some(every),
        }
    }
}

/// How the publisher signs in.
#[derive(Debug)]
pub enum SignInWay {
    /// Client credentials with the secret from [`SECRET_ENV`].
    ClientSecret {
        /// The application id.
        client_id: String,
        /// The secret.
        secret: Secret,
    },
    /// Client credentials with a certificate (a signed client assertion).
    Certificate {
        /// The application id.
        client_id: String,
        /// The certificate and its key.
        certificate: ClientCertificate,
    },
    /// The host's managed identity, user-assigned when a client id is given.
    ManagedIdentity {
        /// A user-assigned identity's client id.
        client_id: Option<String>,
    },
    /// A token handed over in an environment variable.
    AccessToken {
        /// The variable's name (for messages).
        variable: String,
        /// The token.
        token: Secret,
    },
}

/// Everything a run needs, checked.
#[derive(Debug)]
pub struct Config {
    /// `--out`.
    pub out: PathBuf,
    /// `--every` or `--scheduled-every`.
    pub schedule: Schedule,
    /// `--cloud`.
    pub cloud: Cloud,
    /// `--api-base`, or the cloud's (and region's) API host.
    pub api_base: ApiBase,
    /// `--authority`, or the cloud's Entra ID issuer for the tenant (client id ways only).
    pub authority: Option<String>,
    /// `--cards`, in the order given.
    pub cards: Vec<CardKind>,
    /// `--tenant-id`.
    pub tenant_id: Option<String>,
    /// How to sign in.
    pub way: SignInWay,
}

/// Why the command line did not give a [`Config`].
#[derive(Debug, PartialEq)]
pub enum NoConfig {
    /// `--help` or `--version`: print this and exit 0.
    Info(String),
    /// A mistake: print this one line and exit 2.
    Usage(String),
}

fn interval(text: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(text.trim()).map_err(|e| e.to_string())?;
    if d < MIN_INTERVAL {
        return Err("must be at least 1m".into());
    }
    if d > MAX_INTERVAL {
        return Err("must be at most 7days".into());
    }
    Ok(d)
}

fn cloud(text: &str) -> Result<Cloud, String> {
    Cloud::parse(text).ok_or_else(|| "use commercial, gcc, gcc-high or dod".into())
}

fn region(text: &str) -> Result<Region, String> {
    Region::parse(text).ok_or_else(|| "use us, eu, uk, au, swa, ina or aea".into())
}

fn cards(text: &str) -> Result<Cards, String> {
    let mut list = Vec::new();
    for name in text.split(',').map(str::trim) {
        let card = CardKind::parse(name)
            .ok_or_else(|| format!("unknown card \"{name}\"; use exposure, device and groups"))?;
        if list.contains(&card) {
            return Err(format!("{name} is listed twice"));
        }
        list.push(card);
    }
    Ok(Cards(list))
}

/// An id as Entra spells them: letters, digits, `-` and `.`, at most 256 bytes.
fn id(flag: &str, text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty()
        || t.len() > 256
        || !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return Err(format!(
            "{flag} must be an id of letters, digits, '-' and '.' (a GUID)"
        ));
    }
    Ok(t.to_owned())
}

/// Whether an origin (`http://host[:port]`) is this machine.
fn is_loopback(origin: &str) -> bool {
    let Some(authority) = origin.strip_prefix("http://") else {
        return false;
    };
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host == "localhost" || host == "::1" || host.starts_with("127.")
}

/// An https URL, or http to this machine (the emulator, a local OpenID provider in tests):
/// a token or secret never crosses a network in clear text.
fn url(flag: &str, text: &str) -> Result<ApiBase, String> {
    let base = ApiBase::parse(text, None).map_err(|e| format!("{flag} {e}"))?;
    if base.origin().starts_with("https://") || is_loopback(base.origin()) {
        Ok(base)
    } else {
        Err(format!(
            "{flag} must use https (http only to this machine: localhost, 127.0.0.1, [::1])"
        ))
    }
}

/// A clap error as one line (its first paragraph).
fn one_line(error: &clap::Error) -> String {
    let text = error.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let first = text.split("\n\n").next().unwrap_or(text);
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Config {
    /// Reads the arguments after the program name, and the environment through `env`.
    pub fn from_args(
        args: impl IntoIterator<Item = OsString>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, NoConfig> {
        let program = std::iter::once(OsString::from("defender-score-publisher"));
        let flags = match Flags::try_parse_from(program.chain(args)) {
            Ok(flags) => flags,
            Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
                return Err(NoConfig::Info(e.render().to_string()))
            }
            Err(e) => return Err(NoConfig::Usage(one_line(&e))),
        };
        flags.into_config(&env).map_err(NoConfig::Usage)
    }
}

impl Flags {
    fn into_config(self, env: &dyn Fn(&str) -> Option<String>) -> Result<Config, String> {
        if self.out.as_os_str().is_empty() {
            return Err("--out must name a folder".into());
        }
        if self.out.exists() && !self.out.is_dir() {
            return Err(format!("--out {} is not a folder", self.out.display()));
        }
        if self.region.is_some() && self.cloud != Cloud::Commercial {
            return Err("--region is for --cloud commercial only".into());
        }
        let api_base = match &self.api_base {
            Some(text) => url("--api-base", text)?,
            None => url("--api-base", &self.cloud.api_base(self.region))?,
        };
        let tenant_id = self
            .tenant_id
            .as_deref()
            .map(|t| id("--tenant-id", t))
            .transpose()?;
        let client_id = self
            .client_id
            .as_deref()
            .map(|c| id("--client-id", c))
            .transpose()?;
        let way = self.way(client_id, tenant_id.as_deref(), env)?;
        let authority = match (&way, &self.authority, &tenant_id) {
            (SignInWay::ClientSecret { .. } | SignInWay::Certificate { .. }, Some(text), _) => {
                Some(url("--authority", text)?.as_str().to_owned())
            }
            (SignInWay::ClientSecret { .. } | SignInWay::Certificate { .. }, None, Some(t)) => {
                Some(format!("{}/{t}/v2.0", login_host(self.cloud)))
            }
            (_, Some(_), _) => {
                return Err("--authority is for --client-id sign-in only".into());
            }
            _ => None,
        };
        Ok(Config {
            out: self.out,
            schedule: match self.every {
                Some(every) => Schedule::Every(every),
                None => Schedule::Once(self.scheduled_every),
            },
            cloud: self.cloud,
            api_base,
            authority,
            cards: self.cards.0,
            tenant_id,
            way,
        })
    }

    fn way(
        &self,
        client_id: Option<String>,
        tenant_id: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<SignInWay, String> {
        let secret = env(SECRET_ENV).filter(|s| !s.is_empty());
        if let Some(variable) = &self.access_token_env {
            for (given, flag) in [
                (client_id.is_some(), "--client-id"),
                (self.certificate.is_some(), "--certificate"),
                (self.managed_identity.is_some(), "--managed-identity"),
            ] {
                if given {
                    return Err(format!(
                        "--access-token-env and {flag}: use one way to sign in"
                    ));
                }
            }
            let token = env(variable)
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .ok_or_else(|| {
                    format!("--access-token-env: the environment variable {variable} is not set")
                })?;
            return Ok(SignInWay::AccessToken {
                variable: variable.clone(),
                token: Secret::new(token),
            });
        }
        if let Some(mi) = &self.managed_identity {
            for (given, flag) in [
                (client_id.is_some(), "--client-id"),
                (self.certificate.is_some(), "--certificate"),
            ] {
                if given {
                    return Err(format!(
                        "--managed-identity and {flag}: use one way to sign in"
                    ));
                }
            }
            let client_id = match mi.trim() {
                "" => None,
                text => Some(id("--managed-identity", text)?),
            };
            return Ok(SignInWay::ManagedIdentity { client_id });
        }
        let Some(client_id) = client_id else {
            if self.certificate.is_some() {
                return Err("--certificate needs --tenant-id and --client-id".into());
            }
            return Err("no way to sign in: give --tenant-id and --client-id (with DEFENDER_CLIENT_SECRET or --certificate), --managed-identity or --access-token-env".into());
        };
        if tenant_id.is_none() {
            return Err("--client-id needs --tenant-id".into());
        }
        match (&self.certificate, secret) {
            (Some(_), Some(_)) => Err(format!(
                "--certificate: {SECRET_ENV} is set too; use one way to sign in"
            )),
            (Some(path), None) => Ok(SignInWay::Certificate {
                client_id,
                certificate: ClientCertificate::read(path)
                    .map_err(|e| format!("--certificate {}: {e}", path.display()))?,
            }),
            (None, Some(secret)) => Ok(SignInWay::ClientSecret {
                client_id,
                secret: Secret::new(secret),
            }),
            (None, None) => Err(format!(
                "--client-id: set the environment variable {SECRET_ENV} or give --certificate"
            )),
        }
    }
}

/// The cloud's Entra ID sign-in host.
pub fn login_host(cloud: Cloud) -> &'static str {
    match cloud {
        Cloud::Commercial | Cloud::Gcc => "https://login.microsoftonline.com",
        Cloud::GccHigh | Cloud::Dod => "https://login.microsoftonline.us",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Config, NoConfig> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_args(args.iter().map(OsString::from), move |name| {
            env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

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

    #[test]
    fn every_mistake_is_one_line_naming_its_flag() {
        let cases: &[(&[&str], &str)] = &[
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
        for (args, flag) in cases {
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
}

//! The flags as typed, with their help text, and their checks into a [`Config`].

use super::sign_in::authority;
use super::values::{cards, cloud, id, interval, region, url, Cards};
use super::{Config, Schedule};
use clap::Parser;
use defender_score_core::model::{Cloud, Region};
use std::path::PathBuf;
use std::time::Duration;

const AFTER_HELP: &str = "\
Sign in with one of:
  --tenant-id ID --client-id ID   client secret in the environment variable DEFENDER_CLIENT_SECRET,
                                  or --certificate PEM (the certificate and its RSA private key)
  --managed-identity [CLIENT_ID]  the host's managed identity (user-assigned with CLIENT_ID)
  --access-token-env NAME         a token obtained elsewhere, in the environment variable NAME
The application needs the WindowsDefenderATP application permission Score.Read.All, and
SecurityRecommendation.Read.All for the recommendations card (a card the token may not read
is recorded as failed; the other cards are still published).
--authority is an OpenID Connect issuer: the token endpoint is read from
URL/.well-known/openid-configuration (default https://login.microsoftonline.com/TENANT/v2.0,
login.microsoftonline.us for gcc-high and dod).

Exit status: 0 published; 1 the API or sign-in failed (the last good snapshot stays, the
failure is recorded in snapshot.json) or another publisher holds the folder's lock;
2 bad arguments or configuration. The folder's format: docs/snapshot-format.md.";

/// The flags as typed.
#[derive(Debug, Parser)]
#[command(
    name = "defender-score-publisher",
    version,
    about = "Reads the Defender score API with an application token and publishes a snapshot folder for the widget's snapshot mode",
    after_help = AFTER_HELP
)]
pub(super) struct Flags {
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
    /// the cards to publish, a comma list of exposure, device, groups and recommendations
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
    pub(super) certificate: Option<PathBuf>,
    /// sign in as the host's managed identity (user-assigned: its client id)
    #[arg(long, value_name = "CLIENT_ID", num_args = 0..=1, default_missing_value = "")]
    pub(super) managed_identity: Option<String>,
    /// use the access token in the environment variable NAME
    #[arg(long, value_name = "NAME")]
    pub(super) access_token_env: Option<String>,
}

impl Flags {
    /// Checks the flags together, reading the environment through `env`; `Err` is the line.
    pub(super) fn into_config(
        self,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Config, String> {
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
        let authority = authority(
            &way,
            self.authority.as_deref(),
            tenant_id.as_deref(),
            self.cloud,
        )?;
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
}

//! The one way to sign in, chosen from the flags and the environment: a token handed over, the
//! host's managed identity, or client credentials (a secret or a certificate) at an authority.

use super::flags::Flags;
use super::values::{id, url};
use super::SECRET_ENV;
use crate::secret::Secret;
use crate::signin::certificate::ClientCertificate;
use defender_score_core::model::Cloud;

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

/// `--authority` (checked), or the cloud's Entra ID issuer for the tenant: only the client id
/// ways sign in at an authority, so the flag with another way is a mistake.
pub(super) fn authority(
    way: &SignInWay,
    given: Option<&str>,
    tenant_id: Option<&str>,
    cloud: Cloud,
) -> Result<Option<String>, String> {
    match (way, given, tenant_id) {
        (SignInWay::ClientSecret { .. } | SignInWay::Certificate { .. }, Some(text), _) => {
            Ok(Some(url("--authority", text)?.as_str().to_owned()))
        }
        (SignInWay::ClientSecret { .. } | SignInWay::Certificate { .. }, None, Some(t)) => {
            Ok(Some(format!("{}/{t}/v2.0", cloud.login_host())))
        }
        (_, Some(_), _) => Err("--authority is for --client-id sign-in only".into()),
        _ => Ok(None),
    }
}

/// Fails with the line that says to use one way when any of `others` was given beside `flag`.
fn one_way(flag: &str, others: &[(bool, &str)]) -> Result<(), String> {
    match others.iter().find(|(given, _)| *given) {
        Some((_, other)) => Err(format!("{flag} and {other}: use one way to sign in")),
        None => Ok(()),
    }
}

impl Flags {
    /// The way to sign in: `--access-token-env`, else `--managed-identity`, else client
    /// credentials for `client_id` (already checked, as is `tenant_id`).
    pub(super) fn way(
        &self,
        client_id: Option<String>,
        tenant_id: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<SignInWay, String> {
        if let Some(variable) = &self.access_token_env {
            one_way(
                "--access-token-env",
                &[
                    (client_id.is_some(), "--client-id"),
                    (self.certificate.is_some(), "--certificate"),
                    (self.managed_identity.is_some(), "--managed-identity"),
                ],
            )?;
            return access_token(variable, env);
        }
        if let Some(mi) = &self.managed_identity {
            one_way(
                "--managed-identity",
                &[
                    (client_id.is_some(), "--client-id"),
                    (self.certificate.is_some(), "--certificate"),
                ],
            )?;
            return managed_identity(mi);
        }
        self.client_credentials(client_id, tenant_id, env)
    }

    /// Client credentials: the secret from [`SECRET_ENV`] or `--certificate`, not both.
    fn client_credentials(
        &self,
        client_id: Option<String>,
        tenant_id: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<SignInWay, String> {
        let secret = env(SECRET_ENV).filter(|s| !s.is_empty());
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

/// `--access-token-env NAME`: the token in that variable, which must be set and not blank.
fn access_token(variable: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<SignInWay, String> {
    let token = env(variable)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            format!("--access-token-env: the environment variable {variable} is not set")
        })?;
    Ok(SignInWay::AccessToken {
        variable: variable.to_owned(),
        token: Secret::new(token),
    })
}

/// `--managed-identity [CLIENT_ID]`: system-assigned when given without a value.
fn managed_identity(given: &str) -> Result<SignInWay, String> {
    let client_id = match given.trim() {
        "" => None,
        text => Some(id("--managed-identity", text)?),
    };
    Ok(SignInWay::ManagedIdentity { client_id })
}

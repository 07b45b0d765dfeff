//! `--managed-identity`: Microsoft's `azure_identity::ManagedIdentityCredential`, which finds
//! the host's identity endpoint (IMDS on a VM or AKS node, App Service, Azure Arc, Service
//! Fabric, ...) from the environment. Its HTTP goes through our reqwest client (no second
//! HTTP stack, no redirects, the same timeouts).

use super::SignInError;
use crate::secret::Secret;
use azure_core::credentials::TokenCredential;
use azure_core::http::headers::{HeaderName, HeaderValue, Headers};
use azure_core::http::{AsyncRawResponse, Body, ClientOptions, HttpClient, Request, Transport};
use azure_identity::{ManagedIdentityCredential, ManagedIdentityCredentialOptions, UserAssignedId};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The largest identity-endpoint answer read.
const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// reqwest as azure_core's transport.
#[derive(Debug)]
struct ReqwestTransport(reqwest::Client);

#[async_trait::async_trait]
impl HttpClient for ReqwestTransport {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let method =
            reqwest::Method::from_bytes(request.method().as_str().as_bytes()).map_err(|e| {
                azure_core::Error::with_error(azure_core::error::ErrorKind::Other, e, "method")
            })?;
        let mut builder = self.0.request(method, request.url().as_str());
        for (name, value) in request.headers().iter() {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Body::Bytes(bytes) = request.body() {
            if !bytes.is_empty() {
                builder = builder.body(bytes.to_vec());
            }
        }
        let io = |e: reqwest::Error| {
            azure_core::Error::with_error(
                azure_core::error::ErrorKind::Io,
                e.without_url(),
                "the identity endpoint did not answer",
            )
        };
        let mut response = builder.send().await.map_err(io)?;
        let status = response.status().as_u16();
        let headers: HashMap<HeaderName, HeaderValue> = response
            .headers()
            .iter()
            .filter_map(|(k, v)| {
                let v = v.to_str().ok()?;
                Some((
                    HeaderName::from(k.as_str().to_owned()),
                    HeaderValue::from(v.to_owned()),
                ))
            })
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(io)? {
            body.extend_from_slice(&chunk);
            if body.len() > MAX_ANSWER_BYTES {
                return Err(azure_core::Error::with_message(
                    azure_core::error::ErrorKind::Io,
                    "the identity endpoint's answer is too large",
                ));
            }
        }
        Ok(AsyncRawResponse::from_bytes(
            status.into(),
            Headers::from(headers),
            body,
        ))
    }
}

/// The managed identity's credential.
pub struct Managed(Arc<ManagedIdentityCredential>);

impl Managed {
    /// The credential for the system-assigned identity, or the user-assigned one `client_id`.
    pub fn new(client_id: Option<&str>, http: &reqwest::Client) -> Result<Managed, String> {
        let options = ManagedIdentityCredentialOptions {
            user_assigned_id: client_id.map(|id| UserAssignedId::ClientId(id.to_owned())),
            client_options: ClientOptions {
                transport: Some(Transport::new(Arc::new(ReqwestTransport(http.clone())))),
                ..ClientOptions::default()
            },
        };
        ManagedIdentityCredential::new(Some(options))
            .map(Managed)
            .map_err(|e| format!("--managed-identity: {}", first_line(&e.to_string())))
    }

    /// A token for `scope` and when to stop using it.
    pub async fn token(&self, scope: &str) -> Result<(Secret, Instant), SignInError> {
        let token = self
            .0
            .get_token(&[scope], None)
            .await
            .map_err(|e| SignInError {
                status: None,
                code: None,
                message: format!("managed identity: {}", first_line(&e.to_string())),
            })?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let left = (token.expires_on.unix_timestamp() - now).max(0) as u64;
        Ok((
            Secret::new(token.token.secret().to_owned()),
            Instant::now() + Duration::from_secs(left),
        ))
    }
}

/// The first line of a message, at most 300 characters.
pub(crate) fn first_line(text: &str) -> String {
    text.lines()
        .next()
        .unwrap_or("")
        .trim()
        .chars()
        .take(300)
        .collect()
}

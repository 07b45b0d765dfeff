//! Everything the emulator remembers between requests.

use std::sync::{Mutex, MutexGuard, PoisonError};

use axum::http::HeaderValue;
use axum::Router;

use crate::auth::Authenticator;
use crate::calls::CallLog;
use crate::config::Config;
use crate::cors::AllowedOrigins;
use crate::faults::queue::FaultQueue;
use crate::static_files;
use crate::tenant::Tenant;
use crate::throttle::Throttle;

/// The emulator's configuration and mutable state, shared by all requests.
#[derive(Debug)]
pub struct EmulatorState {
    /// How tokens are judged.
    pub auth: Authenticator,
    /// Which origins may read API answers.
    pub origins: AllowedOrigins,
    /// `--page-size`: at most this many recommendations per answer.
    pub page_size: usize,
    /// `--static DIR`, with `--csp POLICY` on every file, gzipped with `--gzip`.
    pub static_site: Option<Router>,
    /// The tenant `--tenant` chose, restored by a reset.
    pub initial_tenant: Tenant,
    /// The scores served now.
    pub tenant: Mutex<Tenant>,
    /// Faults waiting to answer.
    pub faults: Mutex<FaultQueue>,
    /// Admitted calls per application and tenant, in both quota windows.
    pub throttle: Mutex<Throttle>,
    /// API calls served.
    pub calls: Mutex<CallLog>,
}

impl EmulatorState {
    /// Fresh state for `config`, judging tokens with `auth`; fails on an
    /// unknown tenant.
    pub fn new(config: &Config, auth: Authenticator) -> Result<EmulatorState, String> {
        let csp = config
            .static_csp
            .as_deref()
            .map(HeaderValue::from_str)
            .transpose()
            .map_err(|_| "--csp is not a header value".to_string())?;
        let tenant = Tenant::named(&config.tenant)
            .ok_or_else(|| format!("unknown tenant {:?}", config.tenant))?;
        Ok(EmulatorState {
            auth,
            origins: AllowedOrigins::new(&config.allowed_origins),
            page_size: config.page_size,
            static_site: config
                .static_dir
                .as_deref()
                .map(|dir| static_files::site(dir, csp, config.static_gzip)),
            initial_tenant: tenant.clone(),
            tenant: Mutex::new(tenant),
            faults: Mutex::default(),
            throttle: Mutex::new(Throttle::new(&config.quota_windows())),
            calls: Mutex::default(),
        })
    }

    /// Clears faults, the call log and the rate-limit windows, and restores
    /// the starting tenant.
    pub fn reset(&self) {
        lock(&self.faults).clear();
        lock(&self.calls).clear();
        lock(&self.throttle).clear();
        *lock(&self.tenant) = self.initial_tenant.clone();
    }
}

/// Locks `mutex`, carrying on with the data if a holder panicked.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

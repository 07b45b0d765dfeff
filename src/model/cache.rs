//! The reading cache's pure rules: keys, freshness, backoff, and checking what comes back
//! from storage (which is as untrusted as any response).

//! A publish's failure as the snapshot records it and the log line says it.

use crate::signin::SignInError;
use defender_score_core::model::snapshot::Failure;
use defender_score_core::model::{CardKind, ScoreError};

/// The failure as the snapshot records it and the log line says it.
pub(crate) struct Failed {
    card: Option<CardKind>,
    status: Option<u16>,
    code: Option<String>,
    message: String,
}

impl Failed {
    /// No token could be had.
    pub(crate) fn sign_in(e: SignInError) -> Failed {
        Failed {
            card: None,
            status: e.status,
            code: e.code,
            message: e.message,
        }
    }

    /// `card` could not be read.
    pub(crate) fn api(card: CardKind, e: ScoreError) -> Failed {
        let status = (e.status != 0).then_some(e.status);
        let message = match (&e.message, status) {
            (Some(m), _) => m.clone(),
            (None, Some(s)) => format!("the API answered {s} ({})", e.kind.as_str()),
            (None, None) => e.kind.as_str().to_owned(),
        };
        let message = match e.retry_after_seconds {
            Some(s) if e.kind.as_str() == "throttled" => format!("{message} (Retry-After {s} s)"),
            _ => message,
        };
        Failed {
            card: Some(card),
            status,
            code: e.code,
            message,
        }
    }

    /// Whether the recommendations card failed. The first failure is recorded, except that a
    /// score card's failure replaces the recommendations card's: a reader takes a failure of
    /// the recommendations card alone as leaving the scores fresh
    /// (`defender_score_core::model::snapshot::is_stale_for`), so it must mean that.
    pub(crate) fn is_recommendations(&self) -> bool {
        self.card == Some(CardKind::Recommendations)
    }

    /// The failure as `snapshot.json` records it, at `at_ms`.
    pub(crate) fn record(&self, at_ms: f64) -> Failure {
        Failure::new(
            at_ms,
            self.card,
            self.status,
            self.code.as_deref(),
            &self.message,
        )
    }

    /// `groups: 429 TooManyRequests: message`.
    pub(crate) fn line(&self) -> String {
        let mut out = match self.card {
            Some(card) => card.as_str().to_owned(),
            None => "sign-in".to_owned(),
        };
        out.push_str(" failed:");
        if let Some(s) = self.status {
            out.push_str(&format!(" {s}"));
        }
        if let Some(c) = &self.code {
            out.push_str(&format!(" {c}"));
        }
        out.push_str(&format!(": {}", self.message));
        out
    }
}

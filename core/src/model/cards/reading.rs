//! What a card currently holds: nothing yet, a fresh reading, or an error (with the last good reading).

use crate::model::api::error::ScoreError;
use crate::model::cards::recommendations::Recommendations;
use crate::model::cards::scores::{CardKind, DeviceGroupScores, DeviceSecureScore, ExposureScore};
use crate::model::cards::time::Timestamp;

/// A validated reading of one card's endpoint.
#[derive(Debug, Clone, PartialEq)]
pub enum CardData {
    /// From `/api/exposureScore`.
    Exposure(ExposureScore),
    /// From `/api/configurationScore`.
    Device(DeviceSecureScore),
    /// From `/api/exposureScore/ByMachineGroups` (all pages).
    Groups(DeviceGroupScores),
    /// From `/api/recommendations` (active ones, all pages): the top [`MAX_TOP`] and the count.
    ///
    /// [`MAX_TOP`]: crate::model::cards::recommendations::MAX_TOP
    Recommendations(Recommendations),
}

impl CardData {
    /// The card this reading belongs to.
    pub fn kind(&self) -> CardKind {
        match self {
            CardData::Exposure(_) => CardKind::Exposure,
            CardData::Device(_) => CardKind::Device,
            CardData::Groups(_) => CardKind::Groups,
            CardData::Recommendations(_) => CardKind::Recommendations,
        }
    }

    /// The API's `time` of the reading (for groups, the latest; recommendations have none).
    pub fn time(&self) -> Option<Timestamp> {
        match self {
            CardData::Exposure(e) => Some(e.time),
            CardData::Device(d) => Some(d.time),
            CardData::Groups(g) => g.time(),
            CardData::Recommendations(_) => None,
        }
    }
}

/// A reading and when this browser received it.
#[derive(Debug, Clone, PartialEq)]
pub struct Fresh {
    /// The validated data.
    pub data: CardData,
    /// When it arrived, in ms since the epoch (browser clock).
    pub received_ms: f64,
}

/// A card's state, as the `data-state` hook names it (docs/embedding.md, "DOM hooks").
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Reading {
    /// Nothing received yet.
    #[default]
    Loading,
    /// A reading is shown.
    Ready(Fresh),
    /// A cached reading past its TTL, shown (as stale, with its age) while a new one is fetched.
    Cached(Fresh),
    /// The latest request failed; `previous` is the last good reading, if any.
    Failed {
        /// What went wrong.
        error: ScoreError,
        /// The last good reading, kept to show as stale when the failure is transient.
        previous: Option<Fresh>,
        /// When the failure happened, in ms since the epoch.
        at_ms: f64,
    },
}

impl Reading {
    /// The `data-state` value: a transient failure with an earlier reading is `stale`.
    pub fn state(&self) -> &'static str {
        match self {
            Reading::Loading => "loading",
            Reading::Ready(_) => "ready",
            Reading::Cached(_) => "stale",
            Reading::Failed { .. } if self.shown().is_some() => "stale",
            Reading::Failed { .. } => "error",
        }
    }

    /// The reading to show, if any: the fresh one, or the previous one when the failure is transient.
    pub fn shown(&self) -> Option<&Fresh> {
        match self {
            Reading::Ready(fresh) | Reading::Cached(fresh) => Some(fresh),
            Reading::Failed {
                error,
                previous: Some(fresh),
                ..
            } if error.kind.is_transient() => Some(fresh),
            _ => None,
        }
    }

    /// The failure, if the latest request failed.
    pub fn error(&self) -> Option<&ScoreError> {
        match self {
            Reading::Failed { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The next state after a request finished at `now_ms`.
    pub fn after(&self, result: Result<CardData, ScoreError>, now_ms: f64) -> Reading {
        match result {
            Ok(data) => Reading::Ready(Fresh {
                data,
                received_ms: now_ms,
            }),
            Err(error) => Reading::Failed {
                error,
                previous: match self {
                    Reading::Ready(fresh) | Reading::Cached(fresh) => Some(fresh.clone()),
                    Reading::Failed { previous, .. } => previous.clone(),
                    Reading::Loading => None,
                },
                at_ms: now_ms,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::api::error::{ErrorKind, ScoreError};

    fn exposure(score: f64) -> CardData {
        CardData::Exposure(ExposureScore {
            score,
            time: Timestamp { epoch_ms: 1.0 },
        })
    }

    #[test]
    fn first_success_is_ready_and_first_failure_is_error() {
        let ok = Reading::Loading.after(Ok(exposure(10.0)), 5.0);
        assert_eq!(ok.state(), "ready");
        let err = Reading::Loading.after(Err(ScoreError::network("offline")), 5.0);
        assert_eq!(err.state(), "error");
        assert!(err.shown().is_none());
    }

    #[test]
    fn transient_failure_after_success_shows_the_old_reading_as_stale() {
        let ready = Reading::Loading.after(Ok(exposure(10.0)), 5.0);
        for kind in [ErrorKind::Network, ErrorKind::Server, ErrorKind::Throttled] {
            let stale = ready.after(Err(ScoreError::new(kind, 500)), 9.0);
            assert_eq!(stale.state(), "stale", "{kind:?}");
            assert_eq!(stale.shown().map(|f| f.received_ms), Some(5.0));
            // A second failure keeps the same earlier reading.
            let again = stale.after(Err(ScoreError::network("x")), 12.0);
            assert_eq!(again.shown().map(|f| f.received_ms), Some(5.0));
        }
    }

    #[test]
    fn an_expired_cached_reading_is_stale_and_a_failed_revalidation_keeps_showing_it() {
        let cached = Reading::Cached(Fresh {
            data: exposure(10.0),
            received_ms: 1.0,
        });
        assert_eq!(cached.state(), "stale");
        assert_eq!(cached.shown().map(|f| f.received_ms), Some(1.0));
        let offline = cached.after(Err(ScoreError::network("offline")), 9.0);
        assert_eq!(offline.state(), "stale");
        assert_eq!(offline.shown().map(|f| f.received_ms), Some(1.0));
        let forbidden = cached.after(Err(ScoreError::new(ErrorKind::Forbidden, 403)), 9.0);
        assert_eq!(forbidden.state(), "error");
        assert_eq!(cached.after(Ok(exposure(11.0)), 9.0).state(), "ready");
    }

    #[test]
    fn permission_failures_hide_the_old_reading() {
        let ready = Reading::Loading.after(Ok(exposure(10.0)), 5.0);
        for kind in [
            ErrorKind::Unauthorized,
            ErrorKind::Forbidden,
            ErrorKind::NotFound,
            ErrorKind::InvalidResponse,
        ] {
            let failed = ready.after(Err(ScoreError::new(kind, 403)), 9.0);
            assert_eq!(failed.state(), "error", "{kind:?}");
            assert!(failed.shown().is_none());
        }
    }
}

//! What reading the API takes and who asks: the API's audience, the
//! permissions that read scores and recommendations, and the [`Caller`] an
//! accepted token stands for. Both ways of judging a token (the fixed demo
//! tokens in [`crate::auth`], real JWTs in [`crate::jwt`]) build a
//! [`Caller`] from these, so neither reaches into the other.

use crate::throttle::QuotaKey;

/// The audience the Defender API accepts by default.
pub const DEFAULT_AUDIENCE: &str = "https://api.securitycenter.microsoft.com";

/// The delegated permission that reads scores, looked for in `scp`.
pub const DELEGATED_PERMISSION: &str = "Score.Read";

/// The application permission that reads scores, looked for in `roles`.
pub const APPLICATION_PERMISSION: &str = "Score.Read.All";

/// The delegated permission that reads security recommendations.
pub const RECOMMENDATION_DELEGATED_PERMISSION: &str = "SecurityRecommendation.Read";

/// The application permission that reads security recommendations.
pub const RECOMMENDATION_APPLICATION_PERMISSION: &str = "SecurityRecommendation.Read.All";

/// What an endpoint needs the caller to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// `Score.Read` (delegated) or `Score.Read.All` (application): the
    /// three score endpoints.
    ReadScores,
    /// `SecurityRecommendation.Read` or `SecurityRecommendation.Read.All`:
    /// `/api/recommendations`.
    ReadRecommendations,
}

impl Permission {
    /// Every permission the emulator checks.
    pub const ALL: [Permission; 2] = [Permission::ReadScores, Permission::ReadRecommendations];

    /// The delegated permission, looked for in a JWT's `scp`.
    pub fn delegated(self) -> &'static str {
        match self {
            Permission::ReadScores => DELEGATED_PERMISSION,
            Permission::ReadRecommendations => RECOMMENDATION_DELEGATED_PERMISSION,
        }
    }

    /// The application permission, looked for in a JWT's `roles`.
    pub fn application(self) -> &'static str {
        match self {
            Permission::ReadScores => APPLICATION_PERMISSION,
            Permission::ReadRecommendations => RECOMMENDATION_APPLICATION_PERMISSION,
        }
    }

    /// What it reads, as 403 messages say it (`… to read scores.`).
    pub fn reads(self) -> &'static str {
        match self {
            Permission::ReadScores => "scores",
            Permission::ReadRecommendations => "security recommendations",
        }
    }
}

/// The 403 message for a fixed token that lacks `permission`.
pub fn missing_permission_message(permission: Permission) -> String {
    format!(
        "The caller lacks the required permission ({}; for applications {}) to read {}.",
        permission.delegated(),
        permission.application(),
        permission.reads()
    )
}

/// Why a caller may not use each permission: `None` when it may.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refusals {
    /// The 403 message for the score endpoints, if refused.
    pub scores: Option<String>,
    /// The 403 message for `/api/recommendations`, if refused.
    pub recommendations: Option<String>,
}

impl Refusals {
    /// The same refusal for every permission (`None`: everything allowed).
    pub fn all(message: impl Fn(Permission) -> Option<String>) -> Refusals {
        Refusals {
            scores: message(Permission::ReadScores),
            recommendations: message(Permission::ReadRecommendations),
        }
    }

    /// The 403 message for `permission`, if the caller lacks it.
    pub fn of(&self, permission: Permission) -> Option<&str> {
        match permission {
            Permission::ReadScores => self.scores.as_deref(),
            Permission::ReadRecommendations => self.recommendations.as_deref(),
        }
    }
}

/// Who is calling, once the token was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// What the quota counts calls under (kept in memory only).
    pub throttle_key: QuotaKey,
    /// What it may not read, each with the 403 message saying what is
    /// missing.
    pub refusals: Refusals,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_message_names_both_score_permissions() {
        assert_eq!(
            missing_permission_message(Permission::ReadScores),
            "The caller lacks the required permission (Score.Read; for applications Score.Read.All) to read scores."
        );
    }

    #[test]
    fn the_recommendation_message_names_both_recommendation_permissions() {
        let message = missing_permission_message(Permission::ReadRecommendations);
        assert!(
            message.contains(
                "(SecurityRecommendation.Read; for applications SecurityRecommendation.Read.All)"
            ),
            "{message}"
        );
    }

    #[test]
    fn refusals_answer_per_permission() {
        let refusals = Refusals {
            scores: None,
            recommendations: Some("no".into()),
        };
        assert_eq!(refusals.of(Permission::ReadScores), None);
        assert_eq!(refusals.of(Permission::ReadRecommendations), Some("no"));
        let none = Refusals::all(|_| None);
        assert!(Permission::ALL.iter().all(|p| none.of(*p).is_none()));
    }
}

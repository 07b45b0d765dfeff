//! The emulated endpoints (three score endpoints and the security
//! recommendations), the permission each needs, and how request paths map
//! onto them.

use crate::access::Permission;

/// One of the emulated API endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `GET /api/exposureScore`.
    ExposureScore,
    /// `GET /api/configurationScore` (the device secure score).
    ConfigurationScore,
    /// `GET /api/exposureScore/ByMachineGroups`.
    ByMachineGroups,
    /// `GET /api/recommendations`: the security recommendations.
    Recommendations,
}

/// What an `/api/...` path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiPath {
    /// One of the emulated endpoints.
    Endpoint(Endpoint),
    /// Under `/api/` but nothing the emulator knows.
    Unknown,
}

impl Endpoint {
    /// Every endpoint, in the order the control API lists them.
    pub const ALL: [Endpoint; 4] = [
        Endpoint::ExposureScore,
        Endpoint::ConfigurationScore,
        Endpoint::ByMachineGroups,
        Endpoint::Recommendations,
    ];

    /// The short name used by the control API (`byEndpoint`, fault `endpoint`).
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::ExposureScore => "exposureScore",
            Endpoint::ConfigurationScore => "configurationScore",
            Endpoint::ByMachineGroups => "ByMachineGroups",
            Endpoint::Recommendations => "recommendations",
        }
    }

    /// What a caller must hold to read it.
    pub fn permission(self) -> Permission {
        match self {
            Endpoint::Recommendations => Permission::ReadRecommendations,
            Endpoint::ExposureScore | Endpoint::ConfigurationScore | Endpoint::ByMachineGroups => {
                Permission::ReadScores
            }
        }
    }

    /// The endpoint a control-API name stands for, ignoring case;
    /// `exposureScore/ByMachineGroups` is accepted too.
    pub fn from_name(name: &str) -> Option<Endpoint> {
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "exposurescore" => Some(Endpoint::ExposureScore),
            "configurationscore" => Some(Endpoint::ConfigurationScore),
            "bymachinegroups" | "exposurescore/bymachinegroups" => Some(Endpoint::ByMachineGroups),
            "recommendations" => Some(Endpoint::Recommendations),
            _ => None,
        }
    }
}

/// Whether `path` belongs to the API (`/api` or anything under `/api/`,
/// any case).
pub fn is_api_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower == "/api" || lower.starts_with("/api/")
}

/// What an API path names. Matching ignores case, accepts the `/api/v1.0/`
/// version prefix and one trailing slash, like the real service.
pub fn parse_api_path(path: &str) -> ApiPath {
    let lower = path.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("/api/v1.0/")
        .or_else(|| lower.strip_prefix("/api/"));
    let Some(rest) = rest else {
        return ApiPath::Unknown;
    };
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    match rest {
        "exposurescore" => ApiPath::Endpoint(Endpoint::ExposureScore),
        "configurationscore" => ApiPath::Endpoint(Endpoint::ConfigurationScore),
        "exposurescore/bymachinegroups" => ApiPath::Endpoint(Endpoint::ByMachineGroups),
        "recommendations" => ApiPath::Endpoint(Endpoint::Recommendations),
        _ => ApiPath::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_ignoring_case_with_or_without_version() {
        for path in [
            "/api/exposureScore",
            "/API/EXPOSURESCORE",
            "/api/v1.0/exposureScore",
            "/Api/V1.0/exposurescore/",
        ] {
            assert_eq!(
                parse_api_path(path),
                ApiPath::Endpoint(Endpoint::ExposureScore),
                "{path}"
            );
        }
        assert_eq!(
            parse_api_path("/api/v1.0/exposureScore/ByMachineGroups"),
            ApiPath::Endpoint(Endpoint::ByMachineGroups)
        );
        assert_eq!(
            parse_api_path("/api/configurationScore"),
            ApiPath::Endpoint(Endpoint::ConfigurationScore)
        );
        for path in [
            "/api/recommendations",
            "/api/v1.0/Recommendations/",
            "/API/RECOMMENDATIONS",
        ] {
            assert_eq!(
                parse_api_path(path),
                ApiPath::Endpoint(Endpoint::Recommendations),
                "{path}"
            );
        }
    }

    #[test]
    fn recommendations_need_their_own_permission() {
        assert_eq!(
            Endpoint::Recommendations.permission(),
            Permission::ReadRecommendations
        );
        assert_eq!(Endpoint::ExposureScore.permission(), Permission::ReadScores);
    }

    #[test]
    fn other_api_paths_are_unknown() {
        for path in [
            "/api",
            "/api/",
            "/api/machines",
            "/api/v2.0/exposureScore",
            "/api/exposureScore//",
            "/api/exposureScore/ByMachineGroups/x",
            "/api/recommendations/va-_-microsoft-_-windows_11",
            "/api/recommendation",
        ] {
            assert_eq!(parse_api_path(path), ApiPath::Unknown, "{path}");
        }
    }

    #[test]
    fn only_api_prefixed_paths_belong_to_the_api() {
        assert!(is_api_path("/api"));
        assert!(is_api_path("/API/x"));
        assert!(!is_api_path("/apis"));
        assert!(!is_api_path("/index.html"));
    }

    #[test]
    fn control_names_round_trip() {
        for endpoint in Endpoint::ALL {
            assert_eq!(Endpoint::from_name(endpoint.name()), Some(endpoint));
        }
        assert_eq!(Endpoint::from_name("machines"), None);
    }
}

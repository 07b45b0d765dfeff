//! Clouds, geo regions and their Defender API hosts, token resources, sign-in hosts and portal
//! links, said once for every program (the SharePoint pane's and the standalone page's copies
//! are checked against them by `core/tests/cloud_copies.rs`);
//! [`origin`] reads API bases and decides which origins may receive a token.

pub mod origin;

pub use origin::{parse_origin, ApiBase, OriginCheck};

/// The Microsoft cloud a tenant lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cloud {
    /// Worldwide (commercial) cloud.
    #[default]
    Commercial,
    /// US Government Community Cloud.
    Gcc,
    /// US Government Community Cloud High.
    GccHigh,
    /// US Department of Defense.
    Dod,
}

/// A commercial geo host (`us.api.security.microsoft.com`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// United States.
    Us,
    /// Europe.
    Eu,
    /// United Kingdom.
    Uk,
    /// Australia.
    Au,
    /// Switzerland.
    Swa,
    /// India.
    Ina,
    /// United Arab Emirates.
    Aea,
}

impl Region {
    /// Every region, as the `region` option spells them.
    pub const ALL: [Region; 7] = [
        Region::Us,
        Region::Eu,
        Region::Uk,
        Region::Au,
        Region::Swa,
        Region::Ina,
        Region::Aea,
    ];

    /// The option value and host prefix.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::Us => "us",
            Region::Eu => "eu",
            Region::Uk => "uk",
            Region::Au => "au",
            Region::Swa => "swa",
            Region::Ina => "ina",
            Region::Aea => "aea",
        }
    }

    /// Reads the `region` option.
    pub fn parse(text: &str) -> Option<Region> {
        Region::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

const COMMERCIAL_API: &str = "https://api.security.microsoft.com";
const LEGACY_API: &str = "https://api.securitycenter.microsoft.com";
const GCC_API: &str = "https://api-gcc.securitycenter.microsoft.us";
const GOV_API: &str = "https://api-gov.securitycenter.microsoft.us";

impl Cloud {
    /// Every cloud, as the `cloud` option spells them.
    pub const ALL: [Cloud; 4] = [Cloud::Commercial, Cloud::Gcc, Cloud::GccHigh, Cloud::Dod];

    /// The option value.
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Commercial => "commercial",
            Cloud::Gcc => "gcc",
            Cloud::GccHigh => "gcc-high",
            Cloud::Dod => "dod",
        }
    }

    /// Reads the `cloud` option.
    pub fn parse(text: &str) -> Option<Cloud> {
        Cloud::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// The default API base: the cloud's host, or the commercial geo host of `region`.
    pub fn api_base(self, region: Option<Region>) -> String {
        match (self, region) {
            (Cloud::Commercial, Some(r)) => {
                format!("https://{}.api.security.microsoft.com", r.as_str())
            }
            (Cloud::Commercial, None) => COMMERCIAL_API.into(),
            (Cloud::Gcc, _) => GCC_API.into(),
            (Cloud::GccHigh | Cloud::Dod, _) => GOV_API.into(),
        }
    }

    /// The resource a token must be issued for; its audience.
    pub fn token_resource(self) -> &'static str {
        match self {
            Cloud::Commercial => LEGACY_API,
            Cloud::Gcc => GCC_API,
            Cloud::GccHigh | Cloud::Dod => GOV_API,
        }
    }

    /// The default delegated scopes: `<resource>/Score.Read`.
    pub fn default_scopes(self) -> Vec<String> {
        vec![format!("{}/Score.Read", self.token_resource())]
    }

    /// The recommendations card's default delegated scopes:
    /// `<resource>/SecurityRecommendation.Read`.
    pub fn recommendation_scopes(self) -> Vec<String> {
        vec![format!(
            "{}/SecurityRecommendation.Read",
            self.token_resource()
        )]
    }

    /// The Entra ID sign-in host of the cloud's tenants.
    pub fn login_host(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => "https://login.microsoftonline.com",
            Cloud::GccHigh | Cloud::Dod => "https://login.microsoftonline.us",
        }
    }

    /// The Defender portal's host: GCC tenants use the commercial portal.
    pub fn portal_host(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => "https://security.microsoft.com",
            Cloud::GccHigh => "https://security.microsoft.us",
            Cloud::Dod => "https://security.apps.mil",
        }
    }

    /// The Defender portal page where an admin can improve the scores.
    pub fn portal_url(self) -> &'static str {
        match self {
            Cloud::Commercial | Cloud::Gcc => "https://security.microsoft.com/tvm_dashboard",
            Cloud::GccHigh => "https://security.microsoft.us/tvm_dashboard",
            Cloud::Dod => "https://security.apps.mil/tvm_dashboard",
        }
    }

    /// The portal page of one security recommendation: the API's `id` percent-encoded, so
    /// whatever it holds stays one query value (no `&`, `#` or markup gets through).
    pub fn recommendation_url(self, id: &str) -> String {
        let mut url = String::with_capacity(64 + id.len());
        url.push_str(self.portal_host());
        url.push_str("/security-recommendations?recommendationId=");
        percent_encode_into(&mut url, id);
        url
    }

    /// Whether `origin` (normalised, as [`parse_origin`] gives it) is one of this cloud's Defender API hosts.
    pub fn is_api_origin(self, origin: &str) -> bool {
        match self {
            Cloud::Commercial => {
                origin == COMMERCIAL_API
                    || origin == LEGACY_API
                    || Region::ALL
                        .iter()
                        .any(|r| origin == self.api_base(Some(*r)))
            }
            Cloud::Gcc => origin == GCC_API,
            Cloud::GccHigh | Cloud::Dod => origin == GOV_API,
        }
    }
}

/// Appends `text` with every byte outside RFC 3986's unreserved set (`A-Z a-z 0-9 - . _ ~`)
/// as `%XX`: the strictest encoding, valid in any part of a URL. (Core has no URL crate as
/// a dependency, and this is all the widget needs of one.)
fn percent_encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recommendation_links_follow_the_cloud_and_keep_the_id_one_query_value() {
        assert_eq!(
            Cloud::Commercial.recommendation_url("va-_-google-_-chrome"),
            "https://security.microsoft.com/security-recommendations?recommendationId=va-_-google-_-chrome"
        );
        assert_eq!(
            Cloud::Gcc.recommendation_url("x"),
            "https://security.microsoft.com/security-recommendations?recommendationId=x"
        );
        assert_eq!(
            Cloud::GccHigh.recommendation_url("x"),
            "https://security.microsoft.us/security-recommendations?recommendationId=x"
        );
        assert_eq!(
            Cloud::Dod.recommendation_url("x"),
            "https://security.apps.mil/security-recommendations?recommendationId=x"
        );
        let evil = Cloud::Commercial.recommendation_url("a&b=c#d e/<script>\"é");
        assert_eq!(
            evil,
            "https://security.microsoft.com/security-recommendations?recommendationId=a%26b%3Dc%23d%20e%2F%3Cscript%3E%22%C3%A9"
        );
        let query = evil.split_once('?').map(|(_, q)| q).unwrap_or_default();
        assert!(
            !query.contains(['&', '#', ' ', '<', '>', '"', '/']),
            "{query}"
        );
    }

    #[test]
    fn clouds_have_their_documented_api_hosts() {
        assert_eq!(
            Cloud::Commercial.api_base(None),
            "https://api.security.microsoft.com"
        );
        assert_eq!(
            Cloud::Commercial.api_base(Some(Region::Eu)),
            "https://eu.api.security.microsoft.com"
        );
        assert_eq!(
            Cloud::Commercial.api_base(Some(Region::Aea)),
            "https://aea.api.security.microsoft.com"
        );
        assert_eq!(
            Cloud::Gcc.api_base(None),
            "https://api-gcc.securitycenter.microsoft.us"
        );
        assert_eq!(
            Cloud::GccHigh.api_base(None),
            "https://api-gov.securitycenter.microsoft.us"
        );
        assert_eq!(
            Cloud::Dod.api_base(None),
            "https://api-gov.securitycenter.microsoft.us"
        );
    }

    #[test]
    fn default_scope_is_the_legacy_resource_for_commercial() {
        assert_eq!(
            Cloud::Commercial.default_scopes(),
            ["https://api.securitycenter.microsoft.com/Score.Read"]
        );
        assert_eq!(
            Cloud::Gcc.default_scopes(),
            ["https://api-gcc.securitycenter.microsoft.us/Score.Read"]
        );
    }

    #[test]
    fn portal_links_follow_the_cloud() {
        assert_eq!(
            Cloud::Commercial.portal_url(),
            "https://security.microsoft.com/tvm_dashboard"
        );
        assert_eq!(
            Cloud::GccHigh.portal_url(),
            "https://security.microsoft.us/tvm_dashboard"
        );
        assert_eq!(
            Cloud::Dod.portal_url(),
            "https://security.apps.mil/tvm_dashboard"
        );
    }

    #[test]
    fn option_names_round_trip() {
        for c in Cloud::ALL {
            assert_eq!(Cloud::parse(c.as_str()), Some(c));
        }
        for r in Region::ALL {
            assert_eq!(Region::parse(r.as_str()), Some(r));
        }
        assert_eq!(Cloud::parse("Commercial"), None);
        assert_eq!(Region::parse("nl"), None);
    }
}

//! One security recommendation as the API documents it, the demo tenant's
//! list (from `demo_recommendations.json`, built into the binary), and the
//! body of `/api/recommendations`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::odata::score_number;
use crate::query::filter::{FieldValue, FieldValues};
use crate::query::Listing;

/// The `@odata.context` of `/api/recommendations`, as documented.
pub const RECOMMENDATIONS_CONTEXT: &str =
    "https://api.securitycenter.microsoft.com/api/$metadata#Recommendations";

/// The demo tenant's recommendations: the documented example first.
const DEMO_RECOMMENDATIONS: &str = include_str!("demo_recommendations.json");

/// One item of `/api/recommendations`, fields in the documented order.
/// Strings and numbers are not range-checked, so tests can serve odd
/// values; a fault serves bodies of other shapes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Recommendation {
    /// `id`, e.g. `va-_-microsoft-_-windows_11`.
    pub id: String,
    /// `productName`.
    pub product_name: String,
    /// `recommendationName`, e.g. `Update Windows 11`.
    pub recommendation_name: String,
    /// `weaknesses`: how many vulnerabilities it fixes.
    pub weaknesses: i64,
    /// `vendor`.
    pub vendor: String,
    /// `recommendedVersion`.
    pub recommended_version: String,
    /// `recommendedProgram`: absent (as in the documented example), null
    /// or a string.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub recommended_program: Option<Option<String>>,
    /// `recommendedVendor`: absent, null or a string.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub recommended_vendor: Option<Option<String>>,
    /// `recommendationCategory`: `Accounts`, `Application`, `Network`,
    /// `OS` or `SecurityControls`.
    pub recommendation_category: String,
    /// `subCategory`.
    pub sub_category: String,
    /// `severityScore`, 1 to 10 (0 in the documented example).
    #[serde(serialize_with = "double")]
    pub severity_score: f64,
    /// `publicExploit`.
    pub public_exploit: bool,
    /// `activeAlert`.
    pub active_alert: bool,
    /// `associatedThreats`: threat analytics report ids.
    pub associated_threats: Vec<String>,
    /// `remediationType`: `ConfigurationChange`, `Update`, `Upgrade` or
    /// `Uninstall`.
    pub remediation_type: String,
    /// `status`: `Active` or `Exception`.
    pub status: String,
    /// `configScoreImpact`: device secure score points gained.
    #[serde(serialize_with = "double")]
    pub config_score_impact: f64,
    /// `exposureImpact`: how much the exposure score would drop.
    #[serde(serialize_with = "double")]
    pub exposure_impact: f64,
    /// `totalMachineCount`.
    pub total_machine_count: i64,
    /// `exposedMachinesCount`.
    pub exposed_machines_count: i64,
    /// `nonProductivityImpactedAssets`.
    pub non_productivity_impacted_assets: i64,
    /// `relatedComponent`.
    pub related_component: String,
}

/// Keeps `null` apart from a missing field.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

/// A double written as the API writes it: whole values without a fraction
/// (`0`, as in the documented example).
fn double<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    score_number(*value).serialize(serializer)
}

impl Recommendation {
    /// The demo tenant's recommendations, the documented example first.
    pub fn demo() -> Vec<Recommendation> {
        serde_json::from_str(DEMO_RECOMMENDATIONS).unwrap_or_default()
    }
}

impl FieldValues for Recommendation {
    fn field(&self, field: &str) -> FieldValue<'_> {
        let text = match field {
            "severityScore" => return FieldValue::Number(self.severity_score),
            "id" => &self.id,
            "productName" => &self.product_name,
            "vendor" => &self.vendor,
            "recommendedVersion" => &self.recommended_version,
            "recommendationCategory" => &self.recommendation_category,
            "subCategory" => &self.sub_category,
            "remediationType" => &self.remediation_type,
            "status" => &self.status,
            "recommendedProgram" => return FieldValue::Text(flatten(&self.recommended_program)),
            "recommendedVendor" => return FieldValue::Text(flatten(&self.recommended_vendor)),
            _ => return FieldValue::Text(None),
        };
        FieldValue::Text(Some(text))
    }
}

/// A nullable, optional string as a filter sees it: absent and null alike.
fn flatten(value: &Option<Option<String>>) -> Option<&str> {
    value.as_ref().and_then(Option::as_deref)
}

/// The `/api/recommendations` body.
#[derive(Serialize)]
struct RecommendationCollection<'a> {
    #[serde(rename = "@odata.context")]
    context: &'static str,
    value: Vec<&'a Recommendation>,
    #[serde(rename = "@odata.nextLink", skip_serializing_if = "Option::is_none")]
    next_link: Option<String>,
}

/// The body answering `listing` from `all`: the page's items and, when more
/// are left, `@odata.nextLink`.
pub fn collection_body(all: &[Recommendation], listing: &Listing) -> Vec<u8> {
    let page = listing.page(all);
    serde_json::to_vec(&RecommendationCollection {
        context: RECOMMENDATIONS_CONTEXT,
        value: page.items,
        next_link: page.next_link,
    })
    .unwrap_or_default()
}

#[cfg(test)]
#[path = "recommendation_tests.rs"]
mod tests;

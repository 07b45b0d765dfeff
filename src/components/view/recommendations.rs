//! The recommendations card's reading as shown: the active count as the headline, and a row
//! per recommendation with its devices, impacts, badges in words and portal link.

use super::{CardView, RecommendationRow};
use crate::i18n::{Formats, Lang, Text};
use crate::model::cards::recommendations::{Recommendation, Recommendations, MAX_TOP};
use crate::model::Cloud;

/// The recommendations card's reading: how many are active as the headline, and a row for
/// each of the top ones (all kept; [`keep_top`] leaves the number the options ask for).
pub(super) fn add_recommendations(
    view: &mut CardView,
    r: &Recommendations,
    lang: Lang,
    fmt: &dyn Formats,
    cloud: Cloud,
) {
    view.score = Some(fmt.number(r.active as f64));
    // "0" with "No active security recommendations." says it once.
    if r.active == 0 {
        view.empty = Some(lang.text(Text::NoRecommendations));
    } else {
        view.meaning = Some(lang.text(Text::ActiveRecommendations).to_owned());
    }
    view.recommendations = r
        .top
        .iter()
        .map(|item| recommendation_row(item, lang, fmt, cloud))
        .collect();
}

/// An impact worth a line: one that shows as at least 0.1 at one decimal (a smaller one
/// would read as "0.0").
fn shows_above_zero(impact: f64) -> bool {
    impact >= 0.05
}

fn recommendation_row(
    item: &Recommendation,
    lang: Lang,
    fmt: &dyn Formats,
    cloud: Cloud,
) -> RecommendationRow {
    let exposed = fmt.number(item.exposed_devices as f64);
    let total = fmt.number(item.total_devices as f64);
    let impact =
        |template: Text, change: f64| lang.fill(template, &[("change", &fmt.decimal(change))]);
    RecommendationRow {
        id: item.id.clone(),
        name: item.name.clone(),
        devices: lang.fill(
            Text::ExposedDevices,
            &[("exposed", &exposed), ("total", &total)],
        ),
        exploit: item.public_exploit.then(|| lang.text(Text::PublicExploit)),
        alert: item.active_alert.then(|| lang.text(Text::ActiveAlert)),
        exposure: shows_above_zero(item.exposure_impact)
            .then(|| impact(Text::ExposureImpact, -item.exposure_impact)),
        points: shows_above_zero(item.config_score_impact)
            .then(|| impact(Text::DeviceScoreImpact, item.config_score_impact)),
        url: cloud.recommendation_url(&item.id),
        label: lang.fill(Text::RecommendationLink, &[("name", &item.name)]),
    }
}

/// Leaves the recommendations the card shows: the first `top` (the `recommendationsTop`
/// option, kept within 1 to 20), or in the compact layout the first only.
pub fn keep_top(view: &mut CardView, top: usize, compact: bool) {
    let top = if compact { 1 } else { top.clamp(1, MAX_TOP) };
    view.recommendations.truncate(top);
}

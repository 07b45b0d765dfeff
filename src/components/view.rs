//! What each card shows, decided without a browser: the words, the formatted numbers, the state.
//!
//! The components only lay these out, so everything a user reads is tested natively.

use crate::i18n::{relative_parts, Formats, Lang, Text};
use crate::model::api::error::INTERACTION_REQUIRED;
use crate::model::cards::numbers::number_text;
use crate::model::{
    CardData, CardKind, Cloud, DeviceGroupScores, ErrorKind, ExposureBand, Reading, ScoreError,
};

/// One device group row.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupRow {
    /// The group name, shown as text.
    pub name: String,
    /// The formatted score.
    pub score: String,
    /// The score as read, for the row's bar (0 to 100).
    pub value: f64,
    /// Its band.
    pub band: ExposureBand,
    /// The band in a word.
    pub band_text: &'static str,
    /// "Rose by 4.1 since 16 Nov", when its exposure rose (see `sparkline::add_trend`).
    pub rose: Option<String>,
}

/// One security recommendation row.
#[derive(Debug, Clone, PartialEq)]
pub struct RecommendationRow {
    /// The API's id, the row's `data-recommendation` value.
    pub id: String,
    /// The recommendation's name, shown as text.
    pub name: String,
    /// "3 of 12 devices exposed".
    pub devices: String,
    /// "Public exploit", when one exists.
    pub exploit: Option<&'static str>,
    /// "Active alert", when one is linked.
    pub alert: Option<&'static str>,
    /// "−4.3 exposure score": what it would take off, when that shows above 0.
    pub exposure: Option<String>,
    /// "+2.0 device score points": what it would add, when that shows above 0.
    pub points: Option<String>,
    /// Its page in the Defender portal.
    pub url: String,
    /// The link's accessible name: the name, and that it opens in the portal.
    pub label: String,
}

/// An error as a card shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorView {
    /// The `data-error` value.
    pub kind: ErrorKind,
    /// A short title.
    pub title: &'static str,
    /// What it means and what to do.
    pub body: String,
    /// Technical detail (HTTP status, the service's message, what was invalid).
    pub detail: Option<String>,
    /// "Support reference: `<target>`".
    pub support: Option<String>,
    /// The sign-in button's text, when MSAL needs the user to sign in.
    pub sign_in: Option<&'static str>,
    /// The OData error `target`, kept to list every card's in a [`shared_error`].
    pub target: Option<String>,
}

/// Everything one card renders.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView {
    /// Which card.
    pub kind: CardKind,
    /// The `data-state` value.
    pub state: &'static str,
    /// The card title.
    pub title: &'static str,
    /// The headline number, formatted, when a reading is shown.
    pub score: Option<String>,
    /// The exposure band of the headline, for exposure and groups.
    pub band: Option<ExposureBand>,
    /// For a 0-100 exposure headline: the value and its words, exposed as an ARIA meter.
    pub meter: Option<(f64, String)>,
    /// What the number means: band and direction in words.
    pub meaning: Option<String>,
    /// The compact layout's words beside the number: the band, and on the groups card the
    /// worst group of how many.
    pub brief: Option<String>,
    /// A second line under the headline (the group count).
    pub summary: Option<String>,
    /// Device group rows, worst first.
    pub groups: Vec<GroupRow>,
    /// Security recommendation rows, in the card's order (see [`keep_top`]).
    pub recommendations: Vec<RecommendationRow>,
    /// Shown when the groups card has a reading with no groups, or the recommendations card
    /// one with none active.
    pub empty: Option<&'static str>,
    /// When the reading shown was fetched (or, in snapshot mode, published), in ms since the
    /// epoch: [`say_once`] says one age for the cards that agree.
    pub fetched_ms: Option<f64>,
    /// "Fetched 3 minutes ago".
    pub fetched: Option<String>,
    /// The reading's date and time, for the tooltip.
    pub fetched_exact: Option<String>,
    /// The error, in error and stale states.
    pub error: Option<ErrorView>,
    /// Whether the error is said once for every card, by the widget (see [`shared_error`]),
    /// rather than on this card.
    pub error_elsewhere: bool,
    /// The stale note.
    pub stale_note: Option<&'static str>,
    /// Snapshot mode: "Scores for the whole organisation".
    pub scope: Option<&'static str>,
    /// Snapshot mode: why the published scores are stale (the latest publish failed, or
    /// none came when due).
    pub snapshot_note: Option<String>,
    /// "Loading…", in the loading state.
    pub loading: Option<&'static str>,
    /// Whether a request is under way.
    pub busy: bool,
    /// Whether the card has its own refresh button: always alone, and among other cards
    /// only to try its failed or stale reading again (see [`say_once`]).
    pub refresh_here: bool,
    /// Refresh button text.
    pub refresh: &'static str,
    /// Refresh button's accessible name.
    pub refresh_label: String,
    /// Whether the card has its own portal link (alone; among other cards the group has it).
    pub portal_here: bool,
    /// Portal link text.
    pub portal: &'static str,
    /// Portal link target.
    pub portal_url: &'static str,
    /// The sparkline and change line, with at least two kept readings.
    pub trend: Option<TrendView>,
    /// The "Download history (CSV)" button's text, on one card of the widget.
    pub csv: Option<&'static str>,
}

/// A card's trend as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendView {
    /// The sparkline's text alternative: "Exposure score over the last 12 readings, from 41 to 33".
    pub label: String,
    /// The polyline's `points`; empty when no line is drawn (the recommendations card's
    /// count has its change in words only).
    pub points: String,
    /// The band boundaries as a path's `d` (exposure axis only).
    pub bands: Option<String>,
    /// The change in words: "−3.2 since 16 Nov, better".
    pub change: String,
    /// `better`, `worse` or `same`, the `data-trend` value for host CSS (the words say it too).
    pub movement: &'static str,
}

fn title(kind: CardKind) -> Text {
    match kind {
        CardKind::Exposure => Text::ExposureTitle,
        CardKind::Device => Text::DeviceTitle,
        CardKind::Groups => Text::GroupsTitle,
        CardKind::Recommendations => Text::RecommendationsTitle,
    }
}

fn band_text(band: ExposureBand, short: bool) -> Text {
    match (band, short) {
        (ExposureBand::Low, false) => Text::BandLow,
        (ExposureBand::Medium, false) => Text::BandMedium,
        (ExposureBand::High, false) => Text::BandHigh,
        (ExposureBand::Low, true) => Text::BandLowShort,
        (ExposureBand::Medium, true) => Text::BandMediumShort,
        (ExposureBand::High, true) => Text::BandHighShort,
    }
}

/// Builds the error as shown: title, explanation, detail and support reference.
pub fn error_view(error: &ScoreError, lang: Lang, fmt: &dyn Formats) -> ErrorView {
    let (title, body) = match error.kind {
        ErrorKind::Unauthorized => (Text::UnauthorizedTitle, Text::UnauthorizedBody),
        ErrorKind::Forbidden if error.code.as_deref() == Some("DisabledFeature") => {
            (Text::ForbiddenTitle, Text::DisabledFeatureBody)
        }
        ErrorKind::Forbidden => (Text::ForbiddenTitle, Text::ForbiddenBody),
        ErrorKind::NotFound => (Text::NotFoundTitle, Text::NotFoundBody),
        ErrorKind::Throttled => (Text::ThrottledTitle, Text::ThrottledBody),
        ErrorKind::Server => (Text::ServerTitle, Text::ServerBody),
        ErrorKind::Network => (Text::NetworkTitle, Text::NetworkBody),
        ErrorKind::InvalidResponse => (Text::InvalidTitle, Text::InvalidBody),
    };
    let body = error_body(error, body, lang, fmt);
    let mut detail = Vec::new();
    if error.status != 0 {
        detail.push(lang.fill(
            Text::HttpStatus,
            &[("status", &number_text(f64::from(error.status)))],
        ));
    }
    if let Some(code) = &error.code {
        detail.push(code.clone());
    }
    if let Some(message) = &error.message {
        detail.push(message.clone());
    }
    ErrorView {
        kind: error.kind,
        title: lang.text(title),
        body,
        detail: (!detail.is_empty()).then(|| detail.join(" · ")),
        support: error
            .target
            .as_ref()
            .map(|t| lang.fill(Text::SupportReference, &[("target", t)])),
        sign_in: (error.kind == ErrorKind::Unauthorized
            && error.code.as_deref() == Some(INTERACTION_REQUIRED))
        .then(|| lang.text(Text::SignIn)),
        target: error.target.clone(),
    }
}

/// The recommendations card's own words for a refusal: it needs its own permission
/// (`SecurityRecommendation.Read`) and role, which the score cards' words do not name.
fn word_recommendations_refusal(error: &mut ErrorView, code: Option<&str>, lang: Lang) {
    if error.kind == ErrorKind::Forbidden && code != Some("DisabledFeature") {
        error.title = lang.text(Text::RecommendationsForbiddenTitle);
        error.body = lang.text(Text::RecommendationsForbiddenBody).to_owned();
    }
}

/// The explanation of `error` in the words of `body`, with when it is tried again.
fn error_body(error: &ScoreError, body: Text, lang: Lang, fmt: &dyn Formats) -> String {
    let when = |seconds: u32| {
        let (amount, unit) = relative_parts(f64::from(seconds));
        fmt.relative(amount, unit)
    };
    match (error.kind, error.retry_after_seconds) {
        (ErrorKind::Throttled, seconds) => {
            lang.fill(body, &[("when", &when(seconds.unwrap_or(60)))])
        }
        // A backoff retry is scheduled: say when.
        (ErrorKind::Server | ErrorKind::Network, Some(seconds)) => {
            let mut text = lang.text(body).to_owned();
            text.push(' ');
            text.push_str(&lang.fill(Text::RetryNote, &[("when", &when(seconds))]));
            text
        }
        _ => lang.text(body).to_owned(),
    }
}

/// Delegated mode, an API on another origin ([`Config::api_elsewhere`]) that gave no HTTP
/// answer: the browser may have refused it (the API's CORS behaviour for browsers is
/// undocumented), so the card says so and points to snapshot mode instead of the plain
/// network failure's words.
///
/// [`Config::api_elsewhere`]: crate::model::options::Config::api_elsewhere
pub fn add_cors_hint(view: &mut CardView, error: &ScoreError, lang: Lang, fmt: &dyn Formats) {
    if error.kind != ErrorKind::Network || error.status != 0 {
        return;
    }
    if let Some(e) = view.error.as_mut() {
        e.body = error_body(error, Text::CorsBody, lang, fmt);
    }
}

/// Builds one card's view from its reading.
pub fn card_view(
    kind: CardKind,
    reading: &Reading,
    busy: bool,
    lang: Lang,
    fmt: &dyn Formats,
    cloud: Cloud,
    now_ms: f64,
) -> CardView {
    let mut view = bare_view(kind, reading, busy, lang, fmt, cloud);
    let Some(fresh) = reading.shown() else {
        return view;
    };
    if view.state == "stale" {
        view.stale_note = Some(lang.text(Text::StaleNote));
    }
    let (amount, unit) = relative_parts((fresh.received_ms - now_ms) / 1000.0);
    view.fetched = Some(if unit == "second" {
        lang.text(Text::FetchedJustNow).to_owned()
    } else {
        lang.fill(Text::Fetched, &[("when", &fmt.relative(amount, unit))])
    });
    view.fetched_ms = Some(fresh.received_ms);
    // The scores' own time; recommendations carry none, so when they were fetched.
    let exact_ms = fresh.data.time().map_or(fresh.received_ms, |t| t.epoch_ms);
    view.fetched_exact = fmt.ready().then(|| fmt.date_time(exact_ms));
    match &fresh.data {
        CardData::Exposure(e) => {
            let (score, band) = (e.score, e.band());
            add_exposure_headline(&mut view, score, band, Text::ExposureMeaning, lang, fmt);
        }
        CardData::Device(d) => {
            view.score = Some(fmt.number(d.score));
            view.meaning = Some(lang.text(Text::HigherIsBetter).to_owned());
        }
        CardData::Groups(g) => add_groups(&mut view, g, lang, fmt),
        CardData::Recommendations(r) => add_recommendations(&mut view, r, lang, fmt, cloud),
    }
    view
}

/// A card's view before its reading is shown: the title, state, error, buttons and portal.
fn bare_view(
    kind: CardKind,
    reading: &Reading,
    busy: bool,
    lang: Lang,
    fmt: &dyn Formats,
    cloud: Cloud,
) -> CardView {
    let title_text = lang.text(title(kind));
    let mut error = reading.error().map(|e| error_view(e, lang, fmt));
    if let (CardKind::Recommendations, Some(shown), Some(e)) =
        (kind, error.as_mut(), reading.error())
    {
        word_recommendations_refusal(shown, e.code.as_deref(), lang);
    }
    CardView {
        kind,
        state: reading.state(),
        title: title_text,
        score: None,
        band: None,
        meter: None,
        meaning: None,
        brief: None,
        summary: None,
        groups: Vec::new(),
        recommendations: Vec::new(),
        empty: None,
        fetched_ms: None,
        fetched: None,
        fetched_exact: None,
        error,
        error_elsewhere: false,
        stale_note: None,
        scope: None,
        snapshot_note: None,
        loading: matches!(reading, Reading::Loading).then(|| lang.text(Text::Loading)),
        busy,
        refresh_here: true,
        refresh: lang.text(Text::Refresh),
        refresh_label: lang.fill(Text::RefreshCard, &[("card", title_text)]),
        portal_here: true,
        portal: lang.text(Text::OpenPortal),
        portal_url: cloud.portal_url(),
        trend: None,
        csv: None,
    }
}

/// An exposure headline: the number, its band, the meaning line from `template`, and the
/// ARIA meter reading the number and band. Every line is a whole translated template.
fn add_exposure_headline(
    view: &mut CardView,
    score: f64,
    band: ExposureBand,
    template: Text,
    lang: Lang,
    fmt: &dyn Formats,
) {
    let shown = fmt.number(score);
    let band_words = lang.text(band_text(band, false));
    view.meter = Some((
        score.round(),
        lang.fill(Text::MeterText, &[("score", &shown), ("band", band_words)]),
    ));
    view.meaning = Some(lang.fill(template, &[("band", band_words)]));
    view.brief = Some(band_words.to_owned());
    view.score = Some(shown);
    view.band = Some(band);
}

/// The groups card's reading: the worst group as the headline, how many, and a row per group.
fn add_groups(view: &mut CardView, g: &DeviceGroupScores, lang: Lang, fmt: &dyn Formats) {
    let count = lang.fill(
        Text::GroupCount,
        &[("count", &fmt.number(g.groups.len() as f64))],
    );
    match g.worst() {
        Some(worst) => {
            let (score, band) = (worst.score, worst.band());
            add_exposure_headline(view, score, band, Text::WorstGroupMeaning, lang, fmt);
            // "High · Lab · Device groups: 3": the worst group, its band, how many.
            let band = lang.text(band_text(worst.band(), true));
            view.brief = Some([band, &worst.name, &count].join(" · "));
        }
        None => view.empty = Some(lang.text(Text::NoGroups)),
    }
    view.summary = Some(count);
    view.groups = g
        .groups
        .iter()
        .map(|group| GroupRow {
            name: group.name.clone(),
            score: fmt.number(group.score),
            value: group.score,
            band: group.band(),
            band_text: lang.text(band_text(group.band(), true)),
            rose: None,
        })
        .collect();
}

mod group;
mod recommendations;

pub use group::{say_once, shared_error, GroupView};
use recommendations::add_recommendations;
pub use recommendations::keep_top;

#[cfg(test)]
pub(crate) mod tests;

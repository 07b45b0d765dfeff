//! Every text a user sees, in English, Dutch, Danish, German, French, Spanish, Swedish and
//! Japanese, and how a locale picks one.
//!
//! Numbers, dates and relative times are not formatted here but by the browser's `Intl`
//! (see [`Formats`]); this module only holds the words and picks the language.

/// Declares a language's words, `Key => "text",` for every [`Text`] in [`Text::ALL`] order (a
/// test checks it). They are kept as one string, each text ended by U+001F, so the wasm holds
/// the words and no table of string pointers beside them.
macro_rules! words {
    ($($key:ident => $text:literal,)*) => {
        /// Every text of this language in [`Text::ALL`](super::Text::ALL) order, each ended by U+001F.
        pub const WORDS: &str = concat!($($text, "\u{1f}"),*);
        /// The keys in the order written, for the order test.
        #[cfg(test)]
        pub const KEYS: &[super::Text] = &[$(super::Text::$key),*];
    };
}
use words;

mod da;
mod de;
mod en;
mod es;
mod fr;
mod ja;
mod nl;
mod sv;

/// A language the widget speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English, the fallback.
    #[default]
    En,
    /// Dutch.
    Nl,
    /// Danish.
    Da,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Swedish.
    Sv,
    /// Japanese.
    Ja,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 8] = [
        Lang::En,
        Lang::Nl,
        Lang::Da,
        Lang::De,
        Lang::Fr,
        Lang::Es,
        Lang::Sv,
        Lang::Ja,
    ];

    /// The language of a BCP 47 tag, by its primary subtag (`nl-BE` is Dutch); `None` if not spoken.
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "nl" => Some(Lang::Nl),
            "da" => Some(Lang::Da),
            "de" => Some(Lang::De),
            "fr" => Some(Lang::Fr),
            "es" => Some(Lang::Es),
            "sv" => Some(Lang::Sv),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }

    /// The first spoken language among the preferred tags, else English.
    pub fn pick<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred
            .into_iter()
            .find_map(Lang::of_tag)
            .unwrap_or_default()
    }

    /// The tag given to `Intl` when the locale asked for is not spoken (so numbers match the words).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
            Lang::Da => "da",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::Sv => "sv",
            Lang::Ja => "ja",
        }
    }

    /// The words for `text` in this language.
    pub fn text(self, text: Text) -> &'static str {
        let words = match self {
            Lang::En => en::WORDS,
            Lang::Nl => nl::WORDS,
            Lang::Da => da::WORDS,
            Lang::De => de::WORDS,
            Lang::Fr => fr::WORDS,
            Lang::Es => es::WORDS,
            Lang::Sv => sv::WORDS,
            Lang::Ja => ja::WORDS,
        };
        words.split('\u{1f}').nth(text as usize).unwrap_or("")
    }

    /// The words for `text` with `{name}` placeholders filled in.
    pub fn fill(self, text: Text, args: &[(&str, &str)]) -> String {
        fill(self.text(text), args)
    }
}

/// Replaces each `{name}` in `template` by its value; unknown placeholders stay as they are.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        match after.split_once('}') {
            Some((name, tail)) => {
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = tail;
            }
            None => {
                out.push('{');
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Formatting that belongs to the browser's `Intl`; a plain implementation serves native tests.
pub trait Formats {
    /// A whole number (scores are shown rounded), e.g. `1.234` or `1,234` by locale.
    fn number(&self, value: f64) -> String;
    /// A relative time such as "3 minutes ago" or "in 30 seconds": `amount` of `unit`
    /// (`"second"`, `"minute"`, `"hour"`, `"day"`), negative for the past.
    fn relative(&self, amount: f64, unit: &'static str) -> String;
    /// A date and time, medium date and short time.
    fn date_time(&self, epoch_ms: f64) -> String;
    /// A score change with its sign and one decimal: `+4.1`, `−3.2`, `0`.
    fn decimal(&self, value: f64) -> String;
    /// A short date, day and month (`16 Nov`).
    fn day(&self, epoch_ms: f64) -> String;
    /// Whether the formatters cost nothing to use now. Until then the cards leave out what
    /// can come a moment later (the exact time in a tooltip), so the first reading shows
    /// without waiting for the browser's locale data.
    fn ready(&self) -> bool {
        true
    }
}

/// Picks the unit a relative time reads best in: seconds under a minute, then minutes, hours, days.
pub fn relative_parts(seconds: f64) -> (f64, &'static str) {
    let s = seconds.round();
    let a = s.abs();
    if a < 60.0 {
        (s, "second")
    } else if a < 3600.0 {
        ((s / 60.0).round(), "minute")
    } else if a < 86_400.0 {
        ((s / 3600.0).round(), "hour")
    } else {
        ((s / 86_400.0).round(), "day")
    }
}

/// The key of every user-visible text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// The widget's landmark label.
    WidgetLabel,
    /// Title of the exposure card.
    ExposureTitle,
    /// Title of the device secure score card.
    DeviceTitle,
    /// Title of the device-group card.
    GroupsTitle,
    /// Title of the recommendations card.
    RecommendationsTitle,
    /// Band in words on the exposure card.
    BandLow,
    /// Band in words on the exposure card.
    BandMedium,
    /// Band in words on the exposure card.
    BandHigh,
    /// Short band word for a group row.
    BandLowShort,
    /// Short band word for a group row.
    BandMediumShort,
    /// Short band word for a group row.
    BandHighShort,
    /// What the exposure number means: `{band}` and the direction.
    ExposureMeaning,
    /// What the device number means.
    HigherIsBetter,
    /// What the device-group card's headline means: `{band}` of the worst group.
    WorstGroupMeaning,
    /// The exposure meter's reading for screen readers: `{score}` and `{band}`.
    MeterText,
    /// `{count}`: how many groups.
    GroupCount,
    /// The API listed no groups.
    NoGroups,
    /// Card is loading.
    Loading,
    /// Refresh button text.
    Refresh,
    /// Refresh button's accessible name; `{card}` is the card title.
    RefreshCard,
    /// Link to the Defender portal.
    OpenPortal,
    /// `{when}`: a relative time of the reading.
    Fetched,
    /// A reading fetched less than a minute ago (no `Intl` needed for it).
    FetchedJustNow,
    /// Data shown while the latest refresh failed.
    StaleNote,
    /// `{target}`: the correlation id for support.
    SupportReference,
    /// `{status}`: an HTTP status.
    HttpStatus,
    /// Error title.
    UnauthorizedTitle,
    /// Error explanation.
    UnauthorizedBody,
    /// Error title.
    ForbiddenTitle,
    /// Error explanation: permission and role.
    ForbiddenBody,
    /// Error explanation for the `DisabledFeature` code.
    DisabledFeatureBody,
    /// Error title.
    NotFoundTitle,
    /// Error explanation.
    NotFoundBody,
    /// Error title.
    ThrottledTitle,
    /// `{when}`: a relative time of the next try.
    ThrottledBody,
    /// Error title.
    ServerTitle,
    /// Error explanation.
    ServerBody,
    /// Error title.
    NetworkTitle,
    /// Error explanation.
    NetworkBody,
    /// Error title.
    InvalidTitle,
    /// Error explanation.
    InvalidBody,
    /// Button that opens the sign-in window when MSAL needs the user.
    SignIn,
    /// After a server or network failure: when the automatic retry (backoff) comes.
    RetryNote,
    /// The sparkline's text alternative: `{card}` title, `{count}` readings, `{first}` and `{last}` scores.
    TrendLabel,
    /// The change line when the score improved: `{change}` signed, `{date}` compared with.
    ChangeBetter,
    /// The change line when the score got worse: `{change}` signed, `{date}` compared with.
    ChangeWorse,
    /// The change line when the score did not change since `{date}`.
    ChangeNone,
    /// A device group whose exposure rose: `{change}` signed, since `{date}`.
    GroupRose,
    /// The button that downloads the kept readings as CSV.
    DownloadCsv,
    /// Snapshot mode: whose scores the card shows (the whole organisation, as published).
    PublishedScope,
    /// Snapshot mode: `{when}`, a relative time of the publish.
    Published,
    /// Snapshot mode: published less than a minute ago.
    PublishedJustNow,
    /// Snapshot mode: the latest publish failed `{when}`, with `{reason}` (HTTP status, code).
    PublishFailed,
    /// Snapshot mode: the publisher is overdue; `{when}` the next publish was due.
    Overdue,
    /// Snapshot mode, schedule unknown: nothing published for more than a day.
    OverdueUnscheduled,
    /// Snapshot mode: the folder could not be read (not found, no access, unreachable).
    SnapshotUnreadable,
    /// No answer from an API on another origin: perhaps CORS; points to snapshot mode.
    CorsBody,
    /// Snapshot mode: title of a server or network failure reading the folder.
    SnapshotErrorTitle,
    /// The recommendations card's headline words: how many are active in all.
    ActiveRecommendations,
    /// The recommendations card with none active.
    NoRecommendations,
    /// A recommendation's devices: `{exposed}` of `{total}` exposed.
    ExposedDevices,
    /// A recommendation with a public exploit (a badge in words).
    PublicExploit,
    /// A recommendation with an active alert (a badge in words).
    ActiveAlert,
    /// What a recommendation would take off the exposure score: `{change}`, signed.
    ExposureImpact,
    /// The device secure score points a recommendation would add: `{change}`, signed.
    DeviceScoreImpact,
    /// A recommendation's portal link's accessible name: `{name}`, opening in the portal.
    RecommendationLink,
    /// Error title on the recommendations card.
    RecommendationsForbiddenTitle,
    /// Error explanation on the recommendations card: its permission and role.
    RecommendationsForbiddenBody,
    /// Snapshot mode: the publisher was refused the recommendations (its application lacks
    /// `SecurityRecommendation.Read.All`).
    PublishedRecommendationsForbiddenBody,
}

impl Text {
    /// Every key, for completeness tests.
    pub const ALL: [Text; 69] = [
        Text::WidgetLabel,
        Text::ExposureTitle,
        Text::DeviceTitle,
        Text::GroupsTitle,
        Text::RecommendationsTitle,
        Text::BandLow,
        Text::BandMedium,
        Text::BandHigh,
        Text::BandLowShort,
        Text::BandMediumShort,
        Text::BandHighShort,
        Text::ExposureMeaning,
        Text::HigherIsBetter,
        Text::WorstGroupMeaning,
        Text::MeterText,
        Text::GroupCount,
        Text::NoGroups,
        Text::Loading,
        Text::Refresh,
        Text::RefreshCard,
        Text::OpenPortal,
        Text::Fetched,
        Text::FetchedJustNow,
        Text::StaleNote,
        Text::SupportReference,
        Text::HttpStatus,
        Text::UnauthorizedTitle,
        Text::UnauthorizedBody,
        Text::ForbiddenTitle,
        Text::ForbiddenBody,
        Text::DisabledFeatureBody,
        Text::NotFoundTitle,
        Text::NotFoundBody,
        Text::ThrottledTitle,
        Text::ThrottledBody,
        Text::ServerTitle,
        Text::ServerBody,
        Text::NetworkTitle,
        Text::NetworkBody,
        Text::InvalidTitle,
        Text::InvalidBody,
        Text::SignIn,
        Text::RetryNote,
        Text::TrendLabel,
        Text::ChangeBetter,
        Text::ChangeWorse,
        Text::ChangeNone,
        Text::GroupRose,
        Text::DownloadCsv,
        Text::PublishedScope,
        Text::Published,
        Text::PublishedJustNow,
        Text::PublishFailed,
        Text::Overdue,
        Text::OverdueUnscheduled,
        Text::SnapshotUnreadable,
        Text::CorsBody,
        Text::SnapshotErrorTitle,
        Text::ActiveRecommendations,
        Text::NoRecommendations,
        Text::ExposedDevices,
        Text::PublicExploit,
        Text::ActiveAlert,
        Text::ExposureImpact,
        Text::DeviceScoreImpact,
        Text::RecommendationLink,
        Text::RecommendationsForbiddenTitle,
        Text::RecommendationsForbiddenBody,
        Text::PublishedRecommendationsForbiddenBody,
    ];
}

#[cfg(test)]
mod tests;

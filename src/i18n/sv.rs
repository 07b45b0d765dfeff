//! Svenska.

use super::Text;

/// The Swedish words for `text`.
pub fn text(text: Text) -> &'static str {
    match text {
        Text::WidgetLabel => "Microsoft Defender-poäng",
        Text::ExposureTitle => "Exponeringspoäng",
        Text::DeviceTitle => "Säkerhetspoäng för enheter",
        Text::GroupsTitle => "Exponering per enhetsgrupp",
        Text::BandLow => "Låg exponering",
        Text::BandMedium => "Medelhög exponering",
        Text::BandHigh => "Hög exponering",
        Text::BandLowShort => "Låg",
        Text::BandMediumShort => "Medel",
        Text::BandHighShort => "Hög",
        Text::ExposureMeaning => "{band} · 0 till 100, lägre är bättre",
        Text::HigherIsBetter => "Poäng, högre är bättre",
        Text::WorstGroupMeaning => "Högsta exponering för en grupp · {band}",
        Text::MeterText => "{score} av 100, {band}",
        Text::GroupCount => "Enhetsgrupper: {count}",
        Text::NoGroups => "Inga enhetsgrupper rapporterades.",
        Text::Loading => "Läser in…",
        Text::Refresh => "Uppdatera",
        Text::RefreshCard => "Uppdatera {card}",
        Text::OpenPortal => "Förbättra i Microsoft Defender",
        Text::Fetched => "Hämtad {when}",
        Text::StaleNote => "Visar en tidigare mätning: den senaste uppdateringen misslyckades.",
        Text::SupportReference => "Referens för support: {target}",
        Text::HttpStatus => "HTTP-status {status}",
        Text::UnauthorizedTitle => "Logga in igen",
        Text::UnauthorizedBody => "Din inloggning har gått ut eller godtogs inte. Logga in igen för att se poängen.",
        Text::ForbiddenTitle => "Ingen åtkomst till poängen",
        Text::ForbiddenBody => "Ditt konto behöver behörigheten Score.Read för den här appen och rollen Visa data i Microsoft Defender. Fråga din Defender-administratör.",
        Text::DisabledFeatureBody => "Den här funktionen är avstängd för din organisation i Microsoft Defender. Fråga din Defender-administratör.",
        Text::NotFoundTitle => "Poängen hittades inte",
        Text::NotFoundBody => "API:et hittade inte den här poängen. Kontrollera API-adressen och molninställningen.",
        Text::ThrottledTitle => "För många begäranden",
        Text::ThrottledBody => "Microsoft Defender begränsar antalet anrop. Kortet försöker igen {when}.",
        Text::ServerTitle => "Microsoft Defender fick ett problem",
        Text::ServerBody => "Tjänsten kunde inte svara. Försök igen om några minuter.",
        Text::NetworkTitle => "Det går inte att nå Microsoft Defender",
        Text::NetworkBody => "Kontrollera nätverksanslutningen och försök igen.",
        Text::InvalidTitle => "Oväntat svar",
        Text::InvalidBody => "API:et skickade något som den här widgeten inte förstår, så ingen poäng visas.",
        Text::SignIn => "Logga in",
    }
}

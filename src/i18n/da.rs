//! Dansk.

use super::Text;

/// The Danish words for `text`.
pub fn text(text: Text) -> &'static str {
    match text {
        Text::WidgetLabel => "Microsoft Defender-scorer",
        Text::ExposureTitle => "Eksponeringsscore",
        Text::DeviceTitle => "Sikkerhedsscore for enheder",
        Text::GroupsTitle => "Eksponering pr. enhedsgruppe",
        Text::BandLow => "Lav eksponering",
        Text::BandMedium => "Middel eksponering",
        Text::BandHigh => "Høj eksponering",
        Text::BandLowShort => "Lav",
        Text::BandMediumShort => "Middel",
        Text::BandHighShort => "Høj",
        Text::ExposureMeaning => "{band} · 0 til 100, lavere er bedre",
        Text::HigherIsBetter => "Point, højere er bedre",
        Text::WorstGroupMeaning => "Højeste eksponering for en gruppe · {band}",
        Text::MeterText => "{score} ud af 100, {band}",
        Text::GroupCount => "Enhedsgrupper: {count}",
        Text::NoGroups => "Der blev ikke rapporteret nogen enhedsgrupper.",
        Text::Loading => "Indlæser…",
        Text::Refresh => "Opdater",
        Text::RefreshCard => "Opdater {card}",
        Text::OpenPortal => "Forbedr i Microsoft Defender",
        Text::Fetched => "Hentet {when}",
        Text::StaleNote => "Viser en tidligere måling: den seneste opdatering mislykkedes.",
        Text::SupportReference => "Reference til support: {target}",
        Text::HttpStatus => "HTTP-status {status}",
        Text::UnauthorizedTitle => "Log ind igen",
        Text::UnauthorizedBody => "Dit login er udløbet eller blev ikke accepteret. Log ind igen for at se scorerne.",
        Text::ForbiddenTitle => "Ingen adgang til scorerne",
        Text::ForbiddenBody => "Din konto skal have tilladelsen Score.Read for denne app og rollen Vis data i Microsoft Defender. Spørg din Defender-administrator.",
        Text::DisabledFeatureBody => "Denne funktion er slået fra for din organisation i Microsoft Defender. Spørg din Defender-administrator.",
        Text::NotFoundTitle => "Scoren blev ikke fundet",
        Text::NotFoundBody => "API'en fandt ikke denne score. Kontrollér API-adressen og cloudindstillingen.",
        Text::ThrottledTitle => "For mange anmodninger",
        Text::ThrottledBody => "Microsoft Defender begrænser antallet af kald. Kortet prøver igen {when}.",
        Text::ServerTitle => "Microsoft Defender havde et problem",
        Text::ServerBody => "Tjenesten kunne ikke svare. Prøv igen om et par minutter.",
        Text::NetworkTitle => "Microsoft Defender kan ikke nås",
        Text::NetworkBody => "Kontrollér din netværksforbindelse, og prøv igen.",
        Text::InvalidTitle => "Uventet svar",
        Text::SignIn => "Log ind",
        Text::InvalidBody => "API'en sendte noget, som denne widget ikke forstår, så der vises ingen score.",
    }
}

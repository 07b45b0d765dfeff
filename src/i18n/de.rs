//! Deutsch.

use super::Text;

/// The German words for `text`.
pub fn text(text: Text) -> &'static str {
    match text {
        Text::WidgetLabel => "Microsoft Defender-Bewertungen",
        Text::ExposureTitle => "Gefährdungsbewertung",
        Text::DeviceTitle => "Sicherheitsbewertung für Geräte",
        Text::GroupsTitle => "Gefährdung nach Gerätegruppe",
        Text::BandLow => "Geringe Gefährdung",
        Text::BandMedium => "Mittlere Gefährdung",
        Text::BandHigh => "Hohe Gefährdung",
        Text::BandLowShort => "Gering",
        Text::BandMediumShort => "Mittel",
        Text::BandHighShort => "Hoch",
        Text::ExposureMeaning => "{band} · 0 bis 100, niedriger ist besser",
        Text::HigherIsBetter => "Punkte, höher ist besser",
        Text::WorstGroupMeaning => "Höchste Gefährdung einer Gruppe · {band}",
        Text::MeterText => "{score} von 100, {band}",
        Text::GroupCount => "Gerätegruppen: {count}",
        Text::NoGroups => "Es wurden keine Gerätegruppen gemeldet.",
        Text::Loading => "Wird geladen…",
        Text::Refresh => "Aktualisieren",
        Text::RefreshCard => "{card} aktualisieren",
        Text::OpenPortal => "In Microsoft Defender verbessern",
        Text::Fetched => "Abgerufen {when}",
        Text::StaleNote => "Ältere Messung: Die letzte Aktualisierung ist fehlgeschlagen.",
        Text::SupportReference => "Referenz für den Support: {target}",
        Text::HttpStatus => "HTTP-Status {status}",
        Text::UnauthorizedTitle => "Erneut anmelden",
        Text::UnauthorizedBody => "Ihre Anmeldung ist abgelaufen oder wurde nicht akzeptiert. Melden Sie sich erneut an, um die Bewertungen zu sehen.",
        Text::ForbiddenTitle => "Kein Zugriff auf die Bewertungen",
        Text::ForbiddenBody => "Ihr Konto benötigt die Berechtigung Score.Read für diese App und die Rolle „Daten anzeigen“ in Microsoft Defender. Wenden Sie sich an Ihren Defender-Administrator.",
        Text::DisabledFeatureBody => "Diese Funktion ist für Ihre Organisation in Microsoft Defender deaktiviert. Wenden Sie sich an Ihren Defender-Administrator.",
        Text::NotFoundTitle => "Bewertung nicht gefunden",
        Text::NotFoundBody => "Die API hat diese Bewertung nicht gefunden. Prüfen Sie die API-Adresse und die Cloud-Einstellung.",
        Text::ThrottledTitle => "Zu viele Anfragen",
        Text::ThrottledBody => "Microsoft Defender begrenzt die Aufrufe. Die Karte versucht es {when} erneut.",
        Text::ServerTitle => "Problem bei Microsoft Defender",
        Text::ServerBody => "Der Dienst konnte nicht antworten. Versuchen Sie es in einigen Minuten erneut.",
        Text::NetworkTitle => "Microsoft Defender ist nicht erreichbar",
        Text::NetworkBody => "Prüfen Sie Ihre Netzwerkverbindung und versuchen Sie es erneut.",
        Text::InvalidTitle => "Unerwartete Antwort",
        Text::InvalidBody => "Die API hat etwas gesendet, das dieses Widget nicht versteht, daher wird keine Bewertung angezeigt.",
        Text::SignIn => "Anmelden",
    }
}

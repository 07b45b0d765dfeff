//! Nederlands.

use super::Text;

/// The Dutch words for `text`.
pub fn text(text: Text) -> &'static str {
    match text {
        Text::WidgetLabel => "Microsoft Defender-scores",
        Text::ExposureTitle => "Blootstellingsscore",
        Text::DeviceTitle => "Secure Score voor apparaten",
        Text::GroupsTitle => "Blootstelling per apparaatgroep",
        Text::BandLow => "Lage blootstelling",
        Text::BandMedium => "Gemiddelde blootstelling",
        Text::BandHigh => "Hoge blootstelling",
        Text::BandLowShort => "Laag",
        Text::BandMediumShort => "Gemiddeld",
        Text::BandHighShort => "Hoog",
        Text::ExposureMeaning => "{band} · 0 tot 100, lager is beter",
        Text::HigherIsBetter => "Punten, hoger is beter",
        Text::WorstGroupMeaning => "Hoogste blootstelling van een groep · {band}",
        Text::MeterText => "{score} van 100, {band}",
        Text::GroupCount => "Apparaatgroepen: {count}",
        Text::NoGroups => "Er zijn geen apparaatgroepen gemeld.",
        Text::Loading => "Laden…",
        Text::Refresh => "Vernieuwen",
        Text::RefreshCard => "{card} vernieuwen",
        Text::OpenPortal => "Verbeteren in Microsoft Defender",
        Text::Fetched => "Opgehaald {when}",
        Text::StaleNote => "Een eerdere meting wordt getoond: de laatste vernieuwing is mislukt.",
        Text::SupportReference => "Referentie voor ondersteuning: {target}",
        Text::HttpStatus => "HTTP-status {status}",
        Text::UnauthorizedTitle => "Meld u opnieuw aan",
        Text::UnauthorizedBody => "Uw aanmelding is verlopen of niet geaccepteerd. Meld u opnieuw aan om de scores te zien.",
        Text::ForbiddenTitle => "Geen toegang tot de scores",
        Text::ForbiddenBody => "Uw account heeft de machtiging Score.Read voor deze app en de rol Gegevens weergeven in Microsoft Defender nodig. Vraag het uw Defender-beheerder.",
        Text::DisabledFeatureBody => "Deze functie is voor uw organisatie uitgeschakeld in Microsoft Defender. Vraag het uw Defender-beheerder.",
        Text::NotFoundTitle => "Score niet gevonden",
        Text::NotFoundBody => "De API heeft deze score niet gevonden. Controleer het API-adres en de cloudinstelling.",
        Text::ThrottledTitle => "Te veel aanvragen",
        Text::ThrottledBody => "Microsoft Defender beperkt het aantal aanroepen. De kaart probeert het {when} opnieuw.",
        Text::ServerTitle => "Microsoft Defender had een probleem",
        Text::ServerBody => "De service kon geen antwoord geven. Probeer het over een paar minuten opnieuw.",
        Text::NetworkTitle => "Microsoft Defender is niet bereikbaar",
        Text::NetworkBody => "Controleer uw netwerkverbinding en probeer het opnieuw.",
        Text::InvalidTitle => "Onverwacht antwoord",
        Text::SignIn => "Aanmelden",
        Text::InvalidBody => "De API stuurde iets wat deze widget niet begrijpt, dus er wordt geen score getoond.",
    }
}

//! English.

use super::Text;

/// The English words for `text`.
pub fn text(text: Text) -> &'static str {
    match text {
        Text::WidgetLabel => "Microsoft Defender scores",
        Text::ExposureTitle => "Exposure score",
        Text::DeviceTitle => "Secure Score for Devices",
        Text::GroupsTitle => "Exposure by device group",
        Text::BandLow => "Low exposure",
        Text::BandMedium => "Medium exposure",
        Text::BandHigh => "High exposure",
        Text::BandLowShort => "Low",
        Text::BandMediumShort => "Medium",
        Text::BandHighShort => "High",
        Text::ExposureMeaning => "{band} · 0 to 100, lower is better",
        Text::HigherIsBetter => "Points, higher is better",
        Text::WorstGroupMeaning => "Highest group exposure · {band}",
        Text::MeterText => "{score} out of 100, {band}",
        Text::GroupCount => "Device groups: {count}",
        Text::NoGroups => "No device groups were reported.",
        Text::Loading => "Loading…",
        Text::Refresh => "Refresh",
        Text::RefreshCard => "Refresh {card}",
        Text::OpenPortal => "Improve in Microsoft Defender",
        Text::Fetched => "Fetched {when}",
        Text::StaleNote => "Showing an earlier reading: the latest refresh failed.",
        Text::SupportReference => "Support reference: {target}",
        Text::HttpStatus => "HTTP status {status}",
        Text::UnauthorizedTitle => "Sign in again",
        Text::UnauthorizedBody => "Your sign-in has expired or was not accepted. Sign in again to see the scores.",
        Text::ForbiddenTitle => "No access to the scores",
        Text::ForbiddenBody => "Your account needs the Score.Read permission for this app and the View data role in Microsoft Defender. Ask your Defender administrator.",
        Text::DisabledFeatureBody => "This feature is turned off for your organization in Microsoft Defender. Ask your Defender administrator.",
        Text::NotFoundTitle => "Score not found",
        Text::NotFoundBody => "The API did not find this score. Check the API address and the cloud setting.",
        Text::ThrottledTitle => "Too many requests",
        Text::ThrottledBody => "Microsoft Defender is limiting calls. The card will try again {when}.",
        Text::ServerTitle => "Microsoft Defender had a problem",
        Text::ServerBody => "The service could not answer. Try again in a few minutes.",
        Text::NetworkTitle => "Cannot reach Microsoft Defender",
        Text::NetworkBody => "Check your network connection and try again.",
        Text::InvalidTitle => "Unexpected answer",
        Text::SignIn => "Sign in",
        Text::InvalidBody => "The API sent something this widget does not understand, so no score is shown.",
    }
}

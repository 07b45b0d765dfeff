//! Français.

use super::Text;

/// The French words for `text`.
pub fn text(text: Text) -> &'static str {
    match text {
        Text::WidgetLabel => "Scores Microsoft Defender",
        Text::ExposureTitle => "Score d’exposition",
        Text::DeviceTitle => "Degré de sécurisation des appareils",
        Text::GroupsTitle => "Exposition par groupe d’appareils",
        Text::BandLow => "Exposition faible",
        Text::BandMedium => "Exposition moyenne",
        Text::BandHigh => "Exposition élevée",
        Text::BandLowShort => "Faible",
        Text::BandMediumShort => "Moyenne",
        Text::BandHighShort => "Élevée",
        Text::ExposureMeaning => "{band} · de 0 à 100, plus bas est meilleur",
        Text::HigherIsBetter => "Points, plus haut est meilleur",
        Text::WorstGroupMeaning => "Exposition la plus élevée d’un groupe · {band}",
        Text::MeterText => "{score} sur 100, {band}",
        Text::GroupCount => "Groupes d’appareils : {count}",
        Text::NoGroups => "Aucun groupe d’appareils n’a été signalé.",
        Text::Loading => "Chargement…",
        Text::Refresh => "Actualiser",
        Text::RefreshCard => "Actualiser {card}",
        Text::OpenPortal => "Améliorer dans Microsoft Defender",
        Text::Fetched => "Récupéré {when}",
        Text::StaleNote => "Mesure antérieure affichée : la dernière actualisation a échoué.",
        Text::SupportReference => "Référence pour le support : {target}",
        Text::HttpStatus => "Statut HTTP {status}",
        Text::UnauthorizedTitle => "Reconnectez-vous",
        Text::UnauthorizedBody => "Votre connexion a expiré ou n’a pas été acceptée. Reconnectez-vous pour voir les scores.",
        Text::ForbiddenTitle => "Aucun accès aux scores",
        Text::ForbiddenBody => "Votre compte a besoin de l’autorisation Score.Read pour cette application et du rôle Afficher les données dans Microsoft Defender. Contactez votre administrateur Defender.",
        Text::DisabledFeatureBody => "Cette fonctionnalité est désactivée pour votre organisation dans Microsoft Defender. Contactez votre administrateur Defender.",
        Text::NotFoundTitle => "Score introuvable",
        Text::NotFoundBody => "L’API n’a pas trouvé ce score. Vérifiez l’adresse de l’API et le paramètre de cloud.",
        Text::ThrottledTitle => "Trop de requêtes",
        Text::ThrottledBody => "Microsoft Defender limite les appels. La carte réessaiera {when}.",
        Text::ServerTitle => "Microsoft Defender a rencontré un problème",
        Text::ServerBody => "Le service n’a pas pu répondre. Réessayez dans quelques minutes.",
        Text::NetworkTitle => "Microsoft Defender est injoignable",
        Text::NetworkBody => "Vérifiez votre connexion réseau, puis réessayez.",
        Text::InvalidTitle => "Réponse inattendue",
        Text::InvalidBody => "L’API a envoyé une réponse que ce widget ne comprend pas ; aucun score n’est donc affiché.",
        Text::SignIn => "Se connecter",
    }
}

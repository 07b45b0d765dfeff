//! Español.

use super::Text;

/// The Spanish words for `text`.
pub fn text(text: Text) -> &'static str {
    match text {
        Text::WidgetLabel => "Puntuaciones de Microsoft Defender",
        Text::ExposureTitle => "Puntuación de exposición",
        Text::DeviceTitle => "Puntuación de seguridad de dispositivos",
        Text::GroupsTitle => "Exposición por grupo de dispositivos",
        Text::BandLow => "Exposición baja",
        Text::BandMedium => "Exposición media",
        Text::BandHigh => "Exposición alta",
        Text::BandLowShort => "Baja",
        Text::BandMediumShort => "Media",
        Text::BandHighShort => "Alta",
        Text::ExposureMeaning => "{band} · de 0 a 100, cuanto más baja, mejor",
        Text::HigherIsBetter => "Puntos, cuanto más alta, mejor",
        Text::WorstGroupMeaning => "Mayor exposición de un grupo · {band}",
        Text::MeterText => "{score} de 100, {band}",
        Text::GroupCount => "Grupos de dispositivos: {count}",
        Text::NoGroups => "No se ha notificado ningún grupo de dispositivos.",
        Text::Loading => "Cargando…",
        Text::Refresh => "Actualizar",
        Text::RefreshCard => "Actualizar {card}",
        Text::OpenPortal => "Mejorar en Microsoft Defender",
        Text::Fetched => "Obtenido {when}",
        Text::StaleNote => "Se muestra una lectura anterior: la última actualización ha fallado.",
        Text::SupportReference => "Referencia para soporte: {target}",
        Text::HttpStatus => "Estado HTTP {status}",
        Text::UnauthorizedTitle => "Vuelva a iniciar sesión",
        Text::UnauthorizedBody => "Su sesión ha caducado o no se ha aceptado. Vuelva a iniciar sesión para ver las puntuaciones.",
        Text::ForbiddenTitle => "Sin acceso a las puntuaciones",
        Text::ForbiddenBody => "Su cuenta necesita el permiso Score.Read para esta aplicación y el rol Ver datos en Microsoft Defender. Consulte a su administrador de Defender.",
        Text::DisabledFeatureBody => "Esta característica está desactivada para su organización en Microsoft Defender. Consulte a su administrador de Defender.",
        Text::NotFoundTitle => "Puntuación no encontrada",
        Text::NotFoundBody => "La API no ha encontrado esta puntuación. Compruebe la dirección de la API y la configuración de la nube.",
        Text::ThrottledTitle => "Demasiadas solicitudes",
        Text::ThrottledBody => "Microsoft Defender está limitando las llamadas. La tarjeta volverá a intentarlo {when}.",
        Text::ServerTitle => "Microsoft Defender ha tenido un problema",
        Text::ServerBody => "El servicio no ha podido responder. Inténtelo de nuevo dentro de unos minutos.",
        Text::NetworkTitle => "No se puede conectar con Microsoft Defender",
        Text::NetworkBody => "Compruebe su conexión de red e inténtelo de nuevo.",
        Text::InvalidTitle => "Respuesta inesperada",
        Text::InvalidBody => "La API ha enviado algo que este widget no entiende, por lo que no se muestra ninguna puntuación.",
        Text::SignIn => "Iniciar sesión",
    }
}

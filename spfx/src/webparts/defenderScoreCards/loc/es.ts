// Español.

import type { IStrings } from '../strings';

/** The web part's texts in Spanish. */
export const es: IStrings = {
  paneDescription:
    'Puntuaciones de Microsoft Defender como tarjetas: exposición, puntuación de seguridad de dispositivos y ' +
    'grupos de dispositivos.',
  sourceGroup: 'De dónde vienen las puntuaciones',
  sourceLabel: 'Origen',
  sourceDelegated: 'Delegado: el token propio de cada lector (requiere aprobar el acceso a la API)',
  sourceSnapshot: 'Instantánea: una carpeta que escribe defender-score-publisher (sin token)',
  snapshotUrlLabel: 'URL de la carpeta de la instantánea',
  snapshotUrlDescription: 'Modo instantánea: p. ej., /sites/security/Shared Documents/defender/',
  apiBaseLabel: 'URL base de la API (opcional)',
  apiBaseDescription:
    'Modo delegado: déjelo vacío para usar la API de Defender de la nube, o indique un proxy del mismo origen.',
  cloudLabel: 'Nube',
  cloudCommercial: 'Comercial (mundial)',
  regionLabel: 'Región (nube comercial, opcional)',
  regionNone: 'Host predeterminado',
  displayGroup: 'Presentación',
  cardsLabel: 'Tarjetas',
  cardsDescription:
    'Separadas por comas: exposure, device, groups;' +
    ' añada recommendations para las principales recomendaciones de seguridad (requiere SecurityRecommendation.Read)',
  recommendationsTopLabel: 'Recomendaciones mostradas (de 1 a 20)',
  recommendationsTopDescription:
    'Las recomendaciones de seguridad que más reducen la puntuación de exposición, la principal primero.',
  layoutLabel: 'Diseño',
  layoutCards: 'Tarjetas',
  layoutCompact: 'Compacto (una línea por tarjeta)',
  refreshLabel: 'Intervalo de actualización (minutos, 0 = desactivado)',
  placeholderTitle: 'Puntuaciones de Defender: hay que configurar este elemento web',
  placeholderHint: 'Edite el elemento web y abra sus propiedades para corregir:',
  mountFailed: 'No se pudieron mostrar las puntuaciones de Defender:',
  loadFailed: 'El elemento web de las puntuaciones de Defender no pudo cargar su código:',
  wasmUnavailable: (status) => `No se entregó el archivo con el código del elemento web (.wasm): estado HTTP ${status}.`,
  sourceInvalid:
    'Elija de dónde vienen las puntuaciones: "delegated" (cada lector inicia sesión) o "snapshot" ' +
    '(una carpeta publicada).',
  snapshotUrlRequired:
    'Escriba la URL de la carpeta que escribe defender-score-publisher, p. ej., ' +
    '/sites/security/Shared Documents/defender/.',
  snapshotUrlNotWeb:
    'La carpeta de la instantánea debe ser una URL https:// o una ruta en el host de este sitio que empiece por "/".',
  snapshotUrlQuery: 'La URL de la carpeta de la instantánea no puede tener una consulta (?) ni un fragmento (#).',
  apiBaseInvalid:
    'La base de la API debe estar vacía (la API de Defender de la nube) o ser una URL https:// de un proxy del ' +
    'mismo origen.',
  cloudInvalid: (clouds) => `La nube debe ser una de estas: ${clouds}.`,
  regionInvalid: (regions) => `La región debe estar vacía o ser una de estas: ${regions}.`,
  regionCommercialOnly:
    'Una región solo se aplica a la nube comercial; déjela vacía para las nubes de US Government.',
  cardsEmpty: (cards) => `Indique al menos una tarjeta: ${cards} (separadas por comas).`,
  cardUnknown: (card, cards) => `Tarjeta desconocida "${card}": las tarjetas son ${cards} (separadas por comas).`,
  cardRepeated: (card) => `La tarjeta "${card}" aparece dos veces.`,
  layoutInvalid: 'El diseño debe ser "cards" o "compact".',
  recommendationsTopInvalid: (max) => `El número de recomendaciones debe ser un número entero de 1 a ${max}.`,
  refreshInvalid: (max) =>
    `El intervalo de actualización debe ser un número entero de minutos entre 0 (desactivado) y ${max}.`
};

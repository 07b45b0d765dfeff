// Nederlands.

import type { IStrings } from '../strings';

/** The web part's texts in Dutch. */
export const nl: IStrings = {
  paneDescription: 'Microsoft Defender-scores als kaarten: blootstelling, Secure Score voor apparaten en apparaatgroepen.',
  sourceGroup: 'Waar de scores vandaan komen',
  sourceLabel: 'Bron',
  sourceDelegated: 'Gedelegeerd: het eigen token van elke lezer (vereist goedkeuring van de API-toegang)',
  sourceSnapshot: 'Snapshot: een map die defender-score-publisher schrijft (geen token)',
  snapshotUrlLabel: 'URL van de snapshotmap',
  snapshotUrlDescription: 'Snapshotmodus: bijv. /sites/security/Shared Documents/defender/',
  apiBaseLabel: 'Basis-URL van de API (optioneel)',
  apiBaseDescription:
    'Gedelegeerde modus: laat leeg voor de Defender-API van de cloud, of geef een proxy met dezelfde oorsprong op.',
  cloudLabel: 'Cloud',
  cloudCommercial: 'Commercieel (wereldwijd)',
  regionLabel: 'Regio (commerciële cloud, optioneel)',
  regionNone: 'Standaardhost',
  displayGroup: 'Weergave',
  cardsLabel: 'Kaarten',
  cardsDescription:
    'Gescheiden door komma\'s: exposure, device, groups;' +
    ' voeg recommendations toe voor de belangrijkste beveiligingsaanbevelingen (vereist SecurityRecommendation.Read)',
  recommendationsTopLabel: 'Getoonde aanbevelingen (1 tot 20)',
  recommendationsTopDescription:
    'De beveiligingsaanbevelingen die de blootstellingsscore het meest verlagen, de belangrijkste eerst.',
  layoutLabel: 'Indeling',
  layoutCards: 'Kaarten',
  layoutCompact: 'Compact (één regel per kaart)',
  refreshLabel: 'Vernieuwingsinterval (minuten, 0 = uit)',
  placeholderTitle: 'Defender-scores: dit webonderdeel moet worden geconfigureerd',
  placeholderHint: 'Bewerk het webonderdeel en open de eigenschappen om dit te herstellen:',
  mountFailed: 'De Defender-scores konden niet worden weergegeven:',
  loadFailed: 'Het webonderdeel Defender-scores kon zijn code niet laden:',
  wasmUnavailable: (status) => `Het bestand met de code van het webonderdeel (.wasm) is niet geleverd: HTTP-status ${status}.`,
  sourceInvalid:
    'Kies waar de scores vandaan komen: "delegated" (elke lezer meldt zich aan) of "snapshot" (een gepubliceerde map).',
  snapshotUrlRequired:
    'Voer de URL in van de map die defender-score-publisher schrijft, bijv. /sites/security/Shared Documents/defender/.',
  snapshotUrlNotWeb:
    'De snapshotmap moet een https://-URL zijn of een pad op de host van deze site dat begint met "/".',
  snapshotUrlQuery: 'De URL van de snapshotmap mag geen query (?) of fragment (#) bevatten.',
  apiBaseInvalid:
    'De API-basis moet leeg zijn (de Defender-API van de cloud) of een https://-URL van een proxy met dezelfde oorsprong.',
  cloudInvalid: (clouds) => `De cloud moet een van deze zijn: ${clouds}.`,
  regionInvalid: (regions) => `De regio moet leeg zijn of een van deze: ${regions}.`,
  regionCommercialOnly:
    'Een regio geldt alleen voor de commerciële cloud; laat deze leeg voor US Government-clouds.',
  cardsEmpty: (cards) => `Noem minstens één kaart: ${cards} (gescheiden door komma's).`,
  cardUnknown: (card, cards) => `Onbekende kaart "${card}": de kaarten zijn ${cards} (gescheiden door komma's).`,
  cardRepeated: (card) => `De kaart "${card}" is twee keer genoemd.`,
  layoutInvalid: 'De indeling moet "cards" of "compact" zijn.',
  recommendationsTopInvalid: (max) => `Het aantal aanbevelingen moet een geheel getal van 1 tot ${max} zijn.`,
  refreshInvalid: (max) => `Het vernieuwingsinterval moet een geheel aantal minuten zijn van 0 (uit) tot ${max}.`
};

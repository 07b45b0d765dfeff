// Svenska.

import type { IStrings } from '../strings';

/** The web part's texts in Swedish. */
export const sv: IStrings = {
  paneDescription: 'Microsoft Defender-poäng som kort: exponering, säkerhetspoäng för enheter och enhetsgrupper.',
  sourceGroup: 'Var poängen kommer ifrån',
  sourceLabel: 'Källa',
  sourceDelegated: 'Delegerad: varje läsares egen token (kräver godkännande av API-åtkomsten)',
  sourceSnapshot: 'Ögonblicksbild: en mapp som defender-score-publisher skriver (ingen token)',
  snapshotUrlLabel: 'URL till ögonblicksbildens mapp',
  snapshotUrlDescription: 'Läget ögonblicksbild: t.ex. /sites/security/Shared Documents/defender/',
  apiBaseLabel: 'API:ets bas-URL (valfritt)',
  apiBaseDescription: 'Delegerat läge: lämna tomt för molnets Defender-API, eller ange en proxy med samma ursprung.',
  cloudLabel: 'Moln',
  cloudCommercial: 'Kommersiellt (hela världen)',
  regionLabel: 'Region (kommersiellt moln, valfritt)',
  regionNone: 'Standardvärd',
  displayGroup: 'Visning',
  cardsLabel: 'Kort',
  cardsDescription:
    'Kommaavgränsade: exposure, device, groups;' +
    ' lägg till recommendations för de viktigaste säkerhetsrekommendationerna (kräver SecurityRecommendation.Read)',
  recommendationsTopLabel: 'Visade rekommendationer (1 till 20)',
  recommendationsTopDescription:
    'De säkerhetsrekommendationer som sänker exponeringspoängen mest, den viktigaste först.',
  layoutLabel: 'Layout',
  layoutCards: 'Kort',
  layoutCompact: 'Kompakt (en rad per kort)',
  refreshLabel: 'Uppdateringsintervall (minuter, 0 = av)',
  placeholderTitle: 'Defender-poäng: den här webbdelen behöver konfigureras',
  placeholderHint: 'Redigera webbdelen och öppna dess egenskaper för att åtgärda:',
  mountFailed: 'Defender-poängen kunde inte visas:',
  loadFailed: 'Webbdelen för Defender-poäng kunde inte läsa in sin kod:',
  wasmUnavailable: (status) => `Filen med webbdelens kod (.wasm) levererades inte: HTTP-status ${status}.`,
  sourceInvalid:
    'Välj var poängen kommer ifrån: "delegated" (varje läsare loggar in) eller "snapshot" (en publicerad mapp).',
  snapshotUrlRequired:
    'Ange URL:en till mappen som defender-score-publisher skriver, t.ex. /sites/security/Shared Documents/defender/.',
  snapshotUrlNotWeb:
    'Ögonblicksbildens mapp måste vara en https://-URL eller en sökväg på den här webbplatsens värd som börjar med "/".',
  snapshotUrlQuery: 'URL:en till ögonblicksbildens mapp får inte ha en fråga (?) eller ett fragment (#).',
  apiBaseInvalid:
    'API-basen måste vara tom (molnets Defender-API) eller en https://-URL till en proxy med samma ursprung.',
  cloudInvalid: (clouds) => `Molnet måste vara ett av ${clouds}.`,
  regionInvalid: (regions) => `Regionen måste vara tom eller en av ${regions}.`,
  regionCommercialOnly: 'En region gäller bara det kommersiella molnet; lämna den tom för US Government-moln.',
  cardsEmpty: (cards) => `Ange minst ett kort: ${cards} (kommaavgränsade).`,
  cardUnknown: (card, cards) => `Okänt kort "${card}": korten är ${cards} (kommaavgränsade).`,
  cardRepeated: (card) => `Kortet "${card}" anges två gånger.`,
  layoutInvalid: 'Layouten måste vara "cards" eller "compact".',
  recommendationsTopInvalid: (max) => `Antalet rekommendationer måste vara ett heltal från 1 till ${max}.`,
  refreshInvalid: (max) => `Uppdateringsintervallet måste vara ett helt antal minuter från 0 (av) till ${max}.`
};

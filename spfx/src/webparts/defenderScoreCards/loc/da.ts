// Dansk.

import type { IStrings } from '../strings';

/** The web part's texts in Danish. */
export const da: IStrings = {
  paneDescription: 'Microsoft Defender-scorer som kort: eksponering, sikkerhedsscore for enheder og enhedsgrupper.',
  sourceGroup: 'Hvor scorerne kommer fra',
  sourceLabel: 'Kilde',
  sourceDelegated: 'Delegeret: hver læsers eget token (kræver godkendelse af API-adgangen)',
  sourceSnapshot: 'Snapshot: en mappe, som defender-score-publisher skriver (intet token)',
  snapshotUrlLabel: 'URL til snapshot-mappen',
  snapshotUrlDescription: 'Snapshot-tilstand: f.eks. /sites/security/Shared Documents/defender/',
  apiBaseLabel: 'API-basis-URL (valgfri)',
  apiBaseDescription:
    'Delegeret tilstand: lad feltet være tomt for cloudens Defender-API, eller angiv en proxy med samme oprindelse.',
  cloudLabel: 'Cloud',
  cloudCommercial: 'Kommerciel (hele verden)',
  regionLabel: 'Område (kommerciel cloud, valgfrit)',
  regionNone: 'Standardvært',
  displayGroup: 'Visning',
  cardsLabel: 'Kort',
  cardsDescription:
    'Adskilt med komma: exposure, device, groups;' +
    ' tilføj recommendations for de vigtigste sikkerhedsanbefalinger (kræver SecurityRecommendation.Read)',
  recommendationsTopLabel: 'Viste anbefalinger (1 til 20)',
  recommendationsTopDescription:
    'De sikkerhedsanbefalinger, der sænker eksponeringsscoren mest, den vigtigste først.',
  layoutLabel: 'Layout',
  layoutCards: 'Kort',
  layoutCompact: 'Kompakt (én linje pr. kort)',
  refreshLabel: 'Opdateringsinterval (minutter, 0 = fra)',
  placeholderTitle: 'Defender-scorer: denne webdel skal konfigureres',
  placeholderHint: 'Rediger webdelen, og åbn dens egenskaber for at rette:',
  mountFailed: 'Defender-scorerne kunne ikke vises:',
  loadFailed: 'Webdelen med Defender-scorer kunne ikke indlæse sin kode:',
  wasmUnavailable: (status) => `Filen med webdelens kode (.wasm) blev ikke leveret: HTTP-status ${status}.`,
  sourceInvalid:
    'Vælg, hvor scorerne kommer fra: "delegated" (hver læser logger ind) eller "snapshot" (en offentliggjort mappe).',
  snapshotUrlRequired:
    'Angiv URL\'en til den mappe, som defender-score-publisher skriver, f.eks. /sites/security/Shared Documents/defender/.',
  snapshotUrlNotWeb:
    'Snapshot-mappen skal være en https://-URL eller en sti på dette websteds vært, der starter med "/".',
  snapshotUrlQuery: 'URL\'en til snapshot-mappen må ikke have en forespørgsel (?) eller et fragment (#).',
  apiBaseInvalid:
    'API-basen skal være tom (cloudens Defender-API) eller en https://-URL til en proxy med samme oprindelse.',
  cloudInvalid: (clouds) => `Cloud skal være en af ${clouds}.`,
  regionInvalid: (regions) => `Området skal være tomt eller et af ${regions}.`,
  regionCommercialOnly:
    'Et område gælder kun for den kommercielle cloud; lad det være tomt for US Government-clouds.',
  cardsEmpty: (cards) => `Angiv mindst ét kort: ${cards} (adskilt med komma).`,
  cardUnknown: (card, cards) => `Ukendt kort "${card}": kortene er ${cards} (adskilt med komma).`,
  cardRepeated: (card) => `Kortet "${card}" er angivet to gange.`,
  layoutInvalid: 'Layoutet skal være "cards" eller "compact".',
  recommendationsTopInvalid: (max) => `Antallet af anbefalinger skal være et helt tal fra 1 til ${max}.`,
  refreshInvalid: (max) => `Opdateringsintervallet skal være et helt antal minutter fra 0 (fra) til ${max}.`
};

// English, the fallback.

import type { IStrings } from '../strings';

/** The web part's texts in English. */
export const en: IStrings = {
  paneDescription: 'Microsoft Defender scores as cards: exposure, device secure score and device groups.',
  sourceGroup: 'Where the scores come from',
  sourceLabel: 'Source',
  sourceDelegated: 'Delegated: each viewer\'s own token (needs the API approval)',
  sourceSnapshot: 'Snapshot: a folder defender-score-publisher writes (no token)',
  snapshotUrlLabel: 'Snapshot folder URL',
  snapshotUrlDescription: 'Snapshot mode: e.g. /sites/security/Shared Documents/defender/',
  apiBaseLabel: 'API base URL (optional)',
  apiBaseDescription: 'Delegated mode: leave empty for the cloud\'s Defender API, or a same-origin proxy.',
  cloudLabel: 'Cloud',
  cloudCommercial: 'Commercial (worldwide)',
  regionLabel: 'Region (commercial cloud, optional)',
  regionNone: 'Default host',
  displayGroup: 'Display',
  cardsLabel: 'Cards',
  cardsDescription:
    'Comma separated: exposure, device, groups;' +
    ' add recommendations for the top security recommendations (needs SecurityRecommendation.Read)',
  recommendationsTopLabel: 'Recommendations shown (1 to 20)',
  recommendationsTopDescription:
    'The security recommendations that lower the exposure score most, the top one first.',
  layoutLabel: 'Layout',
  layoutCards: 'Cards',
  layoutCompact: 'Compact (one line per card)',
  refreshLabel: 'Refresh every (minutes, 0 = off)',
  placeholderTitle: 'Defender scores: this web part needs configuring',
  placeholderHint: 'Edit the web part and open its properties to fix:',
  mountFailed: 'The Defender scores could not be shown:',
  loadFailed: 'The Defender scores web part could not load its code:',
  wasmUnavailable: (status) => `The file with the web part's code (.wasm) was not served: HTTP status ${status}.`,
  sourceInvalid:
    'Choose where the scores come from: "delegated" (each viewer signs in) or "snapshot" (a published folder).',
  snapshotUrlRequired:
    'Enter the URL of the folder the publisher writes, e.g. /sites/security/Shared Documents/defender/.',
  snapshotUrlNotWeb: 'The snapshot folder must be an https:// URL or a path on this site\'s host starting with "/".',
  snapshotUrlQuery: 'The snapshot folder URL must not have a query (?) or a fragment (#).',
  apiBaseInvalid: 'The API base must be empty (the cloud\'s Defender API) or an https:// URL of a same-origin proxy.',
  cloudInvalid: (clouds) => `The cloud must be one of ${clouds}.`,
  regionInvalid: (regions) => `The region must be empty or one of ${regions}.`,
  regionCommercialOnly: 'A region applies to the commercial cloud only; leave it empty for US Government clouds.',
  cardsEmpty: (cards) => `Name at least one card: ${cards} (comma separated).`,
  cardUnknown: (card, cards) => `Unknown card "${card}": the cards are ${cards} (comma separated).`,
  cardRepeated: (card) => `The card "${card}" is named twice.`,
  layoutInvalid: 'The layout must be "cards" or "compact".',
  recommendationsTopInvalid: (max) => `The number of recommendations must be a whole number from 1 to ${max}.`,
  refreshInvalid: (max) => `The refresh period must be a whole number of minutes from 0 (off) to ${max}.`
};

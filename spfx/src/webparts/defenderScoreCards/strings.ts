// What the web part and its property pane say (English).

/** Property pane and placeholder text. */
export const strings = {
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
  regionLabel: 'Region (commercial cloud, optional)',
  regionNone: 'Default host',
  displayGroup: 'Display',
  cardsLabel: 'Cards',
  cardsDescription: 'Comma separated: exposure, device, groups',
  layoutLabel: 'Layout',
  layoutCards: 'Cards',
  layoutCompact: 'Compact (one line per card)',
  refreshLabel: 'Refresh every (minutes, 0 = off)',
  placeholderTitle: 'Defender scores: this web part needs configuring',
  placeholderHint: 'Edit the web part and open its properties to fix:',
  mountFailed: 'The Defender scores could not be shown:',
  loadFailed: 'The Defender scores web part could not load its code:',
  corsHint:
    'The browser could not reach the Defender API. Direct calls from SharePoint pages depend on the API\'s ' +
    'cross-origin (CORS) behaviour, which Microsoft does not document. Ask the site owner to switch this web ' +
    'part to snapshot mode (a folder published by defender-score-publisher).'
};

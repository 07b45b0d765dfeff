// Deutsch.

import type { IStrings } from '../strings';

/** The web part's texts in German. */
export const de: IStrings = {
  paneDescription:
    'Microsoft Defender-Bewertungen als Karten: Gefährdung, Sicherheitsbewertung für Geräte und Gerätegruppen.',
  sourceGroup: 'Woher die Bewertungen kommen',
  sourceLabel: 'Quelle',
  sourceDelegated: 'Delegiert: das eigene Token jeder Person, die die Seite ansieht (API-Genehmigung nötig)',
  sourceSnapshot: 'Snapshot: ein Ordner, den defender-score-publisher schreibt (kein Token)',
  snapshotUrlLabel: 'URL des Snapshot-Ordners',
  snapshotUrlDescription: 'Snapshot-Modus: z. B. /sites/security/Shared Documents/defender/',
  apiBaseLabel: 'API-Basis-URL (optional)',
  apiBaseDescription:
    'Delegierter Modus: leer lassen für die Defender-API der Cloud oder einen Proxy mit demselben Ursprung angeben.',
  cloudLabel: 'Cloud',
  cloudCommercial: 'Kommerziell (weltweit)',
  regionLabel: 'Region (kommerzielle Cloud, optional)',
  regionNone: 'Standardhost',
  displayGroup: 'Anzeige',
  cardsLabel: 'Karten',
  cardsDescription:
    'Durch Kommas getrennt: exposure, device, groups;' +
    ' recommendations hinzufügen für die wichtigsten Sicherheitsempfehlungen (erfordert SecurityRecommendation.Read)',
  recommendationsTopLabel: 'Angezeigte Empfehlungen (1 bis 20)',
  recommendationsTopDescription:
    'Die Sicherheitsempfehlungen, die die Gefährdungsbewertung am stärksten senken, die wichtigste zuerst.',
  layoutLabel: 'Layout',
  layoutCards: 'Karten',
  layoutCompact: 'Kompakt (eine Zeile pro Karte)',
  refreshLabel: 'Aktualisierungsintervall (Minuten, 0 = aus)',
  placeholderTitle: 'Defender-Bewertungen: Dieses Webpart muss konfiguriert werden',
  placeholderHint: 'Bearbeiten Sie das Webpart und öffnen Sie seine Eigenschaften, um Folgendes zu beheben:',
  mountFailed: 'Die Defender-Bewertungen konnten nicht angezeigt werden:',
  loadFailed: 'Das Webpart für die Defender-Bewertungen konnte seinen Code nicht laden:',
  wasmUnavailable: (status) => `Die Datei mit dem Code des Webparts (.wasm) wurde nicht geliefert: HTTP-Status ${status}.`,
  sourceInvalid:
    'Wählen Sie, woher die Bewertungen kommen: „delegated“ (jede Person meldet sich an) oder „snapshot“ ' +
    '(ein veröffentlichter Ordner).',
  snapshotUrlRequired:
    'Geben Sie die URL des Ordners ein, den defender-score-publisher schreibt, z. B. ' +
    '/sites/security/Shared Documents/defender/.',
  snapshotUrlNotWeb:
    'Der Snapshot-Ordner muss eine https://-URL sein oder ein Pfad auf dem Host dieser Website, der mit „/“ beginnt.',
  snapshotUrlQuery: 'Die URL des Snapshot-Ordners darf keine Abfrage (?) und kein Fragment (#) enthalten.',
  apiBaseInvalid:
    'Die API-Basis muss leer sein (die Defender-API der Cloud) oder die https://-URL eines Proxys mit demselben Ursprung.',
  cloudInvalid: (clouds) => `Die Cloud muss eine der folgenden sein: ${clouds}.`,
  regionInvalid: (regions) => `Die Region muss leer oder eine der folgenden sein: ${regions}.`,
  regionCommercialOnly:
    'Eine Region gilt nur für die kommerzielle Cloud; lassen Sie sie für US Government-Clouds leer.',
  cardsEmpty: (cards) => `Nennen Sie mindestens eine Karte: ${cards} (durch Kommas getrennt).`,
  cardUnknown: (card, cards) => `Unbekannte Karte „${card}“: Die Karten sind ${cards} (durch Kommas getrennt).`,
  cardRepeated: (card) => `Die Karte „${card}“ ist doppelt genannt.`,
  layoutInvalid: 'Das Layout muss „cards“ oder „compact“ sein.',
  recommendationsTopInvalid: (max) => `Die Anzahl der Empfehlungen muss eine ganze Zahl von 1 bis ${max} sein.`,
  refreshInvalid: (max) =>
    `Das Aktualisierungsintervall muss eine ganze Zahl von Minuten von 0 (aus) bis ${max} sein.`
};

// Français.

import type { IStrings } from '../strings';

/** The web part's texts in French. */
export const fr: IStrings = {
  paneDescription:
    'Les scores Microsoft Defender sous forme de cartes : exposition, degré de sécurisation des appareils et ' +
    'groupes d’appareils.',
  sourceGroup: 'Provenance des scores',
  sourceLabel: 'Source',
  sourceDelegated: 'Déléguée : le jeton de chaque lecteur (nécessite l’approbation de l’accès à l’API)',
  sourceSnapshot: 'Snapshot : un dossier écrit par defender-score-publisher (sans jeton)',
  snapshotUrlLabel: 'URL du dossier du snapshot',
  snapshotUrlDescription: 'Mode snapshot : p. ex. /sites/security/Shared Documents/defender/',
  apiBaseLabel: 'URL de base de l’API (facultatif)',
  apiBaseDescription:
    'Mode délégué : laissez vide pour l’API Defender du cloud, ou indiquez un proxy de même origine.',
  cloudLabel: 'Cloud',
  cloudCommercial: 'Commercial (mondial)',
  regionLabel: 'Région (cloud commercial, facultatif)',
  regionNone: 'Hôte par défaut',
  displayGroup: 'Affichage',
  cardsLabel: 'Cartes',
  cardsDescription:
    'Séparées par des virgules : exposure, device, groups ;' +
    ' ajoutez recommendations pour les principales recommandations de sécurité (nécessite SecurityRecommendation.Read)',
  recommendationsTopLabel: 'Recommandations affichées (de 1 à 20)',
  recommendationsTopDescription:
    'Les recommandations de sécurité qui réduisent le plus le score d’exposition, la principale en premier.',
  layoutLabel: 'Disposition',
  layoutCards: 'Cartes',
  layoutCompact: 'Compacte (une ligne par carte)',
  refreshLabel: 'Intervalle d’actualisation (minutes, 0 = désactivé)',
  placeholderTitle: 'Scores Defender : ce composant WebPart doit être configuré',
  placeholderHint: 'Modifiez le composant WebPart et ouvrez ses propriétés pour corriger :',
  mountFailed: 'Les scores Defender n’ont pas pu être affichés :',
  loadFailed: 'Le composant WebPart des scores Defender n’a pas pu charger son code :',
  wasmUnavailable: (status) => `Le fichier du code du composant WebPart (.wasm) n’a pas été fourni : statut HTTP ${status}.`,
  sourceInvalid:
    'Choisissez la provenance des scores : « delegated » (chaque lecteur se connecte) ou « snapshot » ' +
    '(un dossier publié).',
  snapshotUrlRequired:
    'Saisissez l’URL du dossier qu’écrit defender-score-publisher, p. ex. /sites/security/Shared Documents/defender/.',
  snapshotUrlNotWeb:
    'Le dossier du snapshot doit être une URL https:// ou un chemin sur l’hôte de ce site commençant par « / ».',
  snapshotUrlQuery: 'L’URL du dossier du snapshot ne doit contenir ni requête (?) ni fragment (#).',
  apiBaseInvalid:
    'La base de l’API doit être vide (l’API Defender du cloud) ou l’URL https:// d’un proxy de même origine.',
  cloudInvalid: (clouds) => `Le cloud doit être l’un de ceux-ci : ${clouds}.`,
  regionInvalid: (regions) => `La région doit être vide ou l’une de celles-ci : ${regions}.`,
  regionCommercialOnly:
    'Une région ne s’applique qu’au cloud commercial ; laissez-la vide pour les clouds US Government.',
  cardsEmpty: (cards) => `Indiquez au moins une carte : ${cards} (séparées par des virgules).`,
  cardUnknown: (card, cards) => `Carte inconnue « ${card} » : les cartes sont ${cards} (séparées par des virgules).`,
  cardRepeated: (card) => `La carte « ${card} » est indiquée deux fois.`,
  layoutInvalid: 'La disposition doit être « cards » ou « compact ».',
  recommendationsTopInvalid: (max) => `Le nombre de recommandations doit être un nombre entier de 1 à ${max}.`,
  refreshInvalid: (max) =>
    `L’intervalle d’actualisation doit être un nombre entier de minutes de 0 (désactivé) à ${max}.`
};

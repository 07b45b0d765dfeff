// What the web part and its property pane say, in the widget's eight languages, and how
// the page's culture picks one.
//
// One typed table per language in loc/ (loc/en.ts, loc/da.ts, ...), bundled with the web
// part, rather than SPFx's `localizedResources`: the language is picked here by the same rule
// the widget uses for the cards (the culture's primary subtag, `nl-BE` -> Dutch, else
// English), so the pane and the cards never disagree; the packaged web part stays one AMD
// module with nothing but SharePoint's runtime to resolve; and a missing or extra text in any
// language is a compile error (each table is an `IStrings`).

import { da } from './loc/da';
import { de } from './loc/de';
import { en } from './loc/en';
import { es } from './loc/es';
import { fr } from './loc/fr';
import { ja } from './loc/ja';
import { nl } from './loc/nl';
import { sv } from './loc/sv';

/** Every text of the web part, its property pane, placeholder and messages, in one language. */
export interface IStrings {
  /** The pane's header: what the web part shows. */
  readonly paneDescription: string;
  /** The pane group about where the scores come from. */
  readonly sourceGroup: string;
  /** Label of the source dropdown. */
  readonly sourceLabel: string;
  /** The delegated source, as the dropdown offers it. */
  readonly sourceDelegated: string;
  /** The snapshot source, as the dropdown offers it. */
  readonly sourceSnapshot: string;
  /** Label of the snapshot folder URL field. */
  readonly snapshotUrlLabel: string;
  /** Under the snapshot folder URL field: an example. */
  readonly snapshotUrlDescription: string;
  /** Label of the API base field. */
  readonly apiBaseLabel: string;
  /** Under the API base field. */
  readonly apiBaseDescription: string;
  /** Label of the cloud dropdown. */
  readonly cloudLabel: string;
  /** The commercial (worldwide) cloud in the cloud dropdown; the US Government clouds keep their names. */
  readonly cloudCommercial: string;
  /** Label of the region dropdown. */
  readonly regionLabel: string;
  /** The region dropdown's empty choice. */
  readonly regionNone: string;
  /** The pane group about how the cards look. */
  readonly displayGroup: string;
  /** Label of the cards field. */
  readonly cardsLabel: string;
  /** Under the cards field: the card names, which stay as typed, and the opt-in recommendations card. */
  readonly cardsDescription: string;
  /** Label of the field for the number of recommendations (shown when that card is on). */
  readonly recommendationsTopLabel: string;
  /** Under that field: what the rows are. */
  readonly recommendationsTopDescription: string;
  /** Label of the layout dropdown. */
  readonly layoutLabel: string;
  /** The default layout, as the dropdown offers it. */
  readonly layoutCards: string;
  /** The compact layout, as the dropdown offers it. */
  readonly layoutCompact: string;
  /** Label of the refresh period field. */
  readonly refreshLabel: string;
  /** The placeholder's heading when stored properties are wrong. */
  readonly placeholderTitle: string;
  /** The placeholder's sentence before the list of problems. */
  readonly placeholderHint: string;
  /** Before the widget's own message when it refused the options. */
  readonly mountFailed: string;
  /** Before the reason the web part's code (the wasm) did not load. */
  readonly loadFailed: string;
  /** After [[loadFailed]]: the wasm file was answered with HTTP `status`. */
  readonly wasmUnavailable: (status: string) => string;
  /** Validation: the source is neither delegated nor snapshot. */
  readonly sourceInvalid: string;
  /** Validation: snapshot mode without a folder. */
  readonly snapshotUrlRequired: string;
  /** Validation: the folder is not an https:// URL or a path on this host. */
  readonly snapshotUrlNotWeb: string;
  /** Validation: the folder URL has a query or a fragment. */
  readonly snapshotUrlQuery: string;
  /** Validation: the API base is neither empty nor an https:// URL. */
  readonly apiBaseInvalid: string;
  /** Validation: an unknown cloud; `clouds` lists the known ones. */
  readonly cloudInvalid: (clouds: string) => string;
  /** Validation: an unknown region; `regions` lists the known ones. */
  readonly regionInvalid: (regions: string) => string;
  /** Validation: a region with a US Government cloud. */
  readonly regionCommercialOnly: string;
  /** Validation: no card named; `cards` lists them. */
  readonly cardsEmpty: (cards: string) => string;
  /** Validation: an unknown card `card`; `cards` lists the known ones. */
  readonly cardUnknown: (card: string, cards: string) => string;
  /** Validation: the card `card` is named twice. */
  readonly cardRepeated: (card: string) => string;
  /** Validation: an unknown layout. */
  readonly layoutInvalid: string;
  /** Validation: the number of recommendations is not a whole number from 1 to `max`. */
  readonly recommendationsTopInvalid: (max: string) => string;
  /** Validation: the refresh period is not a whole number of minutes from 0 to `max`. */
  readonly refreshInvalid: (max: string) => string;
}

/** The languages the web part speaks: the widget's (core/src/i18n/), English first. */
export const LANGUAGES = ['en', 'da', 'de', 'es', 'fr', 'ja', 'nl', 'sv'] as const;

/** A language the web part speaks. */
export type Language = (typeof LANGUAGES)[number];

/** Every language's texts: a language without its table, or a table short of a text, does not compile. */
export const STRINGS: { readonly [L in Language]: IStrings } = { en, da, de, es, fr, ja, nl, sv };

/**
 * The language of a culture name such as SharePoint's `currentUICultureName` ("da-DK"), by
 * its primary subtag as the widget picks its own (`nl-BE` is Dutch); English when the
 * culture is missing or not spoken.
 */
export function languageOf(culture: unknown): Language {
  if (typeof culture !== 'string') return 'en';
  const primary = culture.trim().split(/[-_]/)[0].toLowerCase();
  return (LANGUAGES as readonly string[]).indexOf(primary) >= 0 ? (primary as Language) : 'en';
}

/** The texts for a culture name (see [[languageOf]]). */
export function stringsFor(culture: unknown): IStrings {
  return STRINGS[languageOf(culture)];
}

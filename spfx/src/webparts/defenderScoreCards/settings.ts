// The web part's properties, what each may hold, and the widget options they
// become. Pure: no SPFx and no DOM, so the property pane, the placeholder and
// the tests share one reading of every field. Messages are in the page's language:
// the caller passes its texts (strings.ts).

import type { IStrings } from './strings';

/** Where the scores come from. */
export type Source = 'delegated' | 'snapshot';

/** The web part's stored properties, as the property pane edits them (all text). */
export interface IDefenderScoreCardsProperties {
  /** "delegated" (the signed-in user's token) or "snapshot" (a published folder). */
  source: string;
  /** Snapshot mode: the folder the publisher writes (absolute, or a path on this site's host). */
  snapshotUrl: string;
  /** Delegated mode, optional: a same-origin reverse proxy in front of the Defender API. */
  apiBase: string;
  /** "commercial", "gcc", "gcc-high" or "dod". */
  cloud: string;
  /** Commercial only, optional geo host: "us", "eu", "uk", "au", "swa", "ina", "aea". */
  region: string;
  /** Comma list of "exposure", "device", "groups" and (opt-in) "recommendations". */
  cards: string;
  /** How many recommendations the recommendations card shows, 1 to 20 (used when that card is on). */
  recommendationsTop: string;
  /** "cards" (default) or "compact". */
  layout: string;
  /** Minutes between automatic refreshes, 0 (off) to 1440. */
  refreshMinutes: string;
}

/** Every cloud, as the widget spells them. */
export const CLOUDS: readonly string[] = ['commercial', 'gcc', 'gcc-high', 'dod'];
/** Every commercial geo region, as the widget spells them. */
export const REGIONS: readonly string[] = ['us', 'eu', 'uk', 'au', 'swa', 'ina', 'aea'];
/** Every card, in the widget's order; the last is opt-in (not in [[DEFAULTS]]). */
export const CARDS: readonly string[] = ['exposure', 'device', 'groups', 'recommendations'];
/** The card with the top security recommendations (needs SecurityRecommendation.Read). */
export const RECOMMENDATIONS: string = 'recommendations';
/** The most rows the recommendations card shows (the widget's `recommendationsTop` range is 1 to this). */
export const MAX_RECOMMENDATIONS_TOP: number = 20;
/** The widget's layouts. */
export const LAYOUTS: readonly string[] = ['cards', 'compact'];
/** The longest refresh period, a day, in minutes. */
export const MAX_REFRESH_MINUTES: number = 1440;

/** The default properties (the manifest's preconfigured entry says the same). */
export const DEFAULTS: IDefenderScoreCardsProperties = {
  source: 'delegated',
  snapshotUrl: '',
  apiBase: '',
  cloud: 'commercial',
  region: '',
  cards: 'exposure,device,groups',
  recommendationsTop: '5',
  layout: 'cards',
  refreshMinutes: '15'
};

/**
 * The resource a delegated token is requested for (its audience), per cloud:
 * what `aadTokenProviderFactory` gets, and what the tenant admin approves as
 * WindowsDefenderATP / Score.Read and SecurityRecommendation.Read. One resource for every
 * card: SharePoint's token for it holds every scope the admin approved, so the widget's
 * scopes (`<resource>/Score.Read`, `<resource>/SecurityRecommendation.Read`) need no
 * token of their own.
 */
export function tokenResource(cloud: string): string {
  switch (cloud) {
    case 'gcc':
      return 'https://api-gcc.securitycenter.microsoft.us';
    case 'gcc-high':
    case 'dod':
      return 'https://api-gov.securitycenter.microsoft.us';
    default:
      return 'https://api.securitycenter.microsoft.com';
  }
}

/** Text of a property that may be missing or not a string in stored JSON. */
function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' && isFinite(value)) return String(value);
  return '';
}

/** The source, or an error message ('' when fine). */
export function validateSource(value: unknown, strings: IStrings): string {
  const source = text(value);
  return source === 'delegated' || source === 'snapshot' ? '' : strings.sourceInvalid;
}

/** Whether `host` is this machine (http is allowed there, for local tests). */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** An absolute http(s) URL, or undefined. */
function parseWebUrl(value: string, base?: string): URL | undefined {
  try {
    const url = base === undefined ? new URL(value) : new URL(value, base);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname))) {
      return url;
    }
  } catch {
    // not a URL: said below
  }
  return undefined;
}

/** The snapshot folder URL (required in snapshot mode, checked whenever given), or an error message. */
export function validateSnapshotUrl(value: unknown, source: unknown, strings: IStrings): string {
  const url = text(value);
  if (!url) return text(source) === 'snapshot' ? strings.snapshotUrlRequired : '';
  const parsed = url.startsWith('/') ? parseWebUrl(url, 'https://example.invalid') : parseWebUrl(url);
  if (!parsed) return strings.snapshotUrlNotWeb;
  if (parsed.search || parsed.hash) return strings.snapshotUrlQuery;
  return '';
}

/** The optional API base (a same-origin proxy), or an error message. */
export function validateApiBase(value: unknown, strings: IStrings): string {
  const url = text(value);
  if (!url) return '';
  const parsed = url.startsWith('/') ? parseWebUrl(url, 'https://example.invalid') : parseWebUrl(url);
  return parsed ? '' : strings.apiBaseInvalid;
}

/** The cloud, or an error message. */
export function validateCloud(value: unknown, strings: IStrings): string {
  return CLOUDS.indexOf(text(value) || 'commercial') >= 0 ? '' : strings.cloudInvalid(CLOUDS.join(', '));
}

/** The region (commercial only, optional), or an error message. */
export function validateRegion(value: unknown, cloud: unknown, strings: IStrings): string {
  const region = text(value);
  if (!region) return '';
  if (REGIONS.indexOf(region) < 0) return strings.regionInvalid(REGIONS.join(', '));
  if ((text(cloud) || 'commercial') !== 'commercial') return strings.regionCommercialOnly;
  return '';
}

/** The cards as a list (unknown names kept, for the message). */
export function cardList(value: unknown): string[] {
  return text(value)
    .split(',')
    .map((card) => card.trim())
    .filter((card) => card.length > 0);
}

/** The card list, or an error message. */
export function validateCards(value: unknown, strings: IStrings): string {
  const cards = cardList(value);
  if (cards.length === 0) return strings.cardsEmpty(CARDS.join(', '));
  const unknown = cards.filter((card) => CARDS.indexOf(card) < 0);
  if (unknown.length > 0) return strings.cardUnknown(unknown[0], CARDS.join(', '));
  const repeated = cards.filter((card, index) => cards.indexOf(card) !== index);
  if (repeated.length > 0) return strings.cardRepeated(repeated[0]);
  return '';
}

/** Whether the cards (valid or not) include the recommendations card. */
export function showsRecommendations(cards: unknown): boolean {
  return cardList(cards).indexOf(RECOMMENDATIONS) >= 0;
}

/** The number of recommendation rows (checked only when that card is on), or an error message. */
export function validateRecommendationsTop(value: unknown, cards: unknown, strings: IStrings): string {
  if (!showsRecommendations(cards)) return '';
  const top = text(value);
  if (!/^\d+$/.test(top) || Number(top) < 1 || Number(top) > MAX_RECOMMENDATIONS_TOP) {
    return strings.recommendationsTopInvalid(String(MAX_RECOMMENDATIONS_TOP));
  }
  return '';
}

/** The layout, or an error message. */
export function validateLayout(value: unknown, strings: IStrings): string {
  return LAYOUTS.indexOf(text(value) || 'cards') >= 0 ? '' : strings.layoutInvalid;
}

/** The refresh period in minutes, or an error message. */
export function validateRefreshMinutes(value: unknown, strings: IStrings): string {
  const minutes = text(value);
  if (!/^\d+$/.test(minutes) || Number(minutes) > MAX_REFRESH_MINUTES) {
    return strings.refreshInvalid(String(MAX_REFRESH_MINUTES));
  }
  return '';
}

/** Every problem with `properties`, one message per field, in pane order, in `strings`' language. */
export function problems(properties: Partial<IDefenderScoreCardsProperties>, strings: IStrings): string[] {
  return [
    validateSource(properties.source, strings),
    validateSnapshotUrl(properties.snapshotUrl, properties.source, strings),
    validateApiBase(properties.apiBase, strings),
    validateCloud(properties.cloud, strings),
    validateRegion(properties.region, properties.cloud, strings),
    validateCards(properties.cards, strings),
    validateRecommendationsTop(properties.recommendationsTop, properties.cards, strings),
    validateLayout(properties.layout, strings),
    validateRefreshMinutes(properties.refreshMinutes, strings)
  ].filter((message) => message !== '');
}

/** What `getToken` the widget is given: the widget's request, answered with a token. */
export type GetToken = (request: { scopes?: string[]; forceRefresh?: boolean }) => Promise<string>;

/** The widget's `mount` options (the part this web part sets). */
export interface IMountOptions {
  snapshot?: string;
  getToken?: GetToken;
  apiBase?: string;
  cloud?: string;
  region?: string;
  cards: string[];
  recommendationsTop?: number;
  layout?: string;
  refreshSeconds: number;
  allowedOrigins?: string[];
  theme?: string;
}

/**
 * The widget options for valid `properties` on a page at `pageUrl`; `getToken`
 * is used in delegated mode only. Call [[problems]] first: this assumes none.
 */
export function mountOptions(
  properties: IDefenderScoreCardsProperties,
  pageUrl: string,
  getToken: GetToken
): IMountOptions {
  const cloud = text(properties.cloud) || 'commercial';
  const options: IMountOptions = {
    cards: cardList(properties.cards),
    refreshSeconds: Number(text(properties.refreshMinutes)) * 60,
    layout: text(properties.layout) || 'cards'
  };
  if (showsRecommendations(properties.cards)) options.recommendationsTop = Number(text(properties.recommendationsTop));
  if (text(properties.source) === 'snapshot') {
    const folder = new URL(text(properties.snapshotUrl), pageUrl);
    options.snapshot = folder.href;
    // The folder may sit on another intranet host the editor chose; no token goes there.
    if (folder.origin !== new URL(pageUrl).origin) options.allowedOrigins = [folder.origin];
    return options;
  }
  options.getToken = getToken;
  options.cloud = cloud;
  const region = text(properties.region);
  if (region) options.region = region;
  const apiBase = text(properties.apiBase);
  if (apiBase) options.apiBase = new URL(apiBase, pageUrl).href.replace(/\/$/, '');
  return options;
}

// Loading the widget's ES module and its wasm from this package's own assets.

import init, { mount } from '../../../../pkg/defender_score_cards.js';
import type { ScoreCardsHandle, ScoreCardsOptions } from '../../../../pkg/defender_score_cards.js';

export type { ScoreCardsHandle };
export { mount };

/** The widget's options as `mount` takes them. */
export type WidgetOptions = ScoreCardsOptions;

/**
 * The wasm file, emitted by webpack beside the bundle (an asset module) and
 * packed into the .sppkg; its URL follows wherever SharePoint serves the
 * package's assets from (ClientSideAssets or the Office 365 CDN).
 */
const WASM_URL: URL = new URL('../../../../pkg/defender_score_cards_bg.wasm', import.meta.url);

/** The one load of the wasm on this page; every web part instance shares it. */
let loading: Promise<void> | undefined;

/**
 * Loads the wasm once. When the asset host serves it without the
 * `application/wasm` type, streaming compilation would fail (and wasm-bindgen
 * would warn on the console), so the bytes are compiled instead.
 */
export function loadWidget(): Promise<void> {
  if (!loading) {
    loading = fetchWasm()
      .then((source) => init({ module_or_path: source }))
      .then(
        () => undefined,
        (error: unknown) => {
          // The next render tries again (a network blip should not need a page reload).
          loading = undefined;
          throw error;
        }
      );
  }
  return loading;
}

/** The wasm file was answered with an HTTP error; the web part says so in the page's language. */
export class WasmHttpError extends Error {
  /** The HTTP status the wasm file was answered with. */
  public readonly status: number;

  public constructor(status: number) {
    super(`The web part's wasm file could not be loaded (HTTP ${status}).`);
    this.name = 'WasmHttpError';
    this.status = status;
  }
}

async function fetchWasm(): Promise<Response | ArrayBuffer> {
  const response = await fetch(WASM_URL.href, { credentials: 'same-origin' });
  if (!response.ok) {
    throw new WasmHttpError(response.status);
  }
  const type = (response.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
  return type === 'application/wasm' ? response : response.arrayBuffer();
}

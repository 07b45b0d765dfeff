// Pictures of the card states: which ones the visual test compares and the
// docs show, and a pixel comparison done in the browser (a canvas reads
// both PNGs), so no image library is needed.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

/** The stored references of the visual test, one PNG per entry of VISUAL. */
export const REFERENCES_DIR = path.join(here, "..", "visual");

/** One picture: a state (support/states.mjs) and a view, its missing fields DEFAULT_VIEW's. */
const pic = (state, theme, locale, size = "cards-960") => {
  const [layout, width] = size.split("-");
  return { state, view: { theme, locale, layout, width: Number(width) } };
};

/**
 * What tests/e2e/visual.mjs compares: a representative few of the pictures
 * `cargo xtask screenshots` renders (every state in every view is too many to
 * keep in the repository, and to compare in every test run). Every column
 * width in the cards layout; the compact layout at the narrowest and widest
 * column; dark; a SharePoint strong section; an error said once for all cards
 * and an error on one card; stale; the sign-in button; a long language.
 */
export const VISUAL = [
  pic("ready-trend", "light", "en", "cards-320"),
  pic("ready-trend", "light", "en", "cards-640"),
  pic("ready-trend", "light", "en"),
  pic("ready-trend", "light", "en", "cards-1200"),
  pic("ready-trend", "light", "en", "compact-320"),
  pic("ready-trend", "light", "en", "compact-1200"),
  pic("ready-medium", "light", "en"),
  pic("ready-medium", "strong", "en"),
  pic("ready-medium", "strong", "en", "compact-320"),
  pic("ready-high", "dark", "en"),
  pic("ready-high", "dark", "en", "compact-320"),
  pic("forbidden", "light", "en"),
  pic("forbidden-groups", "light", "en", "cards-640"),
  pic("stale", "light", "en"),
  pic("sign-in", "dark", "en"),
  pic("network", "light", "nl-NL"),
  // Four cards, the recommendations card among them: both themes at the narrowest and widest
  // column, both layouts, its error, loading and empty states.
  pic("recommendations", "light", "en", "cards-320"),
  pic("recommendations", "dark", "en", "cards-320"),
  pic("recommendations", "light", "en", "cards-1200"),
  pic("recommendations", "dark", "en", "cards-1200"),
  pic("recommendations", "light", "en", "compact-320"),
  pic("recommendations", "dark", "en", "compact-1200"),
  pic("recommendations-forbidden", "light", "en"),
  pic("recommendations-loading", "light", "en", "cards-640"),
  pic("recommendations-none", "dark", "en", "cards-640"),
];

/** What the docs show (docs/screenshots/). */
export const DOCS = [
  pic("ready-trend", "light", "en"),
  pic("ready-medium", "light", "en"),
  pic("ready-medium", "dark", "en"),
  pic("stale", "light", "en"),
  pic("forbidden", "light", "en"),
  pic("ready-low", "dark", "nl-NL"),
  pic("ready-trend", "light", "en", "compact-320"),
  pic("ready-medium", "strong", "en"),
  pic("recommendations", "light", "en", "cards-1200"),
  pic("recommendations", "light", "en", "compact-320"),
  pic("recommendations-forbidden", "light", "en"),
];

/**
 * How different two pictures may be: a pixel counts as changed when one of
 * its channels differs by more than `channel` (out of 255), and a comparison
 * fails when more than `share` of the pixels changed, or the sizes differ.
 * Two renderings by the same build differ by at most 1/255 on a few dozen
 * anti-aliased corner pixels. A band colour darkened from #8a5300 to #7a4a00
 * (channels move by 16 and 9) changes about 0.25% of a picture, so it fails;
 * so does any text moved by a pixel. A change to a few letters may pass.
 */
export const TOLERANCE = { channel: 8, share: 0.0005 };

/**
 * Compares two PNGs (Buffers) in `page` (any page; a blank one will do).
 * Resolves to { same size, width, height, changed, share, diffPng }: the diff
 * is the reference, faded, with every changed pixel in magenta.
 */
export async function comparePngs(page, actual, reference, tolerance = TOLERANCE) {
  const result = await page.evaluate(
    async ({ actual, reference, channel }) => {
      const load = async (base64) => {
        const image = new Image();
        image.src = `data:image/png;base64,${base64}`;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = image.naturalWidth;
        canvas.height = image.naturalHeight;
        const context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(image, 0, 0);
        return { canvas, context, data: context.getImageData(0, 0, canvas.width, canvas.height) };
      };
      const [a, r] = await Promise.all([load(actual), load(reference)]);
      const size = { width: a.canvas.width, height: a.canvas.height, refWidth: r.canvas.width, refHeight: r.canvas.height };
      if (size.width !== size.refWidth || size.height !== size.refHeight) return { ...size, sameSize: false };
      const diff = r.context.createImageData(size.width, size.height);
      let changed = 0;
      for (let i = 0; i < a.data.data.length; i += 4) {
        let most = 0;
        for (let k = 0; k < 4; k += 1) most = Math.max(most, Math.abs(a.data.data[i + k] - r.data.data[i + k]));
        if (most > channel) {
          changed += 1;
          diff.data.set([255, 0, 255, 255], i);
        } else {
          const grey = (r.data.data[i] + r.data.data[i + 1] + r.data.data[i + 2]) / 3;
          diff.data.set([grey, grey, grey, 64], i);
        }
      }
      r.context.putImageData(diff, 0, 0);
      const diffPng = r.canvas.toDataURL("image/png").split(",")[1];
      return { ...size, sameSize: true, changed, share: changed / (size.width * size.height), diffPng };
    },
    { actual: actual.toString("base64"), reference: reference.toString("base64"), channel: tolerance.channel },
  );
  return { ...result, diffPng: result.diffPng ? Buffer.from(result.diffPng, "base64") : undefined };
}

/** Whether a comparison is within `tolerance`; with a sentence saying why not. */
export function verdict(comparison, tolerance = TOLERANCE) {
  if (!comparison.sameSize) {
    return {
      ok: false,
      why: `size ${comparison.width}x${comparison.height}, reference ${comparison.refWidth}x${comparison.refHeight}`,
    };
  }
  const percent = (comparison.share * 100).toFixed(3);
  const ok = comparison.share <= tolerance.share;
  return {
    ok,
    why: `${comparison.changed} pixels (${percent}%) differ by more than ${tolerance.channel}/255; at most ${(tolerance.share * 100).toFixed(3)}% may`,
  };
}

/** Writes `bytes` to `file`, creating its directory. */
export function writeFile(file, bytes) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
}

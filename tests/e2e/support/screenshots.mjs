// `cargo xtask screenshots`: every card state (support/states.mjs) as PNGs of
// the cards' host element, against the emulator xtask started (E2E_BASE_URL).
// Not a test: it writes pictures. Each state is shown
// - in the default layout and width (cards, 960 px) in every theme (light,
//   dark, a SharePoint strong section) and language (English, Dutch);
// - at every host width (320, 640, 960, 1,200 px) in both layouts (cards,
//   compact), in every theme, in English.
//
//   node screenshots.mjs --out DIR [--references DIR] [--docs DIR]
//
// --out         every picture, named by states.mjs pictureName:
//               <state>-<theme>-<language>.png in the default layout and width,
//               <state>-<layout>-<width>-<theme>-<language>.png otherwise
// --references  also write the visual test's pictures (pictures.mjs VISUAL) there
// --docs        also write the docs' pictures (pictures.mjs DOCS) there
// Other PNGs in those two directories are removed: they hold exactly the lists.

import fs from "node:fs";
import path from "node:path";

import { launchBrowser } from "../harness.mjs";
import { DOCS, VISUAL, writeFile } from "./pictures.mjs";
import { DEFAULT_VIEW, FIXED_TIME, LAYOUTS, LOCALES, STATES, THEMES, WIDTHS, fullView, pictureName, renderState, sizes } from "./states.mjs";

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    const key = { "--out": "out", "--references": "references", "--docs": "docs" }[flag];
    if (!key || !value) {
      console.error(`usage: node screenshots.mjs --out DIR [--references DIR] [--docs DIR]; got ${argv.join(" ")}`);
      process.exit(2);
    }
    options[key] = path.resolve(value);
  }
  if (!options.out) {
    console.error("--out DIR is required");
    process.exit(2);
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const picked = (list) => new Set(list.map(({ state, view }) => pictureName(state, view)));
const copies = [
  [options.references, picked(VISUAL)],
  [options.docs, picked(DOCS)],
].filter(([dir]) => dir);

/** The views every state is shown in, each once: see the top of this file. */
const views = (() => {
  const all = [
    ...THEMES.flatMap((theme) => LOCALES.map((locale) => fullView({ theme, locale }))),
    ...THEMES.flatMap((theme) => sizes(theme, DEFAULT_VIEW.locale)),
  ];
  const seen = new Set();
  return all.filter((view) => {
    const key = pictureName("x", view);
    return seen.has(key) ? false : seen.add(key);
  });
})();
console.log(
  `    ${STATES.length} states x ${views.length} views (${THEMES.join(", ")}; ${LOCALES.join(", ")}; ` +
    `${LAYOUTS.join(" and ")} at ${WIDTHS.join(", ")} px), clock paused at ${new Date(FIXED_TIME).toISOString()}, into ${options.out}`,
);
const started = Date.now();
const browser = await launchBrowser({ extraArgs: ["--force-color-profile=srgb"] });
const written = new Set();
try {
  for (const state of STATES) {
    let bytes = 0;
    for (const { view, png } of await renderState(browser, state, views)) {
      const name = pictureName(state, view);
      writeFile(path.join(options.out, name), png);
      written.add(name);
      bytes += png.length;
      for (const [dir, names] of copies) {
        if (names.has(name)) {
          writeFile(path.join(dir, name), png);
          console.log(`    also ${path.join(dir, name)}`);
        }
      }
    }
    console.log(`    ${state.name.padEnd(17)} ${state.title} (${views.length} pictures, ${Math.round(bytes / 1024)} KB)`);
  }
} finally {
  await browser.close();
}
for (const [dir, names] of copies) {
  const missing = [...names].filter((name) => !written.has(name));
  if (missing.length) {
    console.error(`support/pictures.mjs lists pictures no state renders: ${missing.join(", ")}`);
    process.exit(1);
  }
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".png") && !names.has(f))) {
    fs.rmSync(path.join(dir, file));
    console.log(`    removed ${path.join(dir, file)} (no longer listed in support/pictures.mjs)`);
  }
}
console.log(`    wrote ${written.size} pictures to ${options.out} in ${((Date.now() - started) / 1000).toFixed(0)} s`);

// `cargo xtask screenshots`: every card state (support/states.mjs) in light
// and dark, in English and Dutch, as PNGs of the cards' host element, against
// the emulator xtask started (E2E_BASE_URL). Not a test: it writes pictures.
//
//   node screenshots.mjs --out DIR [--references DIR] [--docs DIR]
//
// --out         every picture, <state>-<theme>-<language>.png
// --references  also write the visual test's pictures (pictures.mjs VISUAL) there
// --docs        also write the README's pictures (pictures.mjs DOCS) there
// Other PNGs in those two directories are removed: they hold exactly the lists.

import fs from "node:fs";
import path from "node:path";

import { launchBrowser } from "../harness.mjs";
import { DOCS, VISUAL, writeFile } from "./pictures.mjs";
import { FIXED_TIME, LOCALES, STATES, THEMES, pictureName, renderState } from "./states.mjs";

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
const picked = (list) => new Set(list.map(([state, theme, locale]) => pictureName(state, theme, locale)));
const copies = [
  [options.references, picked(VISUAL)],
  [options.docs, picked(DOCS)],
].filter(([dir]) => dir);

const views = THEMES.flatMap((theme) => LOCALES.map((locale) => ({ theme, locale })));
console.log(
  `    ${STATES.length} states x ${views.length} views, clock paused at ${new Date(FIXED_TIME).toISOString()}, into ${options.out}`,
);
const browser = await launchBrowser({ extraArgs: ["--force-color-profile=srgb"] });
let written = 0;
try {
  for (const state of STATES) {
    const sizes = [];
    for (const { view, png } of await renderState(browser, state, views)) {
      const name = pictureName(state, view.theme, view.locale);
      writeFile(path.join(options.out, name), png);
      written += 1;
      sizes.push(`${Math.round(png.length / 1024)} KB`);
      for (const [dir, names] of copies) {
        if (names.has(name)) {
          writeFile(path.join(dir, name), png);
          console.log(`    also ${path.join(dir, name)}`);
        }
      }
    }
    console.log(`    ${state.name.padEnd(17)} ${state.title} (${sizes.join(", ")})`);
  }
} finally {
  await browser.close();
}
for (const [dir, names] of copies) {
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".png") && !names.has(f))) {
    fs.rmSync(path.join(dir, file));
    console.log(`    removed ${path.join(dir, file)} (no longer listed in support/pictures.mjs)`);
  }
}
console.log(`    wrote ${written} pictures to ${options.out}`);

// Visual comparison: a representative few card states and views (support/
// pictures.mjs VISUAL: every column width in the cards layout, the compact
// layout at 320 and 1,200 px, dark, a SharePoint strong section, errors, stale)
// rendered exactly as `cargo xtask screenshots` renders them (support/
// states.mjs: a paused clock, fixed data, fixed viewport and scale, reduced
// motion) are compared pixel by pixel with the references in tests/e2e/visual/
// (a pixel counts as changed when a channel moves by more than 8/255; at most
// 0.05% may).
// So an unintended visual change fails here. On a failure the picture taken
// and a diff (changed pixels in magenta) are written to E2E_ARTIFACTS_DIR.
//
// After an intended change, refresh the references with
//   cargo xtask screenshots --update-references
// and look at the new PNGs before committing them.

import fs from "node:fs";
import path from "node:path";

import { assert, launchBrowser, runScenario } from "./harness.mjs";
import { REFERENCES_DIR, TOLERANCE, VISUAL, comparePngs, verdict, writeFile } from "./support/pictures.mjs";
import { FIXED_TIME, describeView, pictureName, renderState, stateNamed } from "./support/states.mjs";

const artifacts = process.env.E2E_ARTIFACTS_DIR ?? path.join(REFERENCES_DIR, "..", "..", "..", "target", "e2e", "visual");
const browser = await launchBrowser({ extraArgs: ["--force-color-profile=srgb"] });
const blank = await browser.newPage();

/** The VISUAL entries, grouped by state (one rendering per state). */
const byState = new Map();
for (const { state, view } of VISUAL) {
  if (!byState.has(state)) byState.set(state, []);
  byState.get(state).push(view);
}

/** Compares every picture (not stopping at the first difference) and lists the ones that differ. */
const compareAll = async () => {
  const failures = [];
  for (const [name, views] of byState) {
    const state = stateNamed(name);
    for (const { view, png } of await renderState(browser, state, views)) {
      const file = pictureName(state, view);
      const referenceFile = path.join(REFERENCES_DIR, file);
      if (!fs.existsSync(referenceFile)) {
        failures.push(`no reference ${referenceFile}`);
        continue;
      }
      const comparison = await comparePngs(blank, png, fs.readFileSync(referenceFile));
      const { ok, why } = verdict(comparison);
      console.log(`        ${ok ? "same" : "DIFFERENT"}  ${file}: ${why}`);
      if (!ok) {
        const actualFile = path.join(artifacts, file.replace(/\.png$/, ".actual.png"));
        writeFile(actualFile, png);
        let written = actualFile;
        if (comparison.diffPng) {
          const diffFile = path.join(artifacts, file.replace(/\.png$/, ".diff.png"));
          writeFile(diffFile, comparison.diffPng);
          written += ` and ${diffFile} (changed pixels in magenta)`;
        }
        failures.push(`${file} differs from the reference: ${why}; wrote ${written}`);
      }
    }
  }
  assert(
    failures.length === 0,
    `${failures.join("\n")}\nIf the change is intended, refresh the references: cargo xtask screenshots --update-references`,
  );
};

/** Identical pictures pass and a clearly changed one fails, so a pass below means something. */
const checkTheComparison = async () => {
  const [{ png }] = await renderState(browser, stateNamed("ready-medium"), [{ theme: "light", locale: "en" }]);
  const same = verdict(await comparePngs(blank, png, png));
  assert(same.ok, `a picture compared with itself: ${same.why}`);
  const changed = await blank.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = Object.assign(document.createElement("canvas"), { width: image.naturalWidth, height: image.naturalHeight });
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    context.fillStyle = "#ff0000";
    context.fillRect(0, 100, canvas.width, 2);
    return canvas.toDataURL("image/png").split(",")[1];
  }, png.toString("base64"));
  const other = verdict(await comparePngs(blank, Buffer.from(changed, "base64"), png));
  assert(!other.ok, `a picture with a red band passed: ${other.why}`);
};

await runScenario(
  `visual comparison with tests/e2e/visual/ (clock paused at ${new Date(FIXED_TIME).toISOString()})`,
  [
    [
      `the comparison itself: identical pictures pass, a 2-pixel-high red band fails (tolerance ${TOLERANCE.channel}/255, ${TOLERANCE.share * 100}%)`,
      checkTheComparison,
    ],
    [
      `${VISUAL.length} pictures match tests/e2e/visual/: ${VISUAL.map(({ state, view }) => `${state} (${describeView(view)})`).join("; ")}`,
      compareAll,
    ],
  ],
  () => browser.close(),
);

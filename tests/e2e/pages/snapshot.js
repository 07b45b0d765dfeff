// The cards in snapshot mode, as an intranet page embeds them: no token
// source at all, the publisher's folder on the page's origin (`?folder=`
// picks another). Records what the test needs in `window.e2e`.
import init, { mount } from "./pkg/defender_score_cards.js";

const e2e = { mounted: false, failure: null, events: [], handle: null };
window.e2e = e2e;
for (const type of ["defender-scores:loaded", "defender-scores:error"]) {
  document.addEventListener(type, (event) => {
    e2e.events.push({ type, detail: JSON.parse(JSON.stringify(event.detail)) });
  });
}
const params = new URLSearchParams(location.search);
const folder = params.get("folder") ?? "/snapshot/";
const options = { snapshot: folder, locale: "en-US", theme: "light" };
// `?cards=exposure,device,groups,recommendations` picks the cards.
if (params.has("cards")) options.cards = params.get("cards").split(",");
try {
  await init();
  e2e.handle = mount(document.getElementById("scores"), options);
  e2e.mounted = true;
} catch (error) {
  e2e.failure = String(error?.message ?? error);
}

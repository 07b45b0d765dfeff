// How tall the cards' frame stands, from the mount() call on, at the default font size: the
// formula of docs/embedding.md ("Reserve the space"), for a host to reserve the space before
// the module loads. A classic script: it runs before the page is first painted.
//   width   the host element's width in CSS px
//   layout  "cards" or "compact"
//   cards   the cards shown, in order (default: the three score cards)
function frameHeight(width, layout = "cards", cards = ["exposure", "device", "groups"]) {
  const compact = layout === "compact";
  const gap = compact ? 4 : 12;
  const tall = (card) => (compact ? (card === "recommendations" ? 50 : 30) : ["groups", "recommendations"].includes(card) ? 448 : 196);
  const columns = Math.max(1, Math.min(cards.length, Math.floor((width + 12) / 232)));
  let height = cards.length > 1 ? (compact ? 22 : width >= 800 ? 38 : 94) + gap : 0;
  for (let row = 0; row * columns < cards.length; row += 1) {
    height += (row ? gap : 0) + Math.max(...cards.slice(row * columns, (row + 1) * columns).map(tall));
  }
  return height;
}

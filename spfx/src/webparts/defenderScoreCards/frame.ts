// How tall the cards' frame stands from the first frame after mount(), at the
// widget's default font size: docs/embedding.md, "Reserve the space". The web
// part reserves it on its host before the module and the wasm have loaded, so
// the page below does not move when the cards come.

/** The cards' frame height in CSS px for a host `width` px wide, the `layout` and the `cards` shown. */
export function frameHeight(width: number, layout: string, cards: readonly string[]): number {
  if (cards.length === 0) return 0;
  const compact = layout === 'compact';
  const gap = compact ? 4 : 12;
  const tall = (card: string): number => {
    const list = card === 'groups' || card === 'recommendations';
    if (compact) return card === 'recommendations' ? 50 : 30;
    return list ? 448 : 196;
  };
  const columns = Math.max(1, Math.min(cards.length, Math.floor((width + 12) / 232)));
  let height = cards.length > 1 ? (compact ? 22 : width >= 800 ? 38 : 94) + gap : 0;
  for (let row = 0; row * columns < cards.length; row += 1) {
    const inRow = cards.slice(row * columns, (row + 1) * columns).map(tall);
    height += (row > 0 ? gap : 0) + Math.max(...inRow);
  }
  return height;
}

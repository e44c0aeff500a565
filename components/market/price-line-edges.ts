/** A price line that lies above or below what the price scale shows, pinned to that edge of the pane. */
export interface EdgeLabel {
  id: string;
  edge: 'top' | 'bottom';
  /** Its place along the edge, 0 on the edge: several off-scale lines stack instead of overlapping. */
  slot: number;
  text: string;
  color: string;
}

/**
 * Which lines are off the visible price scale, and where their labels go. `toY` is the series' price→pixel
 * map (null when the chart has no scale yet); a line is off-scale when its pixel lies outside [0, height].
 * Lines above the scale go to the top edge, those below to the bottom edge, the farthest on the edge. The
 * label reads as TradingView's: an arrow toward the line, its title and its price in the asset's format.
 */
export function edgeLabels(
  lines: readonly { id: string; price: string; title: string; color: string }[],
  toY: (price: number) => number | null,
  height: number,
  format: (price: number) => string,
): EdgeLabel[] {
  if (!(height > 0)) return [];
  const above: { line: (typeof lines)[number]; y: number }[] = [];
  const below: { line: (typeof lines)[number]; y: number }[] = [];
  for (const line of lines) {
    const price = Number(line.price);
    if (!Number.isFinite(price)) continue;
    const y = toY(price);
    if (y === null || !Number.isFinite(y)) continue;
    if (y < 0) above.push({ line, y });
    else if (y > height) below.push({ line, y });
  }
  // Slot 0 sits on the edge and holds the farthest price; nearer ones stack toward the chart, so the labels
  // read in price order from top to bottom like the axis itself.
  above.sort((a, b) => a.y - b.y);
  below.sort((a, b) => b.y - a.y);
  const label = (edge: 'top' | 'bottom') => ({ line }: { line: (typeof lines)[number] }, slot: number): EdgeLabel => ({
    id: line.id,
    edge,
    slot,
    text: `${edge === 'top' ? '▲' : '▼'} ${line.title} ${format(Number(line.price))}`,
    color: line.color,
  });
  return [...above.map(label('top')), ...below.map(label('bottom'))];
}

/** The price a click at pixel `y` means, rounded to the asset's precision (a plain decimal string), or null. */
export function priceAtClick(price: number | null, precision: number): string | null {
  if (price === null || !Number.isFinite(price) || price <= 0) return null;
  const digits = Math.min(Math.max(precision, 0), 20);
  const text = price.toFixed(digits);
  if (Number(text) <= 0) return null;
  return digits > 0 ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

interface Entry {
  key: number;
  orderId: string;
}

const CHUNK = 256;

/**
 * Orders waiting at price levels, sorted so the ones a price reaches first sit at the tail: a tick
 * binary-searches the boundary and walks the tail, never looking at orders it cannot reach. Storage is a
 * list of sorted chunks of at most CHUNK entries (split when full), so an insert or removal shifts one
 * chunk, not the whole book: O(log n + CHUNK) however many orders rest.
 * Levels are doubles for speed: rounding is monotonic, so a level a price truly reaches is never missed;
 * the exact decimal check happens again inside the order's transaction.
 */
export class SortedLevels {
  /** Ascending by key; key = level when high levels wake first, −level when low levels do. */
  private readonly chunks: Entry[][] = [];
  private count = 0;

  /** `wakesAtOrBelow`: the order wakes when the price is at or below its level (buy limits, sell stops). */
  constructor(private readonly wakesAtOrBelow: boolean) {}

  get size(): number {
    return this.count;
  }

  private key(level: number): number {
    return this.wakesAtOrBelow ? level : -level;
  }

  /** Position of the first entry with key ≥ `key`, as [chunk, index]; [chunks.length, 0] if none. */
  private lowerBound(key: number): [number, number] {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid]!;
      if (chunk[chunk.length - 1]!.key < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo === this.chunks.length) return [lo, 0];
    const chunk = this.chunks[lo]!;
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (chunk[mid]!.key < key) a = mid + 1;
      else b = mid;
    }
    return [lo, a];
  }

  add(level: number, orderId: string): void {
    // Before equal keys: the tail is read backwards, so older orders at a level come first (time priority).
    const key = this.key(level);
    let [c, i] = this.lowerBound(key);
    if (c === this.chunks.length) {
      if (c === 0) {
        this.chunks.push([]);
      } else {
        c--;
      }
      i = this.chunks[c]!.length;
    }
    const chunk = this.chunks[c]!;
    chunk.splice(i, 0, { key, orderId });
    if (chunk.length > CHUNK) this.chunks.splice(c + 1, 0, chunk.splice(CHUNK / 2));
    this.count++;
  }

  remove(level: number, orderId: string): boolean {
    const key = this.key(level);
    let [c, i] = this.lowerBound(key);
    for (; c < this.chunks.length; c++, i = 0) {
      const chunk = this.chunks[c]!;
      for (; i < chunk.length; i++) {
        if (chunk[i]!.key !== key) return false;
        if (chunk[i]!.orderId !== orderId) continue;
        chunk.splice(i, 1);
        if (chunk.length === 0) this.chunks.splice(c, 1);
        this.count--;
        return true;
      }
    }
    return false;
  }

  /** Orders whose level `price` has reached, best level first. */
  reachedBy(price: number): string[] {
    const [fromChunk, fromIndex] = this.lowerBound(this.key(price));
    const out: string[] = [];
    for (let c = this.chunks.length - 1; c >= fromChunk; c--) {
      const chunk = this.chunks[c]!;
      for (let i = chunk.length - 1; i >= (c === fromChunk ? fromIndex : 0); i--) out.push(chunk[i]!.orderId);
    }
    return out;
  }
}

/**
 * Entries sorted by a numeric key, for range lookups: a tick binary-searches the bounds of the levels it
 * passed and visits only those. Insert and remove shift the array (O(n) memmove, fast for the few
 * thousand alerts a symbol holds); lookups are O(log n + hits).
 */
export class SortedKeys<T extends { id: string }> {
  private readonly keys: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.keys.length;
  }

  /** Index of the first key ≥ `key` (or > `key` when `strict`). */
  private bound(key: number, strict: boolean): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < key || (strict && this.keys[mid] === key)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(key: number, item: T): void {
    const at = this.bound(key, true);
    this.keys.splice(at, 0, key);
    this.items.splice(at, 0, item);
  }

  remove(key: number, id: string): void {
    for (let i = this.bound(key, false); i < this.keys.length && this.keys[i] === key; i++) {
      if (this.items[i]!.id === id) {
        this.keys.splice(i, 1);
        this.items.splice(i, 1);
        return;
      }
    }
  }

  /** Items whose key lies between `from` and `to`, each end included or not. */
  *range(from: number, fromIncluded: boolean, to: number, toIncluded: boolean): Generator<T> {
    const end = this.bound(to, toIncluded);
    for (let i = this.bound(from, !fromIncluded); i < end; i++) yield this.items[i]!;
  }
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedLevels } from '@/server/services/trading/engine/sorted-levels';
import { TriggerBook } from '@/server/services/trading/engine/trigger-book';

const limit = (id: string, side: 'buy' | 'sell', price: string) =>
  ({ id, side, type: 'limit', limitPrice: price, stopPrice: null, triggeredAt: null }) as const;
const stop = (id: string, side: 'buy' | 'sell', price: string) =>
  ({ id, side, type: 'stop', limitPrice: null, stopPrice: price, triggeredAt: null }) as const;

describe('TriggerBook', () => {
  it('returns exactly the orders a price reaches, from the front of each sorted side', () => {
    const book = new TriggerBook();
    book.upsert(limit('b100', 'buy', '100'));
    book.upsert(limit('b95', 'buy', '95'));
    book.upsert(limit('s105', 'sell', '105'));
    book.upsert(stop('bs110', 'buy', '110'));
    book.upsert(stop('ss90', 'sell', '90'));
    expect(book.candidates(102)).toEqual([]);
    expect(book.candidates(100).sort()).toEqual(['b100']);
    expect(book.candidates(94).sort()).toEqual(['b100', 'b95']);
    expect(book.candidates(89).sort()).toEqual(['b100', 'b95', 'ss90']);
    expect(book.candidates(111).sort()).toEqual(['bs110', 's105']);
  });

  it('moves a triggered stop-limit to its limit and forgets removed orders', () => {
    const book = new TriggerBook();
    const sl = { id: 'sl', side: 'buy', type: 'stop_limit', limitPrice: '101', stopPrice: '102', triggeredAt: null } as const;
    book.upsert(sl);
    expect(book.candidates(101)).toEqual([]);
    book.upsert({ ...sl, triggeredAt: new Date() });
    expect(book.candidates(101)).toEqual(['sl']);
    book.remove('sl');
    expect(book.candidates(1)).toEqual([]);
    expect(book.size).toBe(0);
  });

  it('does not look at orders a tick cannot reach (100k resting, a tick touching 10)', () => {
    const book = new TriggerBook();
    // Random arrival order, so inserts land all over the array.
    const levels = Array.from({ length: 100_000 }, (_, i) => 1000 + i).sort(() => Math.random() - 0.5);
    for (const level of levels) book.upsert(limit(`o${level}`, 'buy', String(level)));
    const started = performance.now();
    let reached = 0;
    for (let t = 0; t < 1000; t++) reached = book.candidates(100_990).length;
    expect(reached).toBe(10);
    // A scan of 100k orders per tick would take ~1000× longer than this bound allows.
    expect(performance.now() - started).toBeLessThan(250);
  });
});

describe('SortedLevels (property)', () => {
  it('answers exactly what a full scan would, best level first, older first at a level', () => {
    const op = fc.oneof(
      fc.record({ add: fc.constant(true), level: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ add: fc.constant(false), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 700 }), fc.integer({ min: 0, max: 41 }), (below, ops, price) => {
        const levels = new SortedLevels(below);
        const naive: { level: number; id: string }[] = [];
        ops.forEach((o, n) => {
          if ('level' in o) {
            levels.add(o.level, `o${n}`);
            naive.push({ level: o.level, id: `o${n}` });
          } else if (naive.length > 0) {
            const [gone] = naive.splice(o.pick % naive.length, 1);
            expect(levels.remove(gone!.level, gone!.id)).toBe(true);
          }
        });
        const expected = naive
          .filter((e) => (below ? price <= e.level : price >= e.level))
          .sort((a, b) => (below ? b.level - a.level : a.level - b.level) || Number(a.id.slice(1)) - Number(b.id.slice(1)))
          .map((e) => e.id);
        expect(levels.reachedBy(price)).toEqual(expected);
        expect(levels.size).toBe(naive.length);
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { createMemoryCache } from '@/server/infra/cache/memory';
import type { Cache } from '@/server/infra/cache/types';
import { readThrough } from '@/server/services/cache/read-through';

describe('readThrough', () => {
  it('loads once, then answers from the cache until the entry expires', async () => {
    const cache = createMemoryCache();
    let loads = 0;
    const load = async () => ({ n: ++loads });
    expect(await readThrough(cache, 'rt:expire', 40, load)).toEqual({ n: 1 });
    expect(await readThrough(cache, 'rt:expire', 40, load)).toEqual({ n: 1 });
    await new Promise((r) => setTimeout(r, 60));
    expect(await readThrough(cache, 'rt:expire', 40, load)).toEqual({ n: 2 });
  });

  it('shares one load between concurrent misses of a key and counts them as hits', async () => {
    const cache = createMemoryCache();
    const stats = { hits: 0, misses: 0 };
    let loads = 0;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 20));
      return 'value';
    };
    const answers = await Promise.all(Array.from({ length: 5 }, () => readThrough(cache, 'rt:flight', 1_000, load, { stats })));
    expect(answers).toEqual(Array(5).fill('value'));
    expect(loads).toBe(1);
    expect(stats).toEqual({ hits: 4, misses: 1 });
  });

  it('does not store null, nor what `keep` refuses, so the next read loads again', async () => {
    const cache = createMemoryCache();
    let loads = 0;
    expect(await readThrough(cache, 'rt:null', 1_000, async () => (loads++, null))).toBeNull();
    expect(await readThrough(cache, 'rt:null', 1_000, async () => (loads++, null))).toBeNull();
    const empty = async () => (loads++, [] as string[]);
    await readThrough(cache, 'rt:empty', 1_000, empty, { keep: (v) => v.length > 0 });
    await readThrough(cache, 'rt:empty', 1_000, empty, { keep: (v) => v.length > 0 });
    expect(loads).toBe(4);
    expect(await cache.get('rt:empty')).toBeNull();
  });

  it('serves from the loader when the cache cannot answer, and lets a failed load be retried', async () => {
    const down: Cache = { ...createMemoryCache(), get: async () => null, set: async () => {} };
    expect(await readThrough(down, 'rt:down', 1_000, async () => 7)).toBe(7);
    const cache = createMemoryCache();
    await expect(readThrough(cache, 'rt:fail', 1_000, async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await readThrough(cache, 'rt:fail', 1_000, async () => 'recovered')).toBe('recovered');
  });
});

import Decimal from 'decimal.js';
import { LRUCache } from 'lru-cache';
import type { TokenListInput, TokenView } from '@/contracts/tokens';
import { AppError } from '@/server/errors';
import type { Cache } from '@/server/infra/cache/types';
import type { Page } from '@/contracts/common';
import { canonicalAddress, type Chain } from './chains';
import { tokenKeys } from './token-keys';
import { ageToken, type TokenSnapshot } from './token-snapshot';
import type { SourceHealth } from './sources/upstream-policy';

/** How long an instance serves its in-memory copy before asking L2 again. */
export const L1_TTL_MS = 2_000;

interface Layers {
  snapshot: LRUCache<'snapshot', TokenSnapshot, unknown>;
  health: LRUCache<'health', SourceHealth[], unknown>;
}

const perCache = new WeakMap<Cache, Map<string, Layers>>();

/**
 * L1 in front of L2: a per-instance LRU with a short TTL whose `fetch` loads from the cache port once for
 * every concurrent miss (single flight), so a burst of readers costs at most one L2 read per TTL and never
 * an upstream call — only the refresh cycle talks to upstreams. When L2 has nothing yet, readers get an
 * empty list rather than waiting for a refresh.
 */
function layersFor(cache: Cache, prefix: string): Layers {
  let byPrefix = perCache.get(cache);
  if (!byPrefix) perCache.set(cache, (byPrefix = new Map()));
  let layers = byPrefix.get(prefix);
  if (!layers) {
    const keys = tokenKeys(prefix);
    layers = {
      snapshot: new LRUCache({
        max: 1,
        ttl: L1_TTL_MS,
        allowStale: true,
        // A cache that cannot answer reads as null: keep serving what this instance had rather than nothing.
        fetchMethod: async (_key, previous) =>
          (await cache.get<TokenSnapshot>(keys.snapshot)) ?? previous ?? { builtAt: 0, refreshMs: 30_000, tokens: [] },
      }),
      health: new LRUCache({
        max: 1,
        ttl: L1_TTL_MS,
        allowStale: true,
        fetchMethod: async (_key, previous) => (await cache.get<SourceHealth[]>(keys.health)) ?? previous ?? [],
      }),
    };
    byPrefix.set(prefix, layers);
  }
  return layers;
}

async function snapshotOf(cache: Cache, prefix: string) {
  return (await layersFor(cache, prefix).snapshot.fetch('snapshot'))!;
}

type SortKey = TokenListInput['sort'];
const SORT_FIELD: Record<SortKey, (t: TokenView) => string | null> = {
  volume24h: (t) => t.volume24h,
  liquidity: (t) => t.liquidityUsd,
  change1h: (t) => t.change1h,
  change24h: (t) => t.change24h,
  marketCap: (t) => t.marketCap,
  createdAt: (t) => (t.pairCreatedAt === null ? null : String(Date.parse(t.pairCreatedAt))),
};

/** Offset cursors: the list is a few hundred tokens held in memory, re-sorted per request. (btoa: edge-safe.) */
const encodeCursor = (offset: number) => btoa(`o:${offset}`);
function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  let text = '';
  try {
    text = atob(cursor);
  } catch {
    // not base64: refused below
  }
  const match = /^o:(\d{1,6})$/.exec(text);
  if (!match) throw new AppError('BAD_REQUEST', 'Invalid cursor', { reason: 'INVALID_CURSOR' });
  return Number(match[1]);
}

/**
 * The snapshot's tokens in one sort order, computed once per snapshot and order (the L1 copy is shared by
 * every request until it reloads), so a request only filters and slices.
 */
const sortedBySnapshot = new WeakMap<TokenSnapshot, Map<string, TokenView[]>>();
function sortedTokens(snapshot: TokenSnapshot, sort: SortKey, order: 'asc' | 'desc'): TokenView[] {
  let bySort = sortedBySnapshot.get(snapshot);
  if (!bySort) sortedBySnapshot.set(snapshot, (bySort = new Map()));
  const memoKey = `${sort}:${order}`;
  let sorted = bySort.get(memoKey);
  if (!sorted) {
    const field = SORT_FIELD[sort];
    const sign = order === 'asc' ? 1 : -1;
    const keyOf = new Map(snapshot.tokens.map((t) => [t, field(t) === null ? null : new Decimal(field(t)!)]));
    // Unknown figures sort last either way; ties keep a stable order by chain and address.
    sorted = [...snapshot.tokens].sort((a, b) => {
      const va = keyOf.get(a) ?? null;
      const vb = keyOf.get(b) ?? null;
      if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
      return sign * va.comparedTo(vb) || `${a.chain}:${a.address}`.localeCompare(`${b.chain}:${b.address}`);
    });
    bySort.set(memoKey, sorted);
  }
  return sorted;
}

export async function listTokens(
  cache: Cache,
  input: TokenListInput,
  opts: { prefix?: string; now?: number } = {},
): Promise<Page<TokenView>> {
  const snapshot = await snapshotOf(cache, opts.prefix ?? 'tokens');
  const now = opts.now ?? Date.now();
  const q = input.q?.toLowerCase();
  const atLeast = (value: string | null, min: string | undefined) =>
    min === undefined || (value !== null && new Decimal(value).gte(min));
  const matches = sortedTokens(snapshot, input.sort, input.order).filter(
    (t) =>
      (!input.chain || t.chain === input.chain) &&
      (!q || [t.symbol, t.name, t.address].some((s) => s?.toLowerCase().includes(q))) &&
      atLeast(t.liquidityUsd, input.minLiquidity) &&
      atLeast(t.volume24h, input.minVolume),
  );
  const offset = decodeCursor(input.cursor);
  const page = matches.slice(offset, offset + input.limit).map((t) => ageToken(t, now, snapshot.refreshMs));
  return { data: page, nextCursor: offset + input.limit < matches.length ? encodeCursor(offset + input.limit) : null };
}

/** Every token, aged to now: the live stream's snapshot. */
export async function allTokens(cache: Cache, opts: { prefix?: string; now?: number } = {}): Promise<TokenView[]> {
  const snapshot = await snapshotOf(cache, opts.prefix ?? 'tokens');
  const now = opts.now ?? Date.now();
  return snapshot.tokens.map((t) => ageToken(t, now, snapshot.refreshMs));
}

export async function getToken(
  cache: Cache,
  ref: { chain: Chain; address: string },
  opts: { prefix?: string; now?: number } = {},
): Promise<TokenView> {
  const address = canonicalAddress(ref.chain, ref.address);
  if (!address) throw new AppError('BAD_REQUEST', `Not a ${ref.chain} address`, { details: { address: ref.address } });
  const snapshot = await snapshotOf(cache, opts.prefix ?? 'tokens');
  const token = snapshot.tokens.find((t) => t.chain === ref.chain && t.address === address);
  if (!token) throw new AppError('NOT_FOUND', `No token ${address} on ${ref.chain}`);
  return ageToken(token, opts.now ?? Date.now(), snapshot.refreshMs);
}

export async function sourceHealth(cache: Cache, opts: { prefix?: string } = {}) {
  const health = (await layersFor(cache, opts.prefix ?? 'tokens').health.fetch('health'))!;
  return health.map((h) => ({
    name: h.name,
    state: h.state,
    lastSuccessAt: h.lastSuccessAt === null ? null : new Date(h.lastSuccessAt).toISOString(),
    lastError: h.lastError?.message ?? null,
    usedPerMinute: h.usedPerMinute,
    limitPerMinute: h.limitPerMinute,
  }));
}

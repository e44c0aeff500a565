import type { Bus } from '@/server/infra/bus/types';
import type { Cache } from '@/server/infra/cache/types';
import type { TokenView } from '@/contracts/tokens';
import { tokenKey, type Chain } from './chains';
import { mergeQuotes } from './merge';
import { TOKENS_TOPIC, type TokenKeys } from './token-keys';
import { reviveQuote, storeQuote, type StoredQuote, type TokenSnapshot } from './token-snapshot';
import type { TokenSources } from './sources/token-sources';
import { UpstreamBudgetExhaustedError } from './sources/upstream-errors';
import type { SourceName, TokenQuote, TokenRef } from './types';

/** Words searched on DexScreener for discovery, beside GeckoTerminal's trending pools. */
const DISCOVERY_QUERIES = ['SOL', 'WETH'];
/** Discovery runs when nothing was discovered yet, and every this many cycles. */
const DISCOVER_EVERY = 10;
/** Followed tokens at most: keeps a cycle within GeckoTerminal's 30 requests a minute. */
const MAX_TRACKED = 120;

export interface TokenRefreshDeps {
  sources: TokenSources;
  cache: Cache;
  bus: Bus;
  keys: TokenKeys;
  refreshMs: number;
  /** Catalogue tokens, always followed. */
  seeds: () => Promise<TokenRef[]>;
  now?: () => number;
  onError?: (error: unknown) => void;
}

export interface RefreshReport {
  tokens: number;
  changed: number;
  /**
   * Per source: requests that answered, that failed (the rest of the cycle went on), and that were deferred
   * unsent because the rate budget had no room (those tokens are asked first next cycle).
   */
  outcomes: Record<SourceName, { ok: number; failed: number; deferred: number }>;
}

/** The figures a reader would notice changing; a change publishes the token on the bus. */
const fingerprint = (t: TokenView) =>
  [t.priceUsd, t.liquidityUsd, t.volume24h, t.change1h, t.change24h, t.stale, t.sources.map((s) => `${s.name}${s.stale}`).join()].join('|');

const chunk = <T>(items: readonly T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * One refresh cycle: ask every source about every followed token (batched per chain up to each upstream's
 * limit), keep each source's last-good quote per token, merge, store the snapshot in L2 and publish the
 * tokens that changed. A failing source costs only its own requests: the others' data is merged as usual
 * and its last-good quotes age into `stale`.
 */
export async function runRefreshCycle(deps: TokenRefreshDeps, cycle: number): Promise<RefreshReport> {
  const now = deps.now ?? Date.now;
  const { sources, cache, keys } = deps;

  const [storedQuotes, discovered, previous] = await Promise.all([
    cache.get<StoredQuote[]>(keys.quotes),
    cache.get<TokenRef[]>(keys.discovered),
    cache.get<TokenSnapshot>(keys.snapshot),
  ]);
  let found = discovered ?? [];
  if (discovered === null || cycle % DISCOVER_EVERY === 0) {
    found = await discover(sources, deps.onError);
    await cache.set(keys.discovered, found, { ttlMs: 60 * 60_000 });
  }

  const lastGood = new Map<string, TokenQuote>();
  const quoteKey = (q: { source: SourceName; chain: Chain; address: string }) => `${q.source}|${tokenKey(q.chain, q.address)}`;
  for (const stored of storedQuotes ?? []) lastGood.set(quoteKey(stored), reviveQuote(stored));

  const tracked = new Map<string, TokenRef>();
  for (const ref of [...(await deps.seeds()), ...found, ...lastGood.values()]) {
    if (tracked.size >= MAX_TRACKED) break;
    tracked.set(tokenKey(ref.chain, ref.address), { chain: ref.chain, address: ref.address });
  }
  const byChain = new Map<Chain, string[]>();
  for (const ref of tracked.values()) byChain.set(ref.chain, [...(byChain.get(ref.chain) ?? []), ref.address]);

  const outcomes: RefreshReport['outcomes'] = {
    dexscreener: { ok: 0, failed: 0, deferred: 0 },
    geckoterminal: { ok: 0, failed: 0, deferred: 0 },
    jupiter: { ok: 0, failed: 0, deferred: 0 },
  };
  const perSource = [sources.dexscreener, sources.geckoterminal, sources.jupiter].filter((s) => s !== null);
  await Promise.all(
    perSource.map(async (source) => {
      // One source's batches go one after another: a failing upstream trips its breaker early, and the rest
      // of its batches are refused at once instead of piling up.
      const covers = (chain: Chain) => !('chains' in source) || source.chains.includes(chain);
      const batches = [...byChain]
        .filter(([chain]) => covers(chain))
        .flatMap(([chain, addresses]) => chunk(addresses, source.batchSize).map((b) => ({ chain, b })));
      // Start at a different batch each cycle, so what the budget defers one cycle goes first the next.
      const start = batches.length === 0 ? 0 : cycle % batches.length;
      for (const { chain, b } of [...batches.slice(start), ...batches.slice(0, start)]) {
        try {
          for (const quote of await source.quoteTokens(chain, b)) lastGood.set(quoteKey(quote), quote);
          outcomes[source.name].ok++;
        } catch (error) {
          if (error instanceof UpstreamBudgetExhaustedError) outcomes[source.name].deferred++;
          else {
            outcomes[source.name].failed++;
            deps.onError?.(error);
          }
        }
      }
    }),
  );

  const quotes = [...lastGood.values()].filter((q) => tracked.has(tokenKey(q.chain, q.address)));
  const tokens = mergeQuotes(quotes, { now: now(), refreshMs: deps.refreshMs });
  const before = new Map((previous?.tokens ?? []).map((t) => [tokenKey(t.chain, t.address), fingerprint(t)]));
  const changed = tokens.filter((t) => before.get(tokenKey(t.chain, t.address)) !== fingerprint(t));

  // Last-good data is kept well past staleness: it is what readers get while a source is down.
  const keep = { ttlMs: 24 * 60 * 60_000 };
  await cache.set(keys.quotes, quotes.map(storeQuote), keep);
  await cache.set(keys.snapshot, { builtAt: now(), refreshMs: deps.refreshMs, tokens } satisfies TokenSnapshot, keep);
  await cache.set(keys.health, await sources.health(), keep);
  if (changed.length > 0) {
    await deps.bus.publish(TOKENS_TOPIC, { tokens: changed }).catch((error: unknown) => deps.onError?.(error));
  }
  return { tokens: tokens.length, changed: changed.length, outcomes };
}

async function discover(sources: TokenSources, onError?: (error: unknown) => void): Promise<TokenRef[]> {
  const lookups: Promise<TokenRef[]>[] = [];
  if (sources.geckoterminal) lookups.push(sources.geckoterminal.trendingTokens());
  if (sources.dexscreener) for (const q of DISCOVERY_QUERIES) lookups.push(sources.dexscreener.search(q));
  const results = await Promise.allSettled(lookups);
  const refs: TokenRef[] = [];
  for (const r of results) {
    if (r.status === 'fulfilled') refs.push(...r.value);
    else onError?.(r.reason);
  }
  return refs;
}

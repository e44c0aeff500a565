import Decimal from 'decimal.js';
import type { Cache } from '@/server/infra/cache/types';
import { canonicalAddress, isChain } from '@/server/services/tokens/chains';
import { allTokens } from '@/server/services/tokens/token-reader';
import type { LiveSource, SourceCandle } from './live-source';
import type { SourceTick } from './price-source';

/** A meme-token asset the aggregator can price: its chain and contract. */
export interface TokenAsset {
  symbol: string;
  chain: string;
  contractAddress: string;
  pricePrecision: number;
}

export interface TokensSourceOptions {
  cache: Cache;
  assets: readonly TokenAsset[];
  /** How often the aggregator's merged snapshot is read (it changes once per refresh cycle). */
  pollMs?: number;
  /** The aggregator's cache prefix (tests keep theirs apart). */
  keyPrefix?: string;
  now?: () => number;
}

/** The meme tokens of `assets` the aggregator follows: catalogue chain among its chains and a valid contract. */
export function tokenAssets<T extends { symbol: string; chain: string | null; contractAddress: string | null; pricePrecision: number }>(
  assets: readonly T[],
): TokenAsset[] {
  return assets.flatMap((a) =>
    a.chain && a.contractAddress && isChain(a.chain) && canonicalAddress(a.chain, a.contractAddress)
      ? [{ symbol: a.symbol, chain: a.chain, contractAddress: a.contractAddress, pricePrecision: a.pricePrecision }]
      : [],
  );
}

/**
 * Meme-token prices from the token aggregator's merged DEX price (the liquidity-weighted median it stores
 * each refresh cycle; the worker's token refresh keeps it current). A tick goes out when a cycle brings newer
 * quotes, timed at the newest quote's `asOf`; a token the aggregator only has stale data for gives no tick,
 * so the feed shows it stale with its age. The aggregator keeps no minute history: `history` is empty, and
 * a meme chart has no candles for the minutes its sources were down.
 */
export function createTokensSource(opts: TokensSourceOptions): LiveSource {
  const pollMs = opts.pollMs ?? 5_000;
  const now = opts.now ?? Date.now;
  const wanted = new Map(opts.assets.map((a) => [`${a.chain}:${canonicalAddress(a.chain as never, a.contractAddress)}`, a]));
  const last = new Map<string, number>();

  async function poll(): Promise<SourceTick[]> {
    const ticks: SourceTick[] = [];
    for (const token of await allTokens(opts.cache, { prefix: opts.keyPrefix, now: now() })) {
      const asset = wanted.get(`${token.chain}:${token.address}`);
      if (!asset || token.stale || token.priceUsd === null) continue;
      const fresh = token.sources.filter((s) => !s.stale).map((s) => Date.parse(s.asOf));
      const ts = Math.max(...fresh);
      if (!Number.isFinite(ts) || ts <= (last.get(asset.symbol) ?? -Infinity)) continue;
      last.set(asset.symbol, ts);
      ticks.push({ symbol: asset.symbol, price: new Decimal(token.priceUsd).toFixed(asset.pricePrecision), volume: '0', ts });
    }
    return ticks;
  }

  return {
    name: 'tokens',
    symbols: opts.assets.map((a) => a.symbol),
    start(emit) {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const loop = () => {
        void poll()
          .then((ticks) => {
            if (!stopped && ticks.length) emit(ticks);
          })
          .catch(() => undefined) // an unreadable cache is silence: the feed marks the tokens stale
          .finally(() => {
            if (stopped) return;
            timer = setTimeout(loop, pollMs);
            timer.unref?.();
          });
      };
      loop();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    },
    async history(): Promise<SourceCandle[]> {
      return [];
    },
    lastTickAt(symbol) {
      return last.get(symbol) ?? null;
    },
  };
}

import type { Asset } from '@/db/schema/market';
import type { MarketProvider, MarketSourcePlan } from '@/server/env';
import type { Cache } from '@/server/infra/cache/types';
import { liveSymbol, type LiveProvider } from '../catalogue';
import type { LiveFeedSource } from '../live-feed';
import { createBinanceSource, type BinanceSource } from './binance/binance-source';
import type { LiveAssetMapping } from './live-adapter-kit';
import { createTokensSource, tokenAssets } from './tokens-source';
import { createYahooSource, type YahooSource } from './yahoo/yahoo-source';

type PlannedAsset = Pick<Asset, 'symbol' | 'kind' | 'chain' | 'contractAddress' | 'pricePrecision' | 'qtyPrecision'>;

export interface ProviderAssignment<A extends PlannedAsset = PlannedAsset> {
  /** Assets per live provider, each with its symbol there. */
  live: Map<LiveProvider, { asset: A; sourceSymbol: string }[]>;
  simulated: A[];
  /** Assets whose kind is configured live but that no configured live source can serve (they stay simulated). */
  unserved: A[];
}

/**
 * Which source serves each asset: its kind's provider when the asset has a symbol there; else another
 * configured live provider that lists it (DOGE, a meme coin without a contract, from Binance when crypto is
 * on Binance); else the simulator — reported in `unserved` when its kind was meant to be live.
 */
export function assignProviders<A extends PlannedAsset>(plan: MarketSourcePlan, assets: readonly A[]): ProviderAssignment<A> {
  const configured = [...new Set(Object.values(plan))].filter((p): p is LiveProvider => p !== 'sim');
  const live = new Map<LiveProvider, { asset: A; sourceSymbol: string }[]>();
  const simulated: A[] = [];
  const unserved: A[] = [];
  for (const asset of assets) {
    const wanted: MarketProvider = plan[asset.kind];
    if (wanted === 'sim') {
      simulated.push(asset);
      continue;
    }
    const order = [wanted, ...configured.filter((p) => p !== wanted)];
    const provider = order.find((p) => liveSymbol(asset, p) !== null);
    if (!provider) {
      simulated.push(asset);
      unserved.push(asset);
      continue;
    }
    if (!live.has(provider)) live.set(provider, []);
    live.get(provider)!.push({ asset, sourceSymbol: liveSymbol(asset, provider)! });
  }
  return { live, simulated, unserved };
}

export interface ConfiguredSourcesDeps {
  cache: Cache;
  binanceBaseUrl: string;
  binanceWsUrl: string;
  yahooBaseUrl: string;
  /** The token aggregator's refresh period: its prices are stale after two periods without news. */
  tokenRefreshMs: number;
  onError?: (error: unknown, source: LiveProvider) => void;
  onUnserved?: (symbols: string[]) => void;
}

/**
 * The live sources MARKET_SOURCES asks for, over the active assets, with how long each may stay silent:
 * Binance's trade stream is busy (30 s of silence is an outage; REST polling stands in while the stream is
 * down), Yahoo is polled (three poll periods), the aggregator refreshes on its own period (two of them).
 */
export function configuredLiveSources(plan: MarketSourcePlan, active: readonly Asset[], deps: ConfiguredSourcesDeps): LiveFeedSource[] {
  const { live, unserved } = assignProviders(plan, active);
  if (unserved.length) deps.onUnserved?.(unserved.map((a) => a.symbol));
  const mapping = (provider: LiveProvider): LiveAssetMapping[] =>
    (live.get(provider) ?? []).map(({ asset, sourceSymbol }) => ({
      symbol: asset.symbol,
      sourceSymbol,
      pricePrecision: asset.pricePrecision,
      qtyPrecision: asset.qtyPrecision,
    }));
  const sources: LiveFeedSource[] = [];
  if (live.has('binance')) {
    const binance = createBinanceSource({
      assets: mapping('binance'),
      cache: deps.cache,
      baseUrl: deps.binanceBaseUrl,
      wsUrl: deps.binanceWsUrl,
      onError: (error) => deps.onError?.(error, 'binance'),
    });
    sources.push(binanceFeedSource(binance));
  }
  if (live.has('yahoo')) {
    const yahoo = createYahooSource({
      assets: mapping('yahoo'),
      cache: deps.cache,
      baseUrl: deps.yahooBaseUrl,
      onError: (error) => deps.onError?.(error, 'yahoo'),
    });
    sources.push(yahooFeedSource(yahoo));
  }
  if (live.has('tokens')) {
    const assets = tokenAssets((live.get('tokens') ?? []).map((l) => l.asset));
    sources.push({
      source: createTokensSource({ cache: deps.cache, assets }),
      staleAfterMs: 2 * deps.tokenRefreshMs + 15_000,
      gapAfterMs: 2 * deps.tokenRefreshMs + 15_000,
    });
  }
  return sources;
}

/**
 * Binance as the feed runs it: its trade stream is busy, so 30 s without a tick is an outage; a lost stream
 * (a reconnect, or REST polling standing in, which carries no trade volume) marks its minutes for repair.
 */
export function binanceFeedSource(binance: BinanceSource): LiveFeedSource {
  return {
    source: binance,
    staleAfterMs: 30_000,
    gapAfterMs: 10_000,
    disruptions: () => {
      const s = binance.status();
      return { count: s.reconnects, ongoing: s.polling || s.stream !== 'open' };
    },
  };
}

/** Yahoo as the feed runs it: polled, so silent for three poll periods (in session) before it counts as down. */
export function yahooFeedSource(yahoo: YahooSource): LiveFeedSource {
  return { source: yahoo, staleAfterMs: 3 * yahoo.pollEveryMs + 30_000, gapAfterMs: 2 * yahoo.pollEveryMs + 10_000 };
}

import { describe, expect, it } from 'vitest';
import type { Asset } from '@/db/schema/market';
import { marketSourcesProblem, resolveMarketSources } from '@/server/env';
import { CATALOGUE } from '@/server/services/market/catalogue';
import { assignProviders } from '@/server/services/market/sources/configured-sources';

const catalogue = CATALOGUE.map((a) => ({ ...a, chain: a.chain ?? null, contractAddress: a.contractAddress ?? null })) as unknown as Asset[];

describe('MARKET_SOURCES', () => {
  it('sim by default, live for all three kinds, or per kind with the rest simulated', () => {
    expect(resolveMarketSources(undefined)).toEqual({ crypto: 'sim', equity: 'sim', meme: 'sim' });
    expect(resolveMarketSources('live')).toEqual({ crypto: 'binance', equity: 'yahoo', meme: 'tokens' });
    expect(resolveMarketSources('crypto=binance,equity=yahoo')).toEqual({ crypto: 'binance', equity: 'yahoo', meme: 'sim' });
    expect(resolveMarketSources(' equity=yahoo ')).toEqual({ crypto: 'sim', equity: 'yahoo', meme: 'sim' });
  });

  it('refuses a bad value with a message naming the problem', () => {
    for (const ok of ['sim', 'live', 'crypto=binance', 'crypto=binance,equity=yahoo,meme=tokens', 'meme=binance', 'equity=sim']) {
      expect(marketSourcesProblem(ok)).toBeNull();
    }
    expect(marketSourcesProblem('real')).toMatch(/"real" is not kind=provider/);
    expect(marketSourcesProblem('crypto=yahoo')).toBe('crypto can use sim or binance, not "yahoo"');
    expect(marketSourcesProblem('stocks=yahoo')).toMatch(/"stocks=yahoo" is not kind=provider/);
    expect(marketSourcesProblem('crypto=binance,crypto=sim')).toBe('crypto is given twice');
    expect(marketSourcesProblem('crypto=binance=x')).toMatch(/not kind=provider/);
  });
});

describe('assignProviders', () => {
  it('live: crypto on Binance (BTC → BTCUSDT), equities on Yahoo, meme tokens with a contract on the aggregator, DOGE on Binance', () => {
    const { live, simulated, unserved } = assignProviders(resolveMarketSources('live'), catalogue);
    const pairs = (p: 'binance' | 'yahoo' | 'tokens') => (live.get(p) ?? []).map((l) => `${l.asset.symbol}:${l.sourceSymbol}`);
    expect(pairs('binance')).toEqual([
      'BTC:BTCUSDT', 'ETH:ETHUSDT', 'SOL:SOLUSDT', 'BNB:BNBUSDT', 'XRP:XRPUSDT', 'ADA:ADAUSDT', 'AVAX:AVAXUSDT',
      'LINK:LINKUSDT', 'DOT:DOTUSDT', 'DOGE:DOGEUSDT',
    ]);
    expect(pairs('yahoo')).toEqual(['AAPL:AAPL', 'NVDA:NVDA', 'MSFT:MSFT', 'AMZN:AMZN', 'GOOGL:GOOGL', 'TSLA:TSLA', 'META:META', 'AMD:AMD']);
    expect(pairs('tokens')).toEqual(['PEPE:PEPE', 'SHIB:SHIB', 'BONK:BONK', 'WIF:WIF', 'FLOKI:FLOKI', 'BRETT:BRETT']);
    expect(simulated).toEqual([]);
    expect(unserved).toEqual([]);
  });

  it('kinds left out stay simulated; a live kind an asset cannot be served in is simulated and reported', () => {
    const { live, simulated, unserved } = assignProviders(resolveMarketSources('equity=yahoo,meme=tokens'), catalogue);
    expect([...live.keys()].sort()).toEqual(['tokens', 'yahoo']);
    expect(simulated.filter((a) => a.kind === 'crypto')).toHaveLength(9);
    // DOGE has no contract for the aggregator and Binance is not configured.
    expect(unserved.map((a) => a.symbol)).toEqual(['DOGE']);
    expect(simulated.map((a) => a.symbol)).toContain('DOGE');
  });
});

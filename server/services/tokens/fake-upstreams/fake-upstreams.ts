import Decimal from 'decimal.js';
import { dexScreenerChainId, geckoTerminalNetwork, CHAINS, type Chain } from '../chains';
import { startFakeHttp, segmentsAfter, type FakeAnswer, type FakeUpstream } from './fake-http';
import { SIM_TOKENS, simPrice, type SimToken } from './universe';

/**
 * The three upstreams, faked over real HTTP in their documented shapes (the same shapes as the recorded
 * fixtures), over the simulated market in universe.ts. The `sim` token-source set runs the real adapters
 * against these; fault tests flip their switches.
 */
export interface FakeUpstreams {
  dexscreener: FakeUpstream;
  geckoterminal: FakeUpstream;
  jupiter: FakeUpstream;
  close(): Promise<void>;
}

const notFound: FakeAnswer = { status: 404, body: { error: 'Not Found' } };
/** A numeric string as the upstreams print them: plain notation, never an exponent. */
const decimal = (n: number) => new Decimal(n).toSignificantDigits(10).toFixed();
const sameAddress = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function dexScreenerPairs(token: SimToken, t: number) {
  const ds = token.dexscreener!;
  const pair = (liquidityUsd: number, price: number, volume: number, suffix: string, supply: number | null) => ({
    chainId: dexScreenerChainId(token.chain),
    dexId: suffix === 'main' ? 'raydium' : 'meteora',
    url: `https://dexscreener.com/${token.chain}/${token.address}-${suffix}`,
    pairAddress: `${token.address.slice(0, 30)}${suffix}`,
    baseToken: { address: token.address, name: token.name, symbol: token.symbol },
    quoteToken: { address: 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v', name: 'USD Coin', symbol: 'USDC' },
    priceNative: decimal(price),
    priceUsd: decimal(price),
    txns: { h24: { buys: 1000, sells: 900 } },
    volume: { h24: volume, h6: volume / 4, h1: volume / 24, m5: volume / 288 },
    priceChange: { m5: 0.1, h1: 0.8, h6: -1.2, h24: 4.2 },
    liquidity: { usd: liquidityUsd, base: liquidityUsd / 2 / price, quote: liquidityUsd / 2 },
    fdv: supply === null ? null : Math.round(price * supply),
    marketCap: supply === null ? null : Math.round(price * supply * 0.8),
    pairCreatedAt: token.createdAt,
  });
  const thin = pair(30, simPrice(token, ds.bias * 1.5, t), 40, 'thin', null);
  if (ds.thinPoolOnly) return [thin];
  return [pair(token.liquidityUsd, simPrice(token, ds.bias, t), token.volume24hUsd, 'main', 1e9), thin];
}

function geckoToken(token: SimToken, network: string, t: number) {
  const gt = token.geckoterminal!;
  const address = token.chain === 'solana' ? token.address : token.address.toLowerCase();
  const text = (v: number) => (gt.nullFields ? null : decimal(v));
  return {
    id: `${network}_${address}`,
    type: 'token',
    attributes: {
      address,
      name: token.name,
      symbol: token.symbol,
      decimals: 18,
      price_usd: text(simPrice(token, gt.bias, t)),
      fdv_usd: text(token.price * 1e9),
      total_reserve_in_usd: text(token.liquidityUsd * 0.95),
      volume_usd: gt.nullFields ? null : { h24: decimal(token.volume24hUsd * 0.9) },
      market_cap_usd: null,
    },
    relationships: { top_pools: { data: [] } },
  };
}

export async function startFakeUpstreams(opts: { now?: () => number; tokens?: SimToken[] } = {}): Promise<FakeUpstreams> {
  const now = opts.now ?? Date.now;
  const tokens = opts.tokens ?? SIM_TOKENS;
  const listed = (key: 'dexscreener' | 'geckoterminal' | 'jupiter', chain: Chain, addresses: string[]) =>
    tokens.filter((t) => t[key] && t.chain === chain && addresses.some((a) => sameAddress(a, t.address)));

  const dexscreener = await startFakeHttp((url) => {
    const tokenPath = segmentsAfter(url.pathname, '/tokens/v1/');
    if (tokenPath?.length === 2) {
      const chain = CHAINS.find((c) => dexScreenerChainId(c) === tokenPath[0]);
      const addresses = tokenPath[1]!.split(',');
      if (!chain || addresses.length > 30) return { status: 400, body: { error: 'Bad Request' } };
      return { status: 200, body: listed('dexscreener', chain, addresses).flatMap((t) => dexScreenerPairs(t, now())) };
    }
    if (url.pathname === '/latest/dex/search') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const hits = tokens.filter(
        (t) => t.dexscreener && q && [t.symbol, t.name, t.address].some((s) => s.toLowerCase().includes(q)),
      );
      return { status: 200, body: { schemaVersion: '1.0.0', pairs: hits.flatMap((t) => dexScreenerPairs(t, now())) } };
    }
    return notFound;
  }, { now });

  const geckoterminal = await startFakeHttp((url) => {
    if (url.pathname === '/api/v2/networks/trending_pools') {
      const trending = tokens.filter((t) => t.geckoterminal).slice(0, 10);
      return {
        status: 200,
        body: {
          data: trending.map((t) => {
            const network = geckoTerminalNetwork(t.chain);
            return {
              id: `${network}_pool${t.address.slice(2, 12)}`,
              type: 'pool',
              attributes: { name: `${t.symbol} / USDC`, base_token_price_usd: decimal(simPrice(t, 1, now())), reserve_in_usd: decimal(t.liquidityUsd) },
              relationships: { base_token: { data: { id: `${network}_${t.address}`, type: 'token' } } },
            };
          }),
        },
      };
    }
    const multi = segmentsAfter(url.pathname, '/api/v2/networks/');
    if (multi?.length === 4 && multi[1] === 'tokens' && multi[2] === 'multi') {
      const chain = CHAINS.find((c) => geckoTerminalNetwork(c) === multi[0]);
      const addresses = multi[3]!.split(',');
      if (!chain) return { status: 404, body: { errors: [{ status: '404', title: 'Not Found' }] } };
      if (addresses.length > 30) return { status: 400, body: { errors: [{ status: '400', title: 'Exceeded maximum number of addresses' }] } };
      return { status: 200, body: { data: listed('geckoterminal', chain, addresses).map((t) => geckoToken(t, multi[0]!, now())) } };
    }
    return { status: 404, body: { errors: [{ status: '404', title: 'Not Found' }] } };
  }, { pathPrefix: '/api/v2', now });

  const jupiter = await startFakeHttp((url) => {
    if (url.pathname !== '/price/v3') return notFound;
    const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > 50) return { status: 400, body: { error: 'Too many ids' } };
    const body: Record<string, unknown> = {};
    for (const t of listed('jupiter', 'solana', ids)) {
      body[t.address] = {
        createdAt: new Date(t.createdAt).toISOString(),
        liquidity: t.liquidityUsd,
        usdPrice: simPrice(t, t.jupiter!.bias, now()),
        blockId: Math.floor(now() / 400),
        decimals: 9,
        priceChange24h: 4.1,
      };
    }
    return { status: 200, body };
  }, { now });

  return {
    dexscreener,
    geckoterminal,
    jupiter,
    close: async () => {
      await Promise.all([dexscreener.close(), geckoterminal.close(), jupiter.close()]);
    },
  };
}

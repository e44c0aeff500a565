import type { Chain } from '../chains';

/**
 * The simulated market the fake upstreams describe. Chosen to exercise the aggregator: tokens every source
 * knows, tokens only one source knows, sources that disagree on a price, a token whose only DexScreener pool
 * is thin, fields an upstream leaves null, and the same address on two chains.
 */
export interface SimToken {
  chain: Chain;
  /** As an upstream would print it (EVM checksummed, so lower-casing is exercised). */
  address: string;
  symbol: string;
  name: string;
  /** Reference USD price; each source drifts around it. */
  price: number;
  liquidityUsd: number;
  volume24hUsd: number;
  createdAt: number;
  /** Which fake upstream lists it, and each one's bias on the price (1 = agrees). */
  dexscreener?: { bias: number; thinPoolOnly?: boolean };
  geckoterminal?: { bias: number; nullFields?: boolean };
  jupiter?: { bias: number };
}

const day = 86_400_000;
const launched = (daysAgo: number) => Date.UTC(2026, 10, 1) - daysAgo * day;

export const SIM_TOKENS: SimToken[] = [
  { chain: 'solana', address: 'So11111111111111111111111111111111111111112', symbol: 'SOL', name: 'Wrapped SOL', price: 142.2, liquidityUsd: 29_000_000, volume24hUsd: 60_000_000, createdAt: launched(900), dexscreener: { bias: 1 }, geckoterminal: { bias: 1.0005 }, jupiter: { bias: 0.9998 } },
  { chain: 'solana', address: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263', symbol: 'Bonk', name: 'Bonk', price: 0.00001935, liquidityUsd: 14_000_000, volume24hUsd: 3_100_000, createdAt: launched(700), dexscreener: { bias: 1 }, geckoterminal: { bias: 1.01 }, jupiter: { bias: 0.995 } },
  { chain: 'solana', address: 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm', symbol: '$WIF', name: 'dogwifhat', price: 1.24, liquidityUsd: 10_200_000, volume24hUsd: 9_100_000, createdAt: launched(600), dexscreener: { bias: 1 }, jupiter: { bias: 1.002 } },
  { chain: 'solana', address: 'JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN', symbol: 'JUP', name: 'Jupiter', price: 0.4411, liquidityUsd: 6_100_000, volume24hUsd: 2_200_000, createdAt: launched(650), dexscreener: { bias: 1 }, geckoterminal: { bias: 0.998 }, jupiter: { bias: 1 } },
  // Only Jupiter prices it.
  { chain: 'solana', address: '7GCihgDB8fe6KNjn2MYtkzZcRjQy3t9GHdC8uHYmW2hr', symbol: 'POPCAT', name: 'Popcat', price: 0.21, liquidityUsd: 3_400_000, volume24hUsd: 1_900_000, createdAt: launched(400), jupiter: { bias: 1 } },
  // DexScreener knows it only through a $30 pool with a wild price; GeckoTerminal has the real market.
  { chain: 'solana', address: 'HeLp6NuQkmYB4pYWo2zYs22mESHXPQYzXbB8n4V98jwC', symbol: 'AI16Z', name: 'ai16z', price: 0.12, liquidityUsd: 2_300_000, volume24hUsd: 800_000, createdAt: launched(300), dexscreener: { bias: 6, thinPoolOnly: true }, geckoterminal: { bias: 1 } },
  { chain: 'ethereum', address: '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2', symbol: 'WETH', name: 'Wrapped Ether', price: 3412.55, liquidityUsd: 840_000_000, volume24hUsd: 1_120_000_000, createdAt: launched(2900), dexscreener: { bias: 1 }, geckoterminal: { bias: 1.0002 } },
  // The two sources disagree by 4 %.
  { chain: 'ethereum', address: '0x6982508145454Ce325dDbE47a25d4ec3d2311933', symbol: 'PEPE', name: 'Pepe', price: 0.0000094, liquidityUsd: 41_000_000, volume24hUsd: 52_000_000, createdAt: launched(950), dexscreener: { bias: 1.02 }, geckoterminal: { bias: 0.98 } },
  // GeckoTerminal knows it but leaves its numbers null.
  { chain: 'ethereum', address: '0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984', symbol: 'UNI', name: 'Uniswap', price: 7.9, liquidityUsd: 90_000_000, volume24hUsd: 30_000_000, createdAt: launched(1800), dexscreener: { bias: 1 }, geckoterminal: { bias: 1, nullFields: true } },
  // Only GeckoTerminal lists it.
  { chain: 'base', address: '0x4ed4E862860beD51a9570b96d89aF5E1B0Efefed', symbol: 'DEGEN', name: 'Degen', price: 0.0031, liquidityUsd: 5_200_000, volume24hUsd: 1_300_000, createdAt: launched(500), geckoterminal: { bias: 1 } },
  { chain: 'bsc', address: '0x0E09FaBB73Bd3Ade0a17ECC321fD13a19e81cE82', symbol: 'Cake', name: 'PancakeSwap Token', price: 2.31, liquidityUsd: 61_000_000, volume24hUsd: 18_000_000, createdAt: launched(1500), dexscreener: { bias: 1 }, geckoterminal: { bias: 1.003 } },
  { chain: 'arbitrum', address: '0x912CE59144191C1204E64559FE8253a0e49E6548', symbol: 'ARB', name: 'Arbitrum', price: 0.38, liquidityUsd: 22_000_000, volume24hUsd: 9_000_000, createdAt: launched(950), dexscreener: { bias: 1 }, geckoterminal: { bias: 0.999 } },
  { chain: 'polygon', address: '0x0d500B1d8E8eF31E21C99d1Db9A6444d3ADf1270', symbol: 'WPOL', name: 'Wrapped Polygon Ecosystem Token', price: 0.19, liquidityUsd: 12_000_000, volume24hUsd: 4_000_000, createdAt: launched(1700), dexscreener: { bias: 1 }, geckoterminal: { bias: 1.001 } },
  // One deployer address on two chains: two different tokens.
  { chain: 'base', address: '0x532f27101965dd16442E59d40670FaF5eBB142E4', symbol: 'BRETT', name: 'Brett', price: 0.052, liquidityUsd: 9_000_000, volume24hUsd: 3_000_000, createdAt: launched(550), dexscreener: { bias: 1 }, geckoterminal: { bias: 1 } },
  { chain: 'arbitrum', address: '0x532f27101965dd16442E59d40670FaF5eBB142E4', symbol: 'BRETT.a', name: 'Brett (imposter)', price: 0.0004, liquidityUsd: 40_000, volume24hUsd: 2_000, createdAt: launched(20), dexscreener: { bias: 1 } },
];

/**
 * A source's price for a token at time `t`: the reference price drifting ±3 % over a five-minute cycle,
 * times the source's bias. Deterministic, so tests can predict it.
 */
export function simPrice(token: SimToken, bias: number, t: number): number {
  const phase = (token.address.charCodeAt(5) % 7) / 7;
  const drift = 1 + 0.03 * Math.sin(2 * Math.PI * (t / 300_000 + phase));
  return token.price * drift * bias;
}

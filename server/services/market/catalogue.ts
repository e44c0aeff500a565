import type { AssetKind } from '@/db/schema/market';

export interface CatalogueAsset {
  symbol: string;
  name: string;
  kind: AssetKind;
  chain?: string;
  contractAddress?: string;
  pricePrecision: number;
  qtyPrecision: number;
  basePrice: string;
  /** Annualised volatility the simulator starts from. */
  volatility: number;
  /** The symbol on Binance spot (BTC → BTCUSDT), for assets it lists. */
  binance?: string;
  /** The ticker on Yahoo's chart API (AAPL → AAPL), for equities. */
  yahoo?: string;
}

/** Which live source can serve an asset, and under which of its own symbols. */
export type LiveProvider = 'binance' | 'yahoo' | 'tokens';

/**
 * The demo catalogue seeded on start: crypto majors, meme tokens (real chains and contracts), equities, each
 * with its symbol at the live source that serves its kind (see `liveSymbol`).
 */
export const CATALOGUE: readonly CatalogueAsset[] = [
  { symbol: 'BTC', name: 'Bitcoin', kind: 'crypto', pricePrecision: 2, qtyPrecision: 6, basePrice: '97250.00', volatility: 0.55, binance: 'BTCUSDT' },
  { symbol: 'ETH', name: 'Ethereum', kind: 'crypto', pricePrecision: 2, qtyPrecision: 5, basePrice: '3420.50', volatility: 0.7, binance: 'ETHUSDT' },
  { symbol: 'SOL', name: 'Solana', kind: 'crypto', pricePrecision: 3, qtyPrecision: 4, basePrice: '182.340', volatility: 0.9, binance: 'SOLUSDT' },
  { symbol: 'BNB', name: 'BNB', kind: 'crypto', pricePrecision: 2, qtyPrecision: 4, basePrice: '655.10', volatility: 0.6, binance: 'BNBUSDT' },
  { symbol: 'XRP', name: 'XRP', kind: 'crypto', pricePrecision: 4, qtyPrecision: 2, basePrice: '2.3150', volatility: 0.85, binance: 'XRPUSDT' },
  { symbol: 'ADA', name: 'Cardano', kind: 'crypto', pricePrecision: 4, qtyPrecision: 2, basePrice: '0.9820', volatility: 0.9, binance: 'ADAUSDT' },
  { symbol: 'AVAX', name: 'Avalanche', kind: 'crypto', pricePrecision: 3, qtyPrecision: 3, basePrice: '38.420', volatility: 0.95, binance: 'AVAXUSDT' },
  { symbol: 'LINK', name: 'Chainlink', kind: 'crypto', pricePrecision: 3, qtyPrecision: 3, basePrice: '22.810', volatility: 0.9, binance: 'LINKUSDT' },
  { symbol: 'DOT', name: 'Polkadot', kind: 'crypto', pricePrecision: 3, qtyPrecision: 3, basePrice: '7.120', volatility: 0.9, binance: 'DOTUSDT' },
  {
    symbol: 'DOGE', name: 'Dogecoin', kind: 'meme', chain: 'dogecoin', pricePrecision: 5, qtyPrecision: 0,
    basePrice: '0.38120', volatility: 1.1, binance: 'DOGEUSDT',
  },
  {
    symbol: 'PEPE', name: 'Pepe', kind: 'meme', chain: 'ethereum', contractAddress: '0x6982508145454ce325ddbe47a25d4ec3d2311933',
    pricePrecision: 10, qtyPrecision: 0, basePrice: '0.0000192400', volatility: 1.6,
  },
  {
    symbol: 'SHIB', name: 'Shiba Inu', kind: 'meme', chain: 'ethereum', contractAddress: '0x95ad61b0a150d79219dcf64e1e6cc01f0b64c4ce',
    pricePrecision: 10, qtyPrecision: 0, basePrice: '0.0000224500', volatility: 1.3,
  },
  {
    symbol: 'BONK', name: 'Bonk', kind: 'meme', chain: 'solana', contractAddress: 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263',
    pricePrecision: 10, qtyPrecision: 0, basePrice: '0.0000341200', volatility: 1.8,
  },
  {
    symbol: 'WIF', name: 'dogwifhat', kind: 'meme', chain: 'solana', contractAddress: 'EKpQGSJtjMFqKZ9KQanSqYXRcF8fBopzLHYxdM65zcjm',
    pricePrecision: 4, qtyPrecision: 1, basePrice: '2.8450', volatility: 1.9,
  },
  {
    symbol: 'FLOKI', name: 'Floki', kind: 'meme', chain: 'ethereum', contractAddress: '0xcf0c122c6b73ff809c693db761e7baebe62b6a2e',
    pricePrecision: 8, qtyPrecision: 0, basePrice: '0.00021340', volatility: 1.7,
  },
  {
    symbol: 'BRETT', name: 'Brett', kind: 'meme', chain: 'base', contractAddress: '0x532f27101965dd16442e59d40670faf5ebb142e4',
    pricePrecision: 5, qtyPrecision: 1, basePrice: '0.16230', volatility: 2.0,
  },
  { symbol: 'AAPL', name: 'Apple Inc.', kind: 'equity', pricePrecision: 2, qtyPrecision: 0, basePrice: '229.87', volatility: 0.25, yahoo: 'AAPL' },
  { symbol: 'NVDA', name: 'NVIDIA Corporation', kind: 'equity', pricePrecision: 2, qtyPrecision: 0, basePrice: '141.95', volatility: 0.5, yahoo: 'NVDA' },
  { symbol: 'MSFT', name: 'Microsoft Corporation', kind: 'equity', pricePrecision: 2, qtyPrecision: 0, basePrice: '417.00', volatility: 0.22, yahoo: 'MSFT' },
  { symbol: 'AMZN', name: 'Amazon.com, Inc.', kind: 'equity', pricePrecision: 2, qtyPrecision: 0, basePrice: '201.45', volatility: 0.3, yahoo: 'AMZN' },
  { symbol: 'GOOGL', name: 'Alphabet Inc.', kind: 'equity', pricePrecision: 2, qtyPrecision: 0, basePrice: '166.57', volatility: 0.28, yahoo: 'GOOGL' },
  { symbol: 'TSLA', name: 'Tesla, Inc.', kind: 'equity', pricePrecision: 2, qtyPrecision: 0, basePrice: '338.74', volatility: 0.6, yahoo: 'TSLA' },
  { symbol: 'META', name: 'Meta Platforms, Inc.', kind: 'equity', pricePrecision: 2, qtyPrecision: 0, basePrice: '559.14', volatility: 0.35, yahoo: 'META' },
  { symbol: 'AMD', name: 'Advanced Micro Devices, Inc.', kind: 'equity', pricePrecision: 2, qtyPrecision: 0, basePrice: '138.58', volatility: 0.5, yahoo: 'AMD' },
];

const BY_SYMBOL = new Map(CATALOGUE.map((a) => [a.symbol, a]));

/**
 * The asset's own symbol at `provider`, or null when that source cannot serve it: Binance and Yahoo by the
 * catalogue's mapping, the token aggregator by chain and contract (a meme token without a contract, DOGE,
 * has none there).
 */
export function liveSymbol(
  asset: { symbol: string; chain: string | null; contractAddress: string | null },
  provider: LiveProvider,
): string | null {
  if (provider === 'tokens') return asset.chain && asset.contractAddress ? asset.symbol : null;
  return BY_SYMBOL.get(asset.symbol)?.[provider] ?? null;
}

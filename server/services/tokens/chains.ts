import { TOKEN_CHAINS } from '@/contracts/tokens';

/**
 * The chains the aggregator tracks, one name each, whatever the upstream calls them. A token's identity is
 * (chain, address): EVM addresses are hex and case-insensitive, so they are lower-cased; Solana mints are
 * base58, where case is meaningful, so they are kept as given.
 */
export const CHAINS = TOKEN_CHAINS;
export type Chain = (typeof CHAINS)[number];

export function isChain(value: string): value is Chain {
  return (CHAINS as readonly string[]).includes(value);
}

/** DexScreener's chain ids are already the canonical names for the chains we track. */
const DEXSCREENER_CHAINS: Record<Chain, string> = {
  ethereum: 'ethereum',
  solana: 'solana',
  bsc: 'bsc',
  base: 'base',
  arbitrum: 'arbitrum',
  polygon: 'polygon',
};

/** GeckoTerminal's network ids (from its `/networks` list). */
const GECKOTERMINAL_NETWORKS: Record<Chain, string> = {
  ethereum: 'eth',
  solana: 'solana',
  bsc: 'bsc',
  base: 'base',
  arbitrum: 'arbitrum',
  polygon: 'polygon_pos',
};

const invert = (map: Record<Chain, string>) =>
  new Map<string, Chain>(Object.entries(map).map(([chain, id]) => [id, chain as Chain]));
const fromDexScreener = invert(DEXSCREENER_CHAINS);

export const dexScreenerChainId = (chain: Chain) => DEXSCREENER_CHAINS[chain];
export const geckoTerminalNetwork = (chain: Chain) => GECKOTERMINAL_NETWORKS[chain];
/** The canonical chain for a DexScreener chain id, or undefined for chains we do not track. */
export const chainFromDexScreener = (id: string) => fromDexScreener.get(id);

const EVM_ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const SOLANA_ADDRESS = /^[1-9A-HJ-NP-Za-km-z]{32,44}$/;

/** The address as the aggregator keys it, or null when it is not a valid address on that chain. */
export function canonicalAddress(chain: Chain, address: string): string | null {
  const trimmed = address.trim();
  if (chain === 'solana') return SOLANA_ADDRESS.test(trimmed) ? trimmed : null;
  return EVM_ADDRESS.test(trimmed) ? trimmed.toLowerCase() : null;
}

export const tokenKey = (chain: Chain, address: string) => `${chain}:${address}`;

import { tokenListInput, type TokenListInput } from '@/contracts/tokens';

/** The explorer's URL parameters, as a `tokens.list` input. */
export const TOKEN_SEARCH_KEYS = ['chain', 'q', 'minLiquidity', 'minVolume', 'sort', 'order', 'cursor'] as const;

/**
 * Reads the explorer's filters from the address bar. A parameter the contract refuses (a hand-edited
 * `?chain=moon`) is dropped rather than failing the page, so the rest of the view still applies.
 */
export function parseTokenSearch(params: Record<string, string | string[] | undefined>): TokenListInput {
  const raw: Record<string, string> = {};
  for (const key of TOKEN_SEARCH_KEYS) {
    const value = params[key];
    const text = Array.isArray(value) ? value[0] : value;
    if (text) raw[key] = text;
  }
  const parsed = tokenListInput.safeParse({ ...raw, limit: 100 });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) delete raw[String(issue.path[0])];
  return tokenListInput.parse({ ...raw, limit: 100 });
}

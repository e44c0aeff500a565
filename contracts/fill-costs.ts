/**
 * The fill model's costs (docs/trading.md, "Fill model"): the server fills with them and the order ticket
 * estimates with them, so the two read one figure. No zod here: the ticket's
 * first load imports this file.
 */
export const FILL_COSTS = {
  /** Fills move the latest price against the trader by this many basis points. */
  slippageBps: 5,
  /** Fee per fill, in basis points of its notional, rounded up to the cent. */
  feeBps: 10,
  feeDecimals: 2,
} as const;

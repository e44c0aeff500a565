import { z } from 'zod';
import { PLANS, type Plan } from './enums';

/** The per-account counts a plan caps, each enforced atomically where the thing is created. */
export const PLAN_QUOTAS = ['apiKeys', 'bots', 'alerts', 'webhooks'] as const;
export type PlanQuota = (typeof PLAN_QUOTAS)[number];

export interface Entitlements {
  /** Multiplies the limit of these rate-limit policies (1 = the policy as written). */
  rateLimitMultiplier: { read: number; write: number; trade: number };
  quotas: Record<PlanQuota, number>;
  /** The longest span a backtest may cover. */
  backtestRangeDays: number;
  /** The most parameter combinations one sweep may rank. */
  sweepSize: number;
}

/**
 * What each plan gets: the one table every limit is read from. An admin sets a user's plan today; a
 * billing webhook would set the same column later.
 */
export const ENTITLEMENTS = {
  free: {
    rateLimitMultiplier: { read: 1, write: 1, trade: 1 },
    quotas: { apiKeys: 10, bots: 3, alerts: 20, webhooks: 2 },
    backtestRangeDays: 365,
    sweepSize: 25,
  },
  pro: {
    rateLimitMultiplier: { read: 5, write: 5, trade: 5 },
    quotas: { apiKeys: 50, bots: 25, alerts: 500, webhooks: 20 },
    backtestRangeDays: 5 * 365,
    sweepSize: 100,
  },
} as const satisfies Record<Plan, Entitlements>;

export const planSchema = z.enum(PLANS);

export const entitlementsSchema = z.object({
  rateLimitMultiplier: z.object({ read: z.number(), write: z.number(), trade: z.number() }),
  quotas: z.object({ apiKeys: z.number().int(), bots: z.number().int(), alerts: z.number().int(), webhooks: z.number().int() }),
  backtestRangeDays: z.number().int(),
  sweepSize: z.number().int(),
});

/** Current counts against the quotas that exist in this deployment. */
export const planUsageSchema = z.object({ apiKeys: z.number().int(), bots: z.number().int(), alerts: z.number().int(), webhooks: z.number().int() });

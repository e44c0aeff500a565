import { AppError, type ErrorCode } from '@/server/errors';

/**
 * Every way a valid order can be turned away, each with its own stable reason and the domain code it
 * travels under (422 for all of them: the request was fine, the account or market cannot take it).
 */
export const REJECTIONS = {
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  INSUFFICIENT_POSITION: 'UNPROCESSABLE',
  NO_PRICE: 'UNPROCESSABLE',
  PRICE_STALE: 'UNPROCESSABLE',
  MARKET_CLOSED: 'UNPROCESSABLE',
  STOP_WRONG_SIDE: 'UNPROCESSABLE',
  KILL_SWITCH: 'RISK_LIMIT',
  SYMBOL_HALTED: 'RISK_LIMIT',
  MAX_ORDER_NOTIONAL: 'RISK_LIMIT',
  MAX_POSITION_NOTIONAL: 'RISK_LIMIT',
  DAILY_LOSS_LIMIT: 'RISK_LIMIT',
} as const satisfies Record<string, ErrorCode>;

export type RejectReason = keyof typeof REJECTIONS;

export interface Rejection {
  reason: RejectReason;
  message: string;
  details?: Record<string, unknown>;
}

export function rejectionError(rejection: Rejection, orderId: string): AppError {
  return new AppError(REJECTIONS[rejection.reason], rejection.message, {
    reason: rejection.reason,
    details: { ...rejection.details, orderId },
  });
}

export function isRejectReason(reason: string | null): reason is RejectReason {
  return reason !== null && reason in REJECTIONS;
}

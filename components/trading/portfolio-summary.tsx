'use client';

import type { AccountSummary, PositionView } from '@/components/trpc/outputs';
import { AccountFigures } from './account-figures';
import { useLiveAccount } from './use-live-account';

/** The dashboard's account card, kept live by the account and price streams. */
export function PortfolioSummary(initial: { account: AccountSummary; positions: PositionView[] }) {
  return <AccountFigures live={useLiveAccount(initial)} />;
}

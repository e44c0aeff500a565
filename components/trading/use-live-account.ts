'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useLivePrices } from '@/components/market/use-live-prices';
import { useTRPC } from '@/components/trpc/react';
import type { AccountSummary, PositionView } from '@/components/trpc/outputs';
import { markAccount } from './mark-account';

/**
 * The paper account, live: balances and positions are re-read the moment the account stream says an order
 * or fill changed them (an order placed from a script shows within a second), and positions are marked by
 * the price stream between those reads.
 */
export function useLiveAccount(initial: { account: AccountSummary; positions: PositionView[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const accountOptions = trpc.account.get.queryOptions();
  const positionsOptions = trpc.trading.positions.queryOptions();
  const account = useQuery({ ...accountOptions, initialData: initial.account });
  const positions = useQuery({ ...positionsOptions, initialData: { data: initial.positions, nextCursor: null } });
  useSubscription(
    trpc.stream.account.subscriptionOptions(
      {},
      {
        onData: () => {
          void queryClient.invalidateQueries({ queryKey: accountOptions.queryKey });
          void queryClient.invalidateQueries({ queryKey: positionsOptions.queryKey });
        },
      },
    ),
  );
  const { ticks } = useLivePrices(positions.data.data.map((p) => p.symbol));
  return markAccount(account.data, positions.data.data, ticks);
}

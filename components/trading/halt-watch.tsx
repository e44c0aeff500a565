'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/react';
import type { HaltStatus } from '@/components/trpc/outputs';
import { HaltNotice } from './halt-banner';

/** The halt notice kept current: `market.halt` every 15 s, starting from the server's status. */
export function HaltWatch({ initial }: { initial: HaltStatus }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.market.halt.queryOptions({ symbol: initial.symbol }), initialData: initial, refetchInterval: 15_000 });
  return <HaltNotice status={data} />;
}

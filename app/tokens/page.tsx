import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SourceHealthStrip } from '@/components/tokens/source-health-strip';
import { parseTokenSearch } from '@/components/tokens/token-search';
import { TokenTable } from '@/components/tokens/token-table';
import { getServerCaller } from '@/server/api/server-caller';

export const metadata: Metadata = { title: 'Tokens' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** Public: the token aggregator's merged DEX tokens, filtered and sorted as the address bar says, live. */
export default async function TokensPage({ searchParams }: Props) {
  const query = parseTokenSearch(await searchParams);
  const caller = await getServerCaller();
  const [page, sources] = await Promise.all([caller.tokens.list(query), caller.tokens.sources()]);
  return (
    <section aria-labelledby="tokens-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 id="tokens-heading" className="text-2xl font-semibold">
          Tokens
        </h1>
        <p className="text-sm text-zinc-500">DexScreener, GeckoTerminal and Jupiter, merged and updated live.</p>
      </div>
      <SourceHealthStrip initial={sources.data} />
      <Suspense>
        <TokenTable tokens={page.data} query={query} nextCursor={page.nextCursor} />
      </Suspense>
    </section>
  );
}

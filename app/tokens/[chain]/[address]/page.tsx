import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { tokenGetInput } from '@/contracts/tokens';
import { TokenDetail } from '@/components/tokens/token-detail';
import { getServerCaller } from '@/server/api/server-caller';
import { AppError } from '@/server/errors';

type Props = { params: Promise<{ chain: string; address: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { chain, address } = await params;
  return { title: `${address.slice(0, 10)}… on ${chain}` };
}

/** Public: one token, merged and per source, live. */
export default async function TokenPage({ params }: Props) {
  const { chain, address } = await params;
  const input = tokenGetInput.safeParse({ chain, address });
  if (!input.success) notFound();
  const caller = await getServerCaller();
  const token = await caller.tokens.get(input.data).catch((error: unknown) => {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof AppError && (cause.code === 'NOT_FOUND' || cause.code === 'BAD_REQUEST')) notFound();
    throw error;
  });
  return (
    <section className="space-y-4">
      <Link href="/tokens" className="text-sm text-zinc-500 hover:underline">
        ← Tokens
      </Link>
      <TokenDetail initial={token} />
    </section>
  );
}

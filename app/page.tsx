import Link from 'next/link';
import { redirect } from 'next/navigation';
import { auth } from '@/server/auth';

export default async function HomePage() {
  if ((await auth())?.user) redirect('/dashboard');
  return (
    <section className="space-y-6 py-12">
      <h1 className="text-4xl font-bold tracking-tight">Markets, live. Trading, on paper.</h1>
      <p className="max-w-2xl text-lg text-zinc-600 dark:text-zinc-400">
        PrimeTrade streams live prices and candles, and gives you a paper account with risk limits — on your
        laptop with nothing but Node.js, or in the cloud.
      </p>
      <div className="flex gap-3">
        <Link href="/sign-up" className="rounded bg-brand px-4 py-2 font-medium text-white">
          Create an account
        </Link>
        <Link href="/sign-in" className="rounded border border-zinc-300 px-4 py-2 dark:border-zinc-700">
          Sign in
        </Link>
      </div>
    </section>
  );
}

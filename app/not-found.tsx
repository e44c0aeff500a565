import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="mx-auto max-w-md space-y-4 py-12 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-zinc-600 dark:text-zinc-400">There is nothing at this address.</p>
      <Link href="/" className="text-brand underline">
        Back to PrimeTrade
      </Link>
    </section>
  );
}

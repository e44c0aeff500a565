'use client';

/** Shown when a page fails to render: a plain message and a retry, never the cause. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section className="mx-auto max-w-md space-y-4 py-12 text-center" role="alert">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        The page could not be loaded. {error.digest ? `Reference: ${error.digest}.` : ''}
      </p>
      <button type="button" onClick={reset} className="rounded bg-brand px-4 py-2 font-medium text-white">
        Try again
      </button>
    </section>
  );
}

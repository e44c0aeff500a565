/** Shown while the first page of tasks is read on the server. */
export default function TasksLoading() {
  return (
    <section className="space-y-4" aria-busy="true">
      <h1 className="text-2xl font-semibold">Tasks</h1>
      <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
        Loading tasks…
      </p>
    </section>
  );
}

/** Runs once per server process before requests are served; Node-only start-up is guarded here. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const [{ boot }, { role }, { logger }] = await Promise.all([
      import('./server/boot'),
      import('./server/env'),
      import('./server/logger'),
    ]);
    if (role === 'worker') throw new Error('PRIMETRADE_ROLE=worker is for `npm run worker`; a Next server is `web` or `local`');
    const booted = await boot(role);
    // Next drains requests on a signal; meanwhile the worker's parts hand their jobs and leases back, so the
    // next start (or another worker) resumes at once instead of waiting out the leases.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        booted.stop().catch((error: unknown) => logger.error({ err: error }, 'worker parts did not stop cleanly'));
      });
    }
  }
}

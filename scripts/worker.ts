/**
 * `npm run worker`: the worker role (job runner; market feed and trading engine under deployment-wide
 * leases) as its own process, since serverless functions cannot hold a feed or a bus subscription open.
 * Start as many as you like: each singleton runs on one of them and moves when that one dies. In the local
 * profile `next start` already runs the worker role in-process; run this only without it on the same data
 * dir (PGlite takes one process).
 */
import { boot } from '@/server/boot';

const { infra, stop } = await boot('worker');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    infra.logger.info({ signal }, 'worker stopping');
    void stop()
      .then(() => infra.close())
      .finally(() => process.exit(0));
  });
}

import 'server-only';
import type { Infra } from '@/server/infra/infra';
import { logger } from '@/server/logger';
import { JOB_HANDLERS } from './handlers';
import { createJobRunner, type JobRunner } from './runner';

const globalForRunner = globalThis as typeof globalThis & { __primetradeJobRunner?: JobRunner };

/**
 * The local profile's in-process runner, started once per process (kept on globalThis so hot reloads and
 * Next's separate bundles never start a second one). On SIGTERM/SIGINT it hands its current job back while
 * Next drains requests, so the next start resumes it at once; if the process dies first, the lease runs out
 * and the job is taken over all the same.
 */
export async function startProcessJobRunner(infra: Pick<Infra, 'db' | 'bus'>): Promise<JobRunner> {
  if (!globalForRunner.__primetradeJobRunner) {
    const runner = createJobRunner({ db: infra.db, bus: infra.bus, handlers: JOB_HANDLERS });
    globalForRunner.__primetradeJobRunner = runner;
    await runner.start();
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping the job runner');
      runner.stop().catch((error: unknown) => logger.error({ err: error }, 'job runner did not stop cleanly'));
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  }
  return globalForRunner.__primetradeJobRunner;
}

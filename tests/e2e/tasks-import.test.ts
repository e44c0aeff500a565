import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs } from '@/db/schema';
import { createPrimeTradeClient, type PrimeTradeClient } from '@/server/client';
import { openPglite } from '@/server/infra/db/pglite';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

async function signedIn(email = 'importer@example.com'): Promise<{ api: PrimeTradeClient; token: string }> {
  const anon = createPrimeTradeClient({ url: server.url });
  const account = { email, password: 'password-123' };
  await anon.auth.register.mutate({ ...account, name: 'Importer' });
  const { accessToken } = await anon.auth.token.mutate(account);
  return { api: createPrimeTradeClient({ url: server.url, token: accessToken }), token: accessToken };
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('job progress over SSE', () => {
  it('streams a job from queued to succeeded on the tRPC subscription endpoint', async () => {
    const { api, token } = await signedIn('watcher@example.com');
    const csv = `title\n${Array.from({ length: 5_000 }, (_, i) => `W${i}`).join('\n')}\n`;
    const { jobId } = await api.tasks.import.mutate({ csv });

    const input = encodeURIComponent(JSON.stringify({ json: { id: jobId } }));
    const res = await fetch(`${server.url}/api/trpc/node/jobs.watch?input=${input}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);

    // Read the stream up to the job's final event.
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('"status":"succeeded"')) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
    await reader.cancel();
    const progress = [...text.matchAll(/"processed":(\d+)/g)].map((m) => Number(m[1]));
    expect(progress.at(-1)).toBe(5_000);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(text).toContain('"status":"succeeded"');
  });
});

describe('CSV import across a server restart', () => {
  it('finishes a job interrupted by a restart, with every task exactly once', { timeout: 180_000 }, async () => {
    const ROWS = 80_000;
    const csv = `title\n${Array.from({ length: ROWS }, (_, i) => `T${i}`).join('\n')}\n`;
    let { api } = await signedIn();
    const { jobId } = await api.tasks.import.mutate({ csv });

    // Stop the server once the job is under way (a few batches in, far from done).
    // Progress is readable while the job runs: the runner leaves the server room to answer.
    await until(() => api.jobs.get.query({ id: jobId }), (j) => j.processed >= 2_000, 60_000);
    await server.stop();

    // While the server is down, the database shows the job cut short: part done, nothing running it.
    const db = await openPglite(path.join(server.dataDir, 'pglite'));
    const [stopped] = await db.db.select().from(jobs).where(eq(jobs.id, jobId));
    await db.close();
    expect(stopped!.status).not.toBe('succeeded');
    expect(stopped!.processed).toBeGreaterThan(0);
    expect(stopped!.processed).toBeLessThan(ROWS);

    server = await startServer({ dataDir: server.dataDir });
    const { accessToken } = await createPrimeTradeClient({ url: server.url }).auth.token.mutate({
      email: 'importer@example.com',
      password: 'password-123',
    });
    api = createPrimeTradeClient({ url: server.url, token: accessToken });
    // Handed back on SIGTERM it resumes at once; had the process died first, after its 30 s lease ran out.
    const job = await until(() => api.jobs.get.query({ id: jobId }), (j) => j.status === 'succeeded', 120_000);

    expect(job).toMatchObject({ processed: ROWS, total: ROWS, errorCount: 0 });
    // `imported` counts the rows this job created: a repeated batch would push it past ROWS.
    expect(job.result).toEqual({ imported: ROWS });
  });
});

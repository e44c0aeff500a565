import { neon } from '@neondatabase/serverless';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { routeNeonThroughBridge } from '@/server/infra/db/neon-config';
import { openNeonHttp } from '@/server/infra/db/neon-http';
import { openNeonPool } from '@/server/infra/db/neon-pool';
import { queryRows } from '@/server/infra/db/types';
import { startNeonBridge, type NeonBridge } from '../../scripts/bridges/neon';
import { createScratchPostgres } from '../support/infra';
import { announceSkip, services } from '../support/services';
import { dbContract } from './contracts/db';

// The cloud profile's Neon drivers on a real Postgres (15 in CI) through the Neon-compatible bridge:
// the WebSocket Pool passes the db contract; the HTTP driver (edge reads) reads what the Pool wrote.
announceSkip('postgres', 'db contract on Neon drivers (bridge → Postgres)');
describe.skipIf(!services.postgres)('Neon drivers through the bridge', () => {
  let bridge: NeonBridge;
  const pg = services.postgres ? new URL(services.postgres) : undefined;

  beforeAll(async () => {
    bridge = await startNeonBridge({ pgHost: pg!.hostname, pgPort: Number(pg!.port || 5432) });
    routeNeonThroughBridge(bridge.url);
  });
  afterAll(() => bridge?.close());

  dbContract('Neon WebSocket Pool', () => createScratchPostgres(services.postgres!, (url) => openNeonPool(url)));
  // The same server as its own replica: reads go through Drizzle's withReplicas, writes and transactions
  // to the primary.
  dbContract('Neon WebSocket Pool with a read replica', () =>
    createScratchPostgres(services.postgres!, (url) => openNeonPool(url, { replicaUrls: [url] })),
  );

  describe('Neon HTTP driver', () => {
    let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
    beforeAll(async () => {
      scratch = await createScratchPostgres(services.postgres!, (url) => openNeonPool(url));
    });
    afterAll(() => scratch?.close());

    it('reads what the Pool wrote, with exact numerics and typed columns', async () => {
      await scratch.db.insert(users).values({ email: 'http@example.com', name: 'Over HTTP' });
      const http = openNeonHttp(scratch.url);
      const [row] = await http.select().from(users).where(eq(users.email, 'http@example.com'));
      expect(row?.name).toBe('Over HTTP');
      expect(row?.createdAt).toBeInstanceOf(Date);
      const [sum] = await queryRows<{ sum: string }>(http, sql`select (0.1::numeric + 0.2::numeric)::text as sum`);
      expect(sum?.sum).toBe('0.3');
    });

    it('runs a batch as one transaction: a failing statement rolls back the ones before it', async () => {
      const client = neon(scratch.url);
      await expect(
        client.transaction([
          client`insert into users (email, name) values ('batch@example.com', 'Batch')`,
          client`select 1 / 0`,
        ]),
      ).rejects.toMatchObject({ code: '22012' });
      expect(await client`select email from users where email = 'batch@example.com'`).toEqual([]);
      const [, count] = await client.transaction(
        [client`insert into users (email, name) values ('batch@example.com', 'Batch')`, client`select count(*)::int as n from users`],
        { isolationLevel: 'Serializable', readOnly: false },
      );
      expect(count).toEqual([{ n: 2 }]);
    });

    it('surfaces Postgres errors with their code', async () => {
      const http = openNeonHttp(scratch.url);
      await expect(http.insert(users).values({ email: 'http@example.com', name: 'Again' })).rejects.toMatchObject({
        cause: expect.objectContaining({ code: '23505' }),
      });
    });
  });
});

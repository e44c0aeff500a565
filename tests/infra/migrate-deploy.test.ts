import { spawnSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '@/server/infra/db/types';
import { openNodePostgres } from '@/server/infra/db/node-postgres';
import { announceSkip, services } from '../support/services';

function migrateDeploy(env: Record<string, string | undefined>) {
  const base = { ...process.env };
  delete base.DATABASE_URL;
  const run = spawnSync(process.execPath, ['scripts/migrate-deploy.mjs'], { env: { ...base, ...env }, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('deploy-time migrations (scripts/migrate-deploy.mjs)', () => {
  it('skips, and says so, without DATABASE_URL', () => {
    const run = migrateDeploy({});
    expect(run.status).toBe(0);
    expect(run.output).toContain('DATABASE_URL is not set: skipped');
  });

  announceSkip('postgres', 'drizzle-kit migrate on Postgres');
  describe.skipIf(!services.postgres)('on Postgres', () => {
    const name = `pt_deploy_${Date.now()}`;
    const url = new URL(services.postgres ?? 'postgres://unused');
    url.pathname = `/${name}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: services.postgres });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    afterAll(async () => {
      if (services.postgres) await admin(`drop database if exists ${name} with (force)`);
    });

    it('applies every migration with drizzle-kit, and the app then finds nothing left to apply', async () => {
      await admin(`create database ${name}`);
      const first = migrateDeploy({ DATABASE_URL: url.toString() });
      expect(first.output).toContain('migrations applied');
      expect(first.status).toBe(0);
      expect(migrateDeploy({ DATABASE_URL: url.toString() }).status).toBe(0); // idempotent

      const handle = await openNodePostgres(url.toString()); // the app's start-up migrator
      try {
        const journal = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        const files = await import('../../db/migrations/meta/_journal.json', { with: { type: 'json' } });
        expect(journal[0]!.n).toBe(files.default.entries.length);
        const users = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from users`);
        expect(users[0]!.n).toBe(0);
      } finally {
        await handle.close();
      }
    });
  });
});

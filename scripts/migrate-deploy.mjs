#!/usr/bin/env node
/**
 * The deploy-time migration step (vercel.json's buildCommand runs it before `next build`): applies
 * db/migrations with `drizzle-kit migrate` when DATABASE_URL is set, and says it skipped otherwise (the
 * local profile migrates its PGlite database on start). The app's start-up migrator reads the same journal
 * table, so whichever runs first applies a migration and the other finds nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

if (!process.env.DATABASE_URL) {
  console.log('[migrate-deploy] DATABASE_URL is not set: skipped (the app migrates on start)');
  process.exit(0);
}

// The package exports no bin path; its main entry sits beside bin.cjs.
const drizzleKit = path.join(path.dirname(createRequire(import.meta.url).resolve('drizzle-kit')), 'bin.cjs');
const started = Date.now();
const result = spawnSync(process.execPath, [drizzleKit, 'migrate'], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`[migrate-deploy] drizzle-kit migrate failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status ?? 1);
}
console.log(`[migrate-deploy] migrations applied in ${Date.now() - started} ms`);

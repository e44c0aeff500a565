// Builds with `next build` when .next has no build, or when sources are newer than the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const SOURCES = ['app', 'server', 'db', 'components', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.js', 'package-lock.json'];

function newestMtime(entry) {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

export function buildIsCurrent() {
  const marker = path.join('.next', 'BUILD_ID');
  if (!existsSync(marker)) return false;
  const built = statSync(marker).mtimeMs;
  return SOURCES.every((s) => newestMtime(s) <= built);
}

export async function ensureBuild() {
  if (buildIsCurrent()) return;
  console.log('[primetrade] building (next build)…');
  const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}

// Builds with `next build` when .next has no build, or when anything that goes into the build is newer than it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * What goes into the build is derived, not listed: every file of the project except what Next never reads.
 * A new top-level folder (pages/ was missed by a hand-kept list, so an edit to the SSE door was served from a
 * stale build) counts without anyone remembering to add it.
 */
const NOT_BUILT_FOLDERS = new Set(['node_modules', 'tests', 'bench', 'docs', 'scripts', 'coverage', 'test-results']);
const NOT_BUILT_FILE = /(\.md|\.tsbuildinfo)$|^next-env\.d\.ts$/;

// Dot entries are tooling and data (.next itself, .git, .data, .ci), never app sources.
const notBuilt = (item, atRoot) =>
  item.name.startsWith('.') || (item.isDirectory() ? atRoot && NOT_BUILT_FOLDERS.has(item.name) : NOT_BUILT_FILE.test(item.name));

function newestMtime(dir, atRoot = false) {
  // A folder's own mtime moves when a file is added or removed in it; the root's also when tooling adds output.
  let newest = atRoot ? 0 : statSync(dir).mtimeMs;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    if (notBuilt(item, atRoot)) continue;
    const entry = path.join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(entry) : statSync(entry).mtimeMs);
  }
  return newest;
}

/** True when `root` has a build and nothing that goes into it has changed since. */
export function buildIsCurrent(root = process.cwd()) {
  const marker = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(marker)) return false;
  return newestMtime(root, true) <= statSync(marker).mtimeMs;
}

export async function ensureBuild() {
  if (buildIsCurrent()) return;
  console.log('[primetrade] building (next build)…');
  const result = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}

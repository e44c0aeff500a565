import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIsCurrent } from '@/scripts/ensure-build.mjs';

// A small project tree: every file written an hour ago, the build (BUILD_ID) a minute ago.
const FILES = [
  'app/page.tsx',
  'pages/api/v1/stream/prices.ts',
  'contracts/common.ts',
  'server/env.ts',
  'proxy.ts',
  'package-lock.json',
  'tests/e2e/stream.test.ts',
  'bench/orders.ts',
  'docs/trading.md',
  'README.md',
  'tsconfig.tsbuildinfo',
];
const HOUR_AGO = Date.now() / 1000 - 3600;
const BUILT = Date.now() / 1000 - 60;

let root: string;

function write(file: string, at: number) {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, '');
  utimesSync(full, at, at);
  for (let dir = path.dirname(full); dir !== root; dir = path.dirname(dir)) utimesSync(dir, HOUR_AGO, HOUR_AGO);
}

/** An edit made now: newer than the build. */
const edit = (file: string) => write(file, Date.now() / 1000);

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'ensure-build-'));
  for (const file of FILES) write(file, HOUR_AGO);
  write('.next/BUILD_ID', BUILT);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('buildIsCurrent', () => {
  it('is true for a build newer than every source, false with no build at all', () => {
    expect(buildIsCurrent(root)).toBe(true);
    rmSync(path.join(root, '.next'), { recursive: true });
    expect(buildIsCurrent(root)).toBe(false);
  });

  it('turns false when the SSE door under pages/ is edited', () => {
    edit('pages/api/v1/stream/prices.ts');
    expect(buildIsCurrent(root)).toBe(false);
  });

  it.each(['contracts/common.ts', 'app/page.tsx', 'proxy.ts', 'package-lock.json', 'lib/new-folder.ts'])(
    'turns false when %s changes (a new top-level folder counts too)',
    (file) => {
      edit(file);
      expect(buildIsCurrent(root)).toBe(false);
    },
  );

  it.each(['tests/e2e/stream.test.ts', 'bench/orders.ts', 'docs/trading.md', 'README.md', 'tsconfig.tsbuildinfo', '.data/pglite/x'])(
    'stays true when %s changes: it does not go into the build',
    (file) => {
      edit(file);
      expect(buildIsCurrent(root)).toBe(true);
    },
  );
});

// bench/first-load-js — JavaScript a browser downloads to show each app route (gzip bytes), from the
// current `next build`. Next 16 (Turbopack) no longer prints sizes; it writes the chunk list per route to
// .next/diagnostics/route-bundle-stats.json. This script cross-checks that list against the manifests the
// server itself uses (build-manifest `rootMainFiles` + the route's client reference manifest
// `entryJSFiles`), gzips every chunk and prints totals. Baseline: the framework chunks every route loads.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { ensureBuild } from '../scripts/ensure-build.mjs';
import { fmt, resultsDir } from './lib.mjs';

await ensureBuild();
const NEXT = '.next';
const read = (file) => readFileSync(path.join(NEXT, file), 'utf8');
const buildManifest = JSON.parse(read('build-manifest.json'));
const rootMain = buildManifest.rootMainFiles.map((f) => path.join(NEXT, f));

const sizes = new Map();
function sizeOf(chunk) {
  if (!sizes.has(chunk)) {
    const bytes = readFileSync(chunk);
    sizes.set(chunk, { raw: bytes.length, gzip: gzipSync(bytes).length });
  }
  return sizes.get(chunk);
}
const total = (chunks) =>
  chunks.reduce((sum, c) => ({ raw: sum.raw + sizeOf(c).raw, gzip: sum.gzip + sizeOf(c).gzip }), { raw: 0, gzip: 0 });

/** Chunks the route's HTML loads, from the client reference manifest the server renders it with. */
function chunksFromManifests(route) {
  const page = Object.entries(JSON.parse(read('app-path-routes-manifest.json'))).find(([, r]) => r === route)?.[0];
  if (!page) return null;
  const file = path.join(NEXT, 'server', 'app', `${page}_client-reference-manifest.js`);
  if (!existsSync(file)) return null;
  const sandbox = { globalThis: {} };
  vm.runInNewContext(readFileSync(file, 'utf8'), sandbox);
  const manifest = Object.values(sandbox.globalThis.__RSC_MANIFEST)[0];
  const entry = Object.values(manifest.entryJSFiles).flat().map((f) => path.join(NEXT, f));
  return [...new Set([...entry, ...rootMain])];
}

const statsFile = path.join(NEXT, 'diagnostics', 'route-bundle-stats.json');
const fromStats = existsSync(statsFile) ? JSON.parse(readFileSync(statsFile, 'utf8')) : null;
const routes = fromStats
  ? fromStats.map((r) => ({ route: r.route, chunks: r.firstLoadChunkPaths }))
  : Object.values(JSON.parse(read('app-path-routes-manifest.json')))
      .filter((r) => !r.startsWith('/api/') && !/\.\w+$/.test(r))
      .map((route) => ({ route, chunks: chunksFromManifests(route) }))
      .filter((r) => r.chunks);

const shared = total(rootMain);
const rows = routes
  .map(({ route, chunks }) => {
    const own = chunks.filter((c) => !rootMain.includes(c));
    const check = chunksFromManifests(route);
    const agrees = !check || (check.length === chunks.length && check.every((c) => chunks.includes(c)));
    return { route, chunks: chunks.length, ...total(chunks), routeGzip: total(own).gzip, agrees };
  })
  .sort((a, b) => b.gzip - a.gzip);

const kib = (n) => fmt(n / 1024, 1).padStart(6);
console.log(`first-load-js: source ${fromStats ? statsFile : 'client reference manifests'}; gzip level 6 (what next start sends)`);
console.log(`first-load-js: framework chunks (rootMainFiles, every route): ${kib(shared.gzip)} KiB gzip (${kib(shared.raw)} KiB raw)`);
console.log(`first-load-js: ${'route'.padEnd(20)} chunks  gzip KiB  raw KiB  beyond framework  ×framework`);
for (const r of rows) {
  console.log(
    `first-load-js: ${r.route.padEnd(20)} ${String(r.chunks).padStart(6)}  ${kib(r.gzip)}   ${kib(r.raw)}   ${kib(r.routeGzip)} KiB       ` +
      `${fmt(r.gzip / shared.gzip, 2)}${r.agrees ? '' : '  (manifests list other chunks!)'}`,
  );
}
const out = path.join(resultsDir(), 'first-load-js.json');
writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), buildId: read('BUILD_ID'), shared, rows }, null, 2));
console.log(`first-load-js: details in ${out}`);

// `npm run bench [-- name…]`: runs each bench (default: all) in its own process, with the
// file-descriptor limit raised for the SSE bench's thousands of sockets.
import { spawnSync } from 'node:child_process';

const BENCHES = {
  ingest: 'npx tsx bench/ingest.ts',
  read: 'node bench/read.mjs',
  sse: 'node bench/sse.mjs',
  'sse-cloud': 'node bench/sse-cloud.mjs',
  'bus-cloud': 'npx tsx bench/bus-cloud.mts',
  orders: 'npx tsx bench/orders.ts',
  'orders-http': 'node --conditions=react-server --import tsx bench/orders-http.ts',
  tokens: 'node --conditions=react-server --import tsx bench/tokens.ts',
  lighthouse: 'node bench/lighthouse.mjs',
  'first-load-js': 'node bench/first-load-js.mjs',
  'main-thread': 'node bench/main-thread.mjs',
};

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(BENCHES);
let failed = false;
for (const name of chosen) {
  if (!BENCHES[name]) throw new Error(`unknown bench ${name}; have ${Object.keys(BENCHES).join(', ')}`);
  console.log(`\n=== bench/${name}`);
  const result = spawnSync('bash', ['-c', `ulimit -n 65536 2>/dev/null || ulimit -n $(ulimit -Hn); exec ${BENCHES[name]}`], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

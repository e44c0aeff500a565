import path from 'node:path';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const root = import.meta.dirname;
const at = (p) => path.join(root, p);

/**
 * The layers (docs/architecture.md): app/ and pages/ → server/api | server/rest | server/http | server/auth
 * → server/services → server/infra → db; components → contracts; contracts → zod only. Each zone below
 * forbids one direction; `import/no-restricted-paths` matches the resolved file, so `@/…` and relative
 * imports are caught alike, and `import type` counts too (a type is a dependency on the layer's vocabulary).
 */
const LAYERS = [
  {
    target: ['./contracts'],
    from: ['./server', './db', './components', './app', './pages'],
    message: 'contracts/ is client-safe: it imports zod and other contracts only.',
  },
  {
    target: ['./components'],
    from: ['./db'],
    message: 'Components import contracts, never db/.',
  },
  {
    target: ['./components'],
    from: [at('server/**')],
    except: [
      // root.ts: the AppRouter type (erased at build), how tRPC's client knows the procedures.
      // links.ts: the client's links, client-safe and shared with the HTTP tests and bench.
      at('server/api/{root,links}.ts'),
    ],
    message: 'Components import contracts/ (and the AppRouter type), never server code.',
  },
  {
    target: ['./app', './pages'],
    from: ['./server/services', './server/infra', './db'],
    message: 'Pages and route handlers go through server/api (the server caller), server/rest, server/http or server/auth.',
  },
  {
    target: ['./server/api', './server/rest'],
    from: ['./db'],
    message: 'Routers and REST operations reach data through services (and enums through contracts/).',
  },
  {
    target: ['./server/services'],
    from: ['./server/auth', './server/api', './server/rest', './server/http', './app', './pages', './components'],
    message: 'Services are called by the entry points (api, rest, auth); they never import them.',
  },
  {
    target: ['./server/auth'],
    from: ['./server/api', './server/rest', './app', './pages', './components'],
    message: 'server/auth sits beside server/api: it uses services, never the tRPC or REST layer.',
  },
  {
    target: ['./server/infra'],
    from: ['./server/services', './server/auth', './server/api', './server/rest', './server/http', './app', './pages', './components'],
    message: 'Infra knows nothing of the domain or the entry points: it imports db/ and the shared kernel only.',
  },
  {
    target: ['./db'],
    from: ['./server', './components', './app', './pages'],
    message: 'db/ is the bottom layer (it may read value lists and types from contracts/, which import only zod).',
  },
];

/**
 * Entry points that are not tRPC or REST and so compose infra and one service themselves: the readiness
 * probe and metrics scrape (must answer without a user context or rate limit), the cron door (Vercel Cron
 * calls it with its own secret), the SSE price and token doors (need Node's raw response, see prices.ts) and the edge
 * tRPC door (logs through infra's console log: pino does not run on the edge).
 */
const SELF_COMPOSED_ENTRY_POINTS = [
  'app/api/trpc/edge/[[]trpc]/route.ts',
  'app/api/ready/route.ts',
  'app/api/metrics/route.ts',
  'app/api/cron/maintenance/route.ts',
  'pages/api/v1/stream/prices.ts',
  'pages/api/v1/stream/tokens.ts',
];

const layerRule = (zones) => ['error', { basePath: root, zones }];
const withoutZone = (predicate) => LAYERS.filter((zone) => !predicate(zone));

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ['.next/**', '.data/**', 'node_modules/**', 'db/migrations/**', 'next-env.d.ts', 'test-results/**', 'tests/generated/**'] },
  { rules: { 'import/no-restricted-paths': layerRule(LAYERS) } },
  {
    files: SELF_COMPOSED_ENTRY_POINTS,
    rules: { 'import/no-restricted-paths': layerRule(withoutZone((z) => z.target.includes('./app'))) },
  },
  {
    files: ['contracts/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$|zod/|@/contracts/|\\./)', message: 'contracts/ imports zod and other contracts only.' }] },
      ],
    },
  },
];

export default config;

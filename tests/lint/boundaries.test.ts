import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layer rules in eslint.config.mjs, run through ESLint's Node API on small fixtures placed (virtually)
 * in each layer's folder. Each bad import must be reported as an error, so `npm run lint` (CI) fails on it.
 */
const root = path.resolve(import.meta.dirname, '../..');
const LAYER_RULES = new Set(['import/no-restricted-paths', 'no-restricted-imports']);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** Layer-rule errors for `code` linted as if it lived at `file` (relative to the repo). */
async function layerErrors(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId && LAYER_RULES.has(m.ruleId)).map((m) => ({ severity: m.severity, message: m.message }));
}

const BAD: { what: string; file: string; code: string; says: RegExp }[] = [
  {
    what: 'a component importing a service',
    file: 'components/trading/fixture-order-list.tsx',
    code: "import { placeOrder } from '@/server/services/trading/place-order';\nexport const x = placeOrder;\n",
    says: /server\/services\/trading\/place-order.*Components import contracts/,
  },
  {
    what: 'a component importing db/ (even a type)',
    file: 'components/tasks/fixture-task-row.tsx',
    code: "import type { Task } from '@/db/schema';\nexport type Row = Task;\n",
    says: /db\/schema.*never db/,
  },
  {
    what: 'a service importing server/auth internals',
    file: 'server/services/users/fixture-profile.ts',
    code: "import { resolveBearer } from '@/server/auth/bearer';\nexport const x = resolveBearer;\n",
    says: /server\/auth\/bearer.*Services are called by the entry points/,
  },
  {
    what: 'a service importing the tRPC layer',
    file: 'server/services/market/fixture-report.ts',
    code: "import { publicProcedure } from '@/server/api/trpc';\nexport const x = publicProcedure;\n",
    says: /server\/api\/trpc/,
  },
  {
    what: 'contracts importing db/',
    file: 'contracts/fixture-orders.ts',
    code: "import { orderSide } from '@/db/schema';\nexport const x = orderSide;\n",
    says: /contracts\/ is client-safe/,
  },
  {
    what: 'contracts importing a Node module',
    file: 'contracts/fixture-ids.ts',
    code: "import { randomUUID } from 'node:crypto';\nexport const x = randomUUID;\n",
    says: /contracts\/ imports zod and other contracts only/,
  },
  {
    what: 'a page importing a service instead of the server caller',
    file: 'app/fixture-report/page.tsx',
    code: "import { listAuditLog } from '@/server/services/audit/list';\nexport const x = listAuditLog;\n",
    says: /server caller/,
  },
  {
    what: 'a page importing infra',
    file: 'app/fixture-report/page.tsx',
    code: "import { getInfra } from '@/server/infra';\nexport const x = getInfra;\n",
    says: /server\/infra/,
  },
  {
    what: 'a router reaching db/ directly',
    file: 'server/api/routers/fixture-orders.ts',
    code: "import { orders } from '@/db/schema';\nexport const x = orders;\n",
    says: /reach data through services/,
  },
  {
    what: 'server/auth importing the tRPC context type',
    file: 'server/auth/fixture-session.ts',
    code: "import type { Context } from '@/server/api/trpc';\nexport type X = Context;\n",
    says: /server\/auth sits beside server\/api/,
  },
  {
    what: 'infra importing a service (relative path)',
    file: 'server/infra/cache/fixture-warm.ts',
    code: "import { getSnapshot } from '../../services/market/snapshot';\nexport const x = getSnapshot;\n",
    says: /Infra knows nothing of the domain/,
  },
];

describe('the layer rules', () => {
  it.each(BAD)('report $what as an error', async ({ file, code, says }) => {
    const errors = await layerErrors(file, code);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.severity === 2)).toBe(true);
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(says));
  });

  it('let each layer import what sits below it', async () => {
    const good = [
      ['components/trading/fixture-ticket.tsx', "import { symbolSchema } from '@/contracts/common';\nimport { Field } from '@/components/ui/field';\nimport type { RouterOutputs } from '@/components/trpc/outputs';\nexport const x = [symbolSchema, Field];\nexport type Y = RouterOutputs;\n"],
      ['contracts/fixture-orders.ts', "import { z } from 'zod';\nimport { symbolSchema } from './common';\nexport const x = z.object({ symbol: symbolSchema });\n"],
      ['app/fixture-report/page.tsx', "import { getServerCaller } from '@/server/api/server-caller';\nimport { requireUser } from '@/server/auth/require';\nexport const x = [getServerCaller, requireUser];\n"],
      ['server/api/routers/fixture-orders.ts', "import { placeOrder } from '@/server/services/trading/place-order';\nexport const x = placeOrder;\n"],
      ['server/auth/fixture-session.ts', "import { loadActiveUser } from '@/server/services/users/sessions';\nexport const x = loadActiveUser;\n"],
      ['server/services/trading/fixture-fills.ts', "import { orders } from '@/db/schema';\nimport type { Db } from '@/server/infra/db/types';\nexport const x = orders;\nexport type Y = Db;\n"],
      ['server/infra/cache/fixture-warm.ts', "import { users } from '@/db/schema';\nexport const x = users;\n"],
    ] as const;
    for (const [file, code] of good) expect(await layerErrors(file, code), file).toEqual([]);
  });
});

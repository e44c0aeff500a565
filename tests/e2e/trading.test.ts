import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '@/server/api/root';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

function client(token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${server.url}/api/trpc/node`,
        transformer: superjson,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
      }),
    ],
  });
}

async function signedIn(email: string) {
  const password = 'correct horse 42';
  await client().auth.register.mutate({ email, password, name: 'Trader' });
  const { accessToken } = await client().auth.token.mutate({ email, password });
  return client(accessToken);
}

describe('trading over HTTP (next start, engine started at boot)', () => {
  it('opens the account, lists empty orders, positions and history; an unknown symbol is a 404', async () => {
    const trader = await signedIn('trader-e2e@example.test');
    expect(await trader.account.get.query()).toMatchObject({ cash: '100000', buyingPower: '100000', currency: 'USD' });
    expect(server.output()).toMatch(/trading engine started/);

    // A symbol that names no asset is NOT_FOUND everywhere (UNKNOWN_SYMBOL), as on market reads.
    const unknown = await trader.trading.placeOrder
      .mutate({ symbol: 'NOPE', side: 'buy', type: 'market', qty: '1', timeInForce: 'gtc' })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(TRPCClientError);
    expect((unknown as TRPCClientError<AppRouter>).data?.httpStatus).toBe(404);

    const orders = await trader.trading.orders.query({ limit: 10 });
    expect(orders.data).toEqual([]);
    expect(await trader.trading.positions.query()).toEqual({ data: [], nextCursor: null });
    const history = await trader.account.history.query();
    // No trades yet: the curve is the reset's initial cash and equity now, both 100,000.
    expect(history.curve.map((p) => [p.reason, p.equity])).toEqual([
      ['reset', '100000'],
      ['now', '100000'],
    ]);
  });

  it('refuses anonymous trading with 401', async () => {
    const e = await client().trading.orders.query({ limit: 10 }).catch((error: unknown) => error);
    expect((e as TRPCClientError<AppRouter>).data?.httpStatus).toBe(401);
  });
});

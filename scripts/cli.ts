/**
 * A small CLI on the typed client:
 *
 *   npm run cli -- login --email demo@primetrade.dev --password demo-password-1   # prints a token
 *   PRIMETRADE_TOKEN=… npm run cli -- me
 *   npm run cli -- me --email demo@primetrade.dev --password demo-password-1
 *
 * PRIMETRADE_URL (default http://localhost:3000) picks the server.
 */
import { parseArgs } from 'node:util';
import { createPrimeTradeClient, isPrimeTradeError } from '../server/client';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string', default: process.env.PRIMETRADE_URL ?? 'http://localhost:3000' },
    token: { type: 'string', default: process.env.PRIMETRADE_TOKEN },
    email: { type: 'string' },
    password: { type: 'string' },
  },
});

async function token(): Promise<string> {
  if (values.email && values.password) {
    const anon = createPrimeTradeClient({ url: values.url });
    return (await anon.auth.token.mutate({ email: values.email, password: values.password })).accessToken;
  }
  if (values.token) return values.token;
  throw new Error('Pass --email and --password, or set PRIMETRADE_TOKEN');
}

const commands: Record<string, () => Promise<unknown>> = {
  async login() {
    return { accessToken: await token() };
  },
  async me() {
    return createPrimeTradeClient({ url: values.url, token: await token() }).auth.me.query();
  },
  async ping() {
    return createPrimeTradeClient({ url: values.url }).market.ping.query();
  },
};

const command = commands[positionals[0] ?? ''];
if (!command) {
  console.error(`usage: npm run cli -- <${Object.keys(commands).join('|')}> [--url …] [--token …] [--email … --password …]`);
  process.exit(2);
}
try {
  console.log(JSON.stringify(await command(), null, 2));
} catch (error) {
  console.error(isPrimeTradeError(error) ? `${error.data?.code ?? 'ERROR'}: ${error.message}` : (error as Error).message);
  process.exit(1);
}

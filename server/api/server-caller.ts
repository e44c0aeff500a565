import 'server-only';
import { headers } from 'next/headers';
import { cache } from 'react';
import { createNodeContext } from './context';
import { createCaller } from './root';

/** The tRPC caller for server components: same procedures, no HTTP hop; one context per request. */
export const getServerCaller = cache(async () => {
  const context = await createNodeContext(new Headers(await headers()));
  return createCaller(context);
});

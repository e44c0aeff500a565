/** Routers served by the edge endpoint in the cloud profile (public, read-mostly, fetch-only code). */
export const EDGE_ROUTERS = ['market', 'stream', 'forecast', 'tokens'] as const;

const edgeRouters: readonly string[] = EDGE_ROUTERS;

/** Operations inside an edge router that still need the Node endpoint (the account and notification streams are per user). */
const NODE_ONLY_PATHS: readonly string[] = ['stream.account', 'stream.notifications'];

/** Which endpoint serves an operation. In the local profile everything goes to Node (shared memory). */
export function endpointFor(path: string, edgeEnabled: boolean): 'edge' | 'node' {
  if (NODE_ONLY_PATHS.includes(path)) return 'node';
  return edgeEnabled && edgeRouters.includes(path.split('.', 1)[0]!) ? 'edge' : 'node';
}

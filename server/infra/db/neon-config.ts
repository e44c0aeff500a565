import { neonConfig } from '@neondatabase/serverless';

/**
 * Points the Neon drivers at a Neon-compatible bridge (scripts/bridges/neon.ts) instead of Neon's proxy:
 * its `/v2` WebSocket for the Pool and its `/sql` for the HTTP driver. Pipelined connects are off because
 * they presume cleartext-password auth, which a self-hosted server need not use (trust, SCRAM).
 */
export function routeNeonThroughBridge(bridgeUrl: string): void {
  const bridge = new URL(bridgeUrl);
  neonConfig.wsProxy = (host, port) => `${bridge.host}/v2?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = bridge.protocol === 'https:';
  neonConfig.fetchEndpoint = new URL('/sql', bridge).toString();
  neonConfig.pipelineConnect = false;
}

export function replicaUrls(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
}

import { neonConfig, Pool } from '@neondatabase/serverless';
import ws from 'ws';
import { drizzle } from 'drizzle-orm/neon-serverless';
import { sql } from 'drizzle-orm';
import { startNeonBridge } from './scripts/bridges/neon';
import { startFaultProxy } from './scripts/fault-proxy';
import { routeNeonThroughBridge } from './server/infra/db/neon-config';
import { survivePoolErrors } from './server/infra/db/pool-errors';
import { guardPool } from './server/infra/db/pool-breaker';
neonConfig.webSocketConstructor = ws;
const bridge = await startNeonBridge({ pgHost: '127.0.0.1', pgPort: 5432 });
const proxy = await startFaultProxy({ target: new URL(bridge.url).host });
routeNeonThroughBridge(`http://${proxy.address}`);
const log = { warn: (o: any, m: string) => console.log('LOG', m), info: () => {}, error: () => {} } as any;
const pool = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:5432/test', connectionTimeoutMillis: 2000, max: 10 });
survivePoolErrors(pool, 'x', { warn: () => {}, info: () => {}, error: () => {} } as any);
const breaker = guardPool(pool, { log });
const db = drizzle({ client: pool });
const st = () => `state=${breaker.state} total=${(pool as any).totalCount} idle=${(pool as any).idleCount} waiting=${(pool as any).waitingCount}`;
let stop = false; const counts: Record<string, number> = {};
const worker = async () => { while (!stop) { try { await db.transaction(async (tx) => { await tx.execute(sql`select 1`); await tx.execute(sql`select 2`); }); counts.ok = (counts.ok ?? 0) + 1; } catch (e: any) { const k = String(e?.cause?.message ?? e?.message).slice(0, 50); counts[k] = (counts[k] ?? 0) + 1; await new Promise(r => setTimeout(r, 20)); } } };
const workers = Array.from({ length: 8 }, worker);
await proxy.set({ mode: 'flap', periodMs: 500 });
const FLAP = Number(process.env.FLAP_S ?? 60);
for (let i = 0; i < FLAP / 5; i++) { await new Promise(r => setTimeout(r, 5000)); console.log('flap', i * 5, st(), JSON.stringify(counts)); }
await proxy.set({ mode: 'pass' });
const healedAt = Date.now();
for (let i = 0; i < 15; i++) { await new Promise(r => setTimeout(r, 2000)); 
  const t = Date.now(); let r = 'ok'; try { await db.execute(sql`select 1`); } catch (e: any) { r = String(e?.cause?.message ?? e.message).slice(0, 60); }
  console.log('healed+', Math.round((t - healedAt) / 1000), r, st(), JSON.stringify(counts)); }
stop = true; process.exit(0);

import { neon } from '@neondatabase/serverless';
import { drizzle } from 'drizzle-orm/neon-http';
import { withReplicas } from 'drizzle-orm/pg-core';
import * as schema from '@/db/schema';
import type { Db } from './types';

/**
 * Neon's HTTP driver for the edge endpoint: one fetch per query, nothing held open, fetch-only. It has
 * no interactive transactions, which is why only the read-mostly edge routers use it; the Node endpoint
 * migrates and writes through the Pool.
 */
export function openNeonHttp(url: string, opts: { replicaUrls?: string[] } = {}): Db {
  const [primary, ...replicas] = [url, ...(opts.replicaUrls ?? [])].map((u) => drizzle({ client: neon(u), schema }));
  const db = replicas.length > 0 ? withReplicas(primary!, replicas as [typeof primary & {}]) : primary!;
  return db as unknown as Db;
}

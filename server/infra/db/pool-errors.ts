import type { EventEmitter } from 'node:events';
import { consoleLog, type Log } from '../log';

/**
 * A dropped connection (server restart, failover, a terminated backend) must cost one failed query, not
 * the process: without listeners, node-postgres and Neon's Pool raise the connection's 'error' event as an
 * uncaught exception — for idle clients through the pool, and for a client checked out by a transaction
 * that is between statements through the client itself. The next query on that client fails, the
 * transaction rolls back, and the pool replaces the connection.
 */
export function survivePoolErrors(pool: EventEmitter, label: string, log: Log = consoleLog): void {
  pool.on('error', (error: Error) => log.warn({ err: error, pool: label }, 'idle database connection lost'));
  pool.on('connect', (client: EventEmitter) => {
    client.on('error', (error: Error) => log.warn({ err: error, pool: label }, 'database connection lost while in use'));
  });
}

import type { PGlite, QueryOptions, Results, Transaction } from '@electric-sql/pglite';
import { is } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { PgliteDatabase, PgliteSession, PgliteTransaction } from 'drizzle-orm/pglite';
import { isDependencyFailure, reportDependencyFailure } from '@/server/dependency-errors';
import { outcomeUnknown } from '@/server/errors';
import type { Db } from './types';

/**
 * A transaction for short, hot write paths (placing an order, filling a resting one). On PGlite each
 * statement is prepared once per database and then sent as one simple-protocol message, `execute name(…)`
 * with its parameters inlined as escaped literals: a parameterised statement costs five messages (parse,
 * describe, bind, describe, execute), each a call into PGlite's WASM backend with a fixed cost, and is
 * parsed and planned again every time. Other drivers get an ordinary transaction (one network round trip
 * per statement either way). `serialized` tells the caller whether transactions
 * run one at a time (PGlite), so that no statement of this one can have waited on another.
 *
 * Only values Drizzle hands to the driver are inlined (strings, numbers, booleans, dates, null); each
 * becomes a quoted literal of unknown type, which Postgres resolves from context exactly as it does an
 * untyped parameter. Anything else is refused rather than guessed at.
 */
export async function inlineTransaction<T>(db: Db, fn: (tx: Db, run: { serialized: boolean }) => Promise<T>): Promise<T> {
  // Set once the body is done, i.e. when COMMIT is about to be sent: a connection lost after that leaves
  // the outcome unknown (committed, answer lost — or not), which the caller must not report as either.
  let committing = false;
  const body = async (tx: Db, run: { serialized: boolean }) => {
    const result = await fn(tx, run);
    committing = true;
    return result;
  };
  try {
    if (!is(db, PgliteDatabase)) return await db.transaction((tx) => body(tx, { serialized: false }));
    const client = (db as unknown as { $client: PGlite }).$client;
    return await client.transaction((raw) => {
      const session = new PgliteSession(inlinedClient(client, raw), dialect, undefined);
      // PGlite has one connection: no other transaction runs until this one ends.
      return body(new PgliteTransaction(dialect, session, undefined) as unknown as Db, { serialized: true });
    });
  } catch (error) {
    if (committing && isDependencyFailure(error)) {
      reportDependencyFailure('database', error);
      throw outcomeUnknown(error);
    }
    throw error;
  }
}

const dialect = new PgDialect();

/** The part of PGlite's client Drizzle's session uses (`query`), answered through `exec`. */
function inlinedClient(client: PGlite, raw: Transaction): Transaction {
  const query = async (text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results> => {
    const name = params.length > 0 ? await preparedName(client, raw, text) : undefined;
    const statement = name ? `execute ${name}(${params.map(literal).join(', ')})` : inlineParams(text, params);
    const results = await raw.exec(statement, options);
    return results[results.length - 1]!;
  };
  return Object.create(raw, { query: { value: query } }) as Transaction;
}

/**
 * Statements are prepared once per database (PGlite has one session, and a prepared statement outlives
 * the transaction that made it, even a rolled-back one), so repeats skip parsing and, once Postgres picks
 * a generic plan, planning. The hot paths have a handful of statement shapes; past the cap they run inlined.
 */
const preparedByClient = new WeakMap<PGlite, Map<string, string>>();
const MAX_PREPARED = 100;
let preparedCount = 0;

async function preparedName(client: PGlite, raw: Transaction, text: string): Promise<string | undefined> {
  let prepared = preparedByClient.get(client);
  if (!prepared) preparedByClient.set(client, (prepared = new Map()));
  const known = prepared.get(text);
  if (known || prepared.size >= MAX_PREPARED) return known;
  // Remembered before it exists: a second statement of the same shape queues its execute behind this
  // prepare (PGlite runs one message at a time, in order) instead of preparing the name twice.
  const name = `inline_${++preparedCount}`;
  prepared.set(text, name);
  try {
    await raw.exec(`prepare ${name} as ${text}`);
  } catch (error) {
    prepared.delete(text);
    throw error;
  }
  return name;
}

/** `$n` outside quoted literals and identifiers, the only places Drizzle's SQL text can hold a `$`. */
const PLACEHOLDER = /'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(\d+)/g;

export function inlineParams(text: string, params: unknown[]): string {
  return text.replace(PLACEHOLDER, (match, index: string | undefined) => {
    if (index === undefined) return match;
    const i = Number(index) - 1;
    if (i < 0 || i >= params.length) throw new Error(`statement refers to $${index} of ${params.length} parameters`);
    return literal(params[i]);
  });
}

/** An escape-string literal (E'…'): its meaning does not depend on `standard_conforming_strings`. */
export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Date && !Number.isNaN(value.getTime())) text = value.toISOString();
  else throw new Error(`cannot inline a ${typeof value} parameter`);
  // A NUL would end the protocol message early; Postgres text cannot hold one anyway.
  if (text.includes('\0')) throw new Error('a parameter contains a NUL character');
  return `E'${text.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

import path from 'node:path';

/** drizzle-kit output, committed; applied on every start (idempotent). */
export const MIGRATIONS_FOLDER = path.join(process.cwd(), 'db', 'migrations');

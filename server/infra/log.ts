/**
 * What infra adapters log through. On Node the profile passes the process's pino logger; the default writes
 * the same JSON lines to the console, for the edge runtime where pino does not run.
 */
export interface Log {
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}

const line = (level: string, fields: Record<string, unknown>, msg: string) => {
  const { err, ...rest } = fields;
  const error = err instanceof Error ? { type: err.name, message: err.message, stack: err.stack } : err;
  return JSON.stringify({ level, time: Date.now(), msg, ...rest, ...(err === undefined ? {} : { err: error }) });
};

export const consoleLog: Log = {
  warn: (fields, msg) => console.warn(line('warn', fields, msg)),
  error: (fields, msg) => console.error(line('error', fields, msg)),
};

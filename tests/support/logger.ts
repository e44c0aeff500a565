import pino, { type Logger } from 'pino';

export interface LoggedLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/** A real pino logger that keeps its lines in memory, so a test can read what was logged and at which level. */
export function capturingLogger(): { logger: Logger; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const logger = pino(
    { level: 'debug', formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void lines.push(JSON.parse(line) as LoggedLine) },
  );
  return { logger, lines };
}

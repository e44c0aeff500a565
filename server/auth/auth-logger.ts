import 'server-only';
import type { NextAuthConfig } from 'next-auth';

/** The pino methods the auth logger writes through (the process logger; a recorder in tests). */
export interface AuthLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/**
 * Auth.js logs every refused sign-in as an error with its stack. A wrong password is an expected answer,
 * not a fault: it becomes one info line with the refusal's code; real auth errors keep their stack.
 */
export function authLogger(log: AuthLog): NonNullable<NextAuthConfig['logger']> {
  return {
    error(error: Error) {
      const type = (error as { type?: unknown }).type;
      if (type === 'CredentialsSignin') {
        log.info({ code: (error as { code?: unknown }).code ?? 'credentials' }, 'sign-in refused');
        return;
      }
      log.error({ err: error, type }, 'auth error');
    },
    warn(code: string) {
      log.warn({ code }, 'auth warning');
    },
    debug(message: string, metadata?: unknown) {
      log.debug({ metadata }, message);
    },
  };
}

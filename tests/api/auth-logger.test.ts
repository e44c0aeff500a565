// next-auth re-exports this class from @auth/core; its index needs Next's runtime, the errors module does not.
import { CredentialsSignin } from '@auth/core/errors';
import { describe, expect, it } from 'vitest';
import { authLogger, type AuthLog } from '@/server/auth/auth-logger';

function recorder() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) => lines.push({ level, fields: fields as Record<string, unknown>, message });
  const log: AuthLog = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') };
  return { log, lines };
}

describe('the auth logger', () => {
  it('logs a wrong password as one info line, with no error and no stack', () => {
    const { log, lines } = recorder();
    authLogger(log).error!(new CredentialsSignin());
    expect(lines).toEqual([{ level: 'info', fields: { code: 'credentials' }, message: 'sign-in refused' }]);
    expect(JSON.stringify(lines)).not.toMatch(/\bat \w|stack/);
  });

  it('keeps the refusal’s own code (disabled account, too many attempts)', () => {
    const { log, lines } = recorder();
    class AccountDisabled extends CredentialsSignin {
      code = 'account_disabled';
    }
    authLogger(log).error!(new AccountDisabled());
    expect(lines[0]).toMatchObject({ level: 'info', fields: { code: 'account_disabled' } });
  });

  it('a real auth error stays an error with its cause', () => {
    const { log, lines } = recorder();
    const broken = new Error('JWT secret missing');
    authLogger(log).error!(broken);
    expect(lines).toEqual([{ level: 'error', fields: { err: broken, type: undefined }, message: 'auth error' }]);
  });
});

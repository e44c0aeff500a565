import type { Infra } from '@/server/infra/infra';
import { logger } from '@/server/logger';
import { createNotification } from '@/server/services/notifications/notifications';

const NOTICES = {
  two_factor_enabled: ['Two-factor sign-in is on', 'Sign-ins now ask for a code from your authenticator app. Keep your recovery codes safe.'],
  two_factor_disabled: ['Two-factor sign-in is off', 'Sign-ins no longer ask for a code. If this was not you, change your password now.'],
  password_changed: ['Your password was changed', 'Every other session and access token was signed out. If this was not you, reset your password.'],
  password_reset: ['Your password was reset', 'A reset link set a new password and signed out every session. If this was not you, reset it again.'],
} as const;

export type SecurityEvent = keyof typeof NOTICES;

/**
 * Tells the user, in their inbox (and live), that something changed about how they sign in — after the
 * change committed, so a notice never announces what did not happen. Best effort: the change stands even
 * if the notice cannot be written.
 */
export async function noticeSecurityEvent(deps: Pick<Infra, 'db' | 'bus'>, userId: string, event: SecurityEvent): Promise<void> {
  const [title, body] = NOTICES[event];
  await createNotification(deps, { userId, kind: 'system', title, body, data: { security: event } }).catch((err: unknown) =>
    logger.warn({ err, userId, event }, 'security notice not written'),
  );
}

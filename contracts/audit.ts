import { z } from 'zod';

/**
 * Every action the audit log records. Writers can only record these, and the admin console filters by them,
 * so a new audited action is added here once and appears in both.
 */
export const AUDIT_ACTIONS = [
  'user.set_role',
  'user.disable',
  'user.enable',
  'symbol.halt',
  'symbol.resume',
  'symbol.circuit_breaker',
  'account.reset',
  'account.kill_switch_on',
  'account.kill_switch_off',
  'user.set_plan',
  'security.2fa_enabled',
  'security.2fa_disabled',
  'security.recovery_code_used',
  'security.password_changed',
  'security.password_reset',
  'security.session_revoked',
  'security.require_admin_2fa',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditActionSchema = z.enum(AUDIT_ACTIONS);

import { PasswordChangeForm } from './password-change-form';
import { SessionsPanel } from './sessions-panel';
import { TwoFactorPanel } from './two-factor-panel';

/** Settings → Security: two-factor sign-in, sessions, password. */
export function SecuritySection() {
  return (
    <div className="space-y-6 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="text-lg font-medium">Security</h2>
      <TwoFactorPanel />
      <SessionsPanel />
      <PasswordChangeForm />
    </div>
  );
}

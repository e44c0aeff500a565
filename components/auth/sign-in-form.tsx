'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { Field, SubmitButton } from '@/components/ui/field';

const MESSAGES: Record<string, string> = {
  account_disabled: 'This account is disabled.',
  rate_limited: 'Too many sign-in attempts. Wait a minute and try again.',
  github_no_email: 'Your GitHub account has no public email address.',
  otp_invalid: 'That code is not valid. Codes work once; wait for the next one.',
  unavailable: 'Sign-in cannot be checked right now (a service is down). Your password may be right: try again in a few seconds.',
};

export function SignInForm({ githubEnabled, initialError, next }: { githubEnabled: boolean; initialError?: string; next: string }) {
  const router = useRouter();
  const [error, setError] = useState(initialError ? (MESSAGES[initialError] ?? 'Sign-in failed.') : null);
  const [pending, setPending] = useState(false);
  // Set when the server answers OTP_REQUIRED: the password was right, now the second factor.
  const [codeStep, setCodeStep] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn('credentials', {
      email: form.get('email'),
      password: form.get('password'),
      otp: form.get('otp') ?? '',
      redirect: false,
    });
    setPending(false);
    if (result?.code === 'otp_required') {
      setCodeStep(true);
      return;
    }
    if (result?.error) {
      setError(MESSAGES[result.code ?? ''] ?? 'Wrong email or password.');
      return;
    }
    router.push(next);
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <div hidden={codeStep} className="space-y-4">
          <Field label="Email" name="email" type="email" autoComplete="email" required />
          <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {codeStep && (
          <Field
            label="Code from your authenticator app (or a recovery code)"
            name="otp"
            autoComplete="one-time-code"
            inputMode="text"
            autoFocus
            required
          />
        )}
        {error && (
          <p role="alert" className="text-sm text-down">
            {error}
          </p>
        )}
        <SubmitButton pending={pending}>{codeStep ? 'Verify' : 'Sign in'}</SubmitButton>
      </form>
      <p className="text-sm">
        <Link href="/reset-password" className="underline">
          Forgot your password?
        </Link>
      </p>
      {githubEnabled && (
        <button
          type="button"
          onClick={() => signIn('github', { redirectTo: next })}
          className="w-full rounded border border-zinc-300 px-4 py-2 dark:border-zinc-700"
        >
          Continue with GitHub
        </button>
      )}
    </div>
  );
}

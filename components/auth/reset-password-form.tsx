'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { fieldErrorsOrForm, FormMessage } from '@/components/forms/form-message';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field, SubmitButton } from '@/components/ui/field';

/** Without a token: ask for the link by email. With the token from that link: choose a new password. */
export function ResetPasswordForm({ token }: { token?: string }) {
  return token ? <NewPasswordForm token={token} /> : <RequestLinkForm />;
}

function RequestLinkForm() {
  const trpc = useTRPC();
  const { errors, show, onChange } = useFieldErrors();
  const [sent, setSent] = useState(false);
  const request = useMutation(
    trpc.auth.requestPasswordReset.mutationOptions({ onSuccess: () => setSent(true), onError: (e) => show(fieldErrorsOrForm(e)) }),
  );
  if (sent) {
    return (
      <p role="status" className="text-sm">
        If an account uses that address, an email with a reset link is on its way. The link works once, for 30 minutes.
      </p>
    );
  }
  return (
    <form
      className="space-y-4"
      noValidate
      onChange={onChange}
      onSubmit={(event) => {
        event.preventDefault();
        request.mutate({ email: String(new FormData(event.currentTarget).get('email') ?? '') });
      }}
    >
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={errors.email} />
      <FormMessage messages={errors.form} />
      <SubmitButton pending={request.isPending}>Email me a reset link</SubmitButton>
    </form>
  );
}

function NewPasswordForm({ token }: { token: string }) {
  const trpc = useTRPC();
  const { errors, show, onChange } = useFieldErrors();
  const confirm = useMutation(trpc.auth.confirmPasswordReset.mutationOptions({ onError: (e) => show(fieldErrorsOrForm(e)) }));
  if (confirm.isSuccess) {
    return (
      <p role="status" className="text-sm">
        Your password is changed and every session was signed out.{' '}
        <Link href="/sign-in" className="text-brand underline">
          Sign in
        </Link>
      </p>
    );
  }
  return (
    <form
      className="space-y-4"
      noValidate
      onChange={onChange}
      onSubmit={(event) => {
        event.preventDefault();
        confirm.mutate({ token, password: String(new FormData(event.currentTarget).get('password') ?? '') });
      }}
    >
      <Field label="New password" name="password" type="password" autoComplete="new-password" required errors={errors.password} />
      <FormMessage messages={errors.token ?? errors.form} />
      <SubmitButton pending={confirm.isPending}>Set new password</SubmitButton>
    </form>
  );
}

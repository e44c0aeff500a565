'use client';

import { useMutation } from '@tanstack/react-query';
import { fieldErrorsOrForm, FormMessage } from '@/components/forms/form-message';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field } from '@/components/ui/field';
import { useHydrated } from '@/components/ui/use-hydrated';

/** Current + new password; every other session and access token is signed out. */
export function PasswordChangeForm() {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const { errors, show, onChange } = useFieldErrors();
  const change = useMutation(trpc.security.changePassword.mutationOptions({ onError: (e) => show(fieldErrorsOrForm(e)) }));
  return (
    <form
      className="space-y-3"
      noValidate
      onChange={onChange}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        change.mutate({ currentPassword: String(form.get('currentPassword') ?? ''), newPassword: String(form.get('newPassword') ?? '') });
      }}
    >
      <h3 className="font-medium">Password</h3>
      <div className="flex flex-wrap gap-3">
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required errors={errors.currentPassword} />
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" required errors={errors.newPassword} />
      </div>
      <FormMessage messages={errors.form} />
      {change.isSuccess && (
        <p role="status" className="text-sm">
          Password changed; your other sessions were signed out.
        </p>
      )}
      <button type="submit" disabled={!hydrated || change.isPending} className="rounded bg-brand px-3 py-1.5 text-sm text-white">
        Change password
      </button>
    </form>
  );
}

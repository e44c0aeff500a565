'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { fieldErrorsFrom, type FieldErrors } from '@/components/forms/field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field, SubmitButton } from '@/components/ui/field';

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const register = useMutation(trpc.auth.register.mutationOptions());

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    setError(null);
    setFieldErrors({});
    try {
      await register.mutateAsync(input);
    } catch (e) {
      setFieldErrors(fieldErrorsFrom(e));
      setError((e as Error).message);
      return;
    }
    const result = await signIn('credentials', { email: input.email, password: input.password, redirect: false });
    if (result?.error) {
      router.push('/sign-in');
      return;
    }
    router.push('/dashboard');
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Name" name="name" autoComplete="name" required errors={fieldErrors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required errors={fieldErrors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        errors={fieldErrors.password}
      />
      <p className="text-xs text-zinc-500">At least 10 characters, with a letter and a digit.</p>
      {error && (
        <p role="alert" className="text-sm text-down">
          {error}
        </p>
      )}
      <SubmitButton pending={register.isPending}>Create account</SubmitButton>
    </form>
  );
}

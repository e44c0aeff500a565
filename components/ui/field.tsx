'use client';

import { useHydrated } from './use-hydrated';

interface FieldProps extends React.ComponentPropsWithRef<'input'> {
  label: string;
  name: string;
  errors?: string[];
}

/** A labelled input with its validation messages announced to screen readers. */
export function Field({ label, name, errors, ...input }: FieldProps) {
  const errorId = `${name}-error`;
  return (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <input
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
        className="w-full rounded border border-zinc-300 bg-transparent px-3 py-2 outline-none focus:border-brand focus:ring-2 focus:ring-brand/30 dark:border-zinc-700"
        {...input}
      />
      {errors?.length ? (
        <span id={errorId} role="alert" className="mt-1 block text-down">
          {errors.join('. ')}
        </span>
      ) : null}
    </label>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: React.ReactNode }) {
  const hydrated = useHydrated();
  return (
    <button
      type="submit"
      disabled={!hydrated || pending}
      className="w-full rounded bg-brand px-4 py-2 font-medium text-white disabled:opacity-60"
    >
      {pending ? 'Please wait…' : children}
    </button>
  );
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { fieldErrorsFrom, type FieldErrors } from '@/components/forms/field-errors';
import { useTRPC } from '@/components/trpc/react';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { CopyButton } from '@/components/ui/copy-button';
import { Field } from '@/components/ui/field';
import type { AppRouter } from '@/server/api/root';
import { useHydrated } from '@/components/ui/use-hydrated';

type KeyList = inferRouterOutputs<AppRouter>['keys']['list'];
type Scope = 'read' | 'trade' | 'admin';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const when = (d: Date | string | null) => (d ? dateTime.format(new Date(d)) : 'never');

/** Create (the secret is shown once), list and revoke API keys. */
export function ApiKeysPanel({ initial, canAdmin }: { initial: KeyList; canAdmin: boolean }) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listOptions = trpc.keys.list.queryOptions();
  const { data } = useQuery({ ...listOptions, initialData: initial });
  const refresh = () => queryClient.invalidateQueries({ queryKey: listOptions.queryKey });
  const [secret, setSecret] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.keys.create.mutationOptions({
      onSuccess: (key) => setSecret(key.secret),
      onError: (e) => {
        const fields = fieldErrorsFrom(e);
        setErrors(Object.keys(fields).length > 0 ? fields : { form: [e.message] });
      },
      onSettled: refresh,
    }),
  );
  const revoke = useMutation(trpc.keys.revoke.mutationOptions({ onSettled: refresh }));
  const scopes: Scope[] = canAdmin ? ['read', 'trade', 'admin'] : ['read', 'trade'];

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setErrors({});
    setSecret(null);
    create.mutate({ name: String(form.get('name') ?? ''), scopes: form.getAll('scopes') as Scope[] });
  }

  return (
    <div className="space-y-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 className="text-lg font-medium">API keys</h2>
      <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-4" noValidate>
        <div className="min-w-56 flex-1">
          <Field label="Key name" name="name" required errors={errors.name} />
        </div>
        <fieldset className="text-sm">
          <legend className="mb-1 font-medium">Scopes</legend>
          <div className="flex gap-3">
            {scopes.map((scope) => (
              <label key={scope} className="flex items-center gap-1">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'read'} /> {scope}
              </label>
            ))}
          </div>
          {errors.scopes && <span role="alert" className="text-down">{errors.scopes.join('. ')}</span>}
        </fieldset>
        <button type="submit" disabled={!hydrated || create.isPending} className="rounded bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {errors.form && <p role="alert" className="text-sm text-down">{errors.form.join('. ')}</p>}
      {secret && (
        <div className="rounded border border-up/50 bg-up/10 p-3 text-sm" data-testid="new-key-secret">
          <div className="flex items-center justify-between gap-2">
            <p className="font-medium">Copy this key now — it will not be shown again.</p>
            <CopyButton text={secret} label="Copy the new API key" />
          </div>
          <code className="mt-1 block break-all font-mono">{secret}</code>
        </div>
      )}
      {data.data.length === 0 ? (
        <p className="text-sm text-zinc-500">No keys yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-zinc-500">
              <tr>
                <th className="py-2 font-medium">Name</th>
                <th className="py-2 font-medium">Key</th>
                <th className="py-2 font-medium">Scopes</th>
                <th className="py-2 font-medium">Last used</th>
                <th className="py-2 font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((key) => (
                <tr key={key.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-2">{key.name}</td>
                  <td className="py-2">
                    <span className="font-mono">{key.prefix}…</span>{' '}
                    <CopyButton text={key.prefix} label={`Copy the prefix of ${key.name}`} />
                  </td>
                  <td className="py-2">{key.scopes.join(', ')}</td>
                  <td className="py-2">{when(key.lastUsedAt)}</td>
                  <td className="py-2 text-right">
                    {key.revokedAt ? (
                      <span className="text-zinc-500">revoked</span>
                    ) : (
                      <ConfirmButton
                        question={`Revoke ${key.name}? Programs using it stop working at once.`}
                        confirmLabel="Revoke"
                        onConfirm={() => revoke.mutate({ id: key.id })}
                        disabled={revoke.isPending}
                        ariaLabel={`Revoke ${key.name}`}
                        className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700"
                      >
                        Revoke
                      </ConfirmButton>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

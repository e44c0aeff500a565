'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/contracts/enums';
import { fieldErrorsFrom } from '@/components/forms/field-errors';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { useHydrated } from '@/components/ui/use-hydrated';

/** One endpoint's delivery log: one row per attempt. */
function DeliveryLog({ id }: { id: string }) {
  const trpc = useTRPC();
  const log = useQuery({ ...trpc.webhooks.deliveries.queryOptions({ id, limit: 20 }), refetchInterval: 5_000 });
  const rows = log.data?.data ?? [];
  if (rows.length === 0) return <p className="text-xs text-zinc-500">No deliveries yet.</p>;
  return (
    <table className="w-full text-left text-xs">
      <tbody className="font-mono">
        {rows.map((d) => (
          <tr key={d.id} className="border-t border-zinc-200 dark:border-zinc-800">
            <td className="py-1 pr-2">
              <LocalTime at={d.createdAt} />
            </td>
            <td className="pr-2">{d.eventType}</td>
            <td className="pr-2">#{d.attempt}</td>
            <td className={`pr-2 ${d.status === 'succeeded' ? 'text-up' : 'text-down'}`}>{d.statusCode ?? '—'}</td>
            <td className="pr-2">{d.latencyMs} ms</td>
            <td className="text-zinc-500">{d.error}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Webhook endpoints: add one (its secret is shown once), enable/disable, send a test, read the delivery log. */
export function WebhooksScreen() {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.webhooks.list.queryOptions({ limit: 50 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.pathKey() });
  const create = useMutation(trpc.webhooks.create.mutationOptions({ onSettled: refresh }));
  const update = useMutation(trpc.webhooks.update.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSettled: refresh }));
  const sendTest = useMutation(trpc.webhooks.sendTest.mutationOptions({ onSettled: refresh }));
  const [secret, setSecret] = useState<string | null>(null);
  const { errors, show, onChange } = useFieldErrors();

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    try {
      const created = await create.mutateAsync({
        url: String(form.get('url') ?? ''),
        events: form.getAll('events').map(String) as WebhookEventType[],
      });
      setSecret(created.secret);
      show({});
      element.reset();
    } catch (error) {
      const fields = fieldErrorsFrom(error);
      show(Object.keys(fields).length ? fields : { url: [error instanceof Error ? error.message : 'Could not add the webhook'] });
    }
  }

  return (
    <div className="space-y-6">
      <form onSubmit={submit} onChange={onChange} className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" aria-label="New webhook">
        <Field label="Endpoint URL" name="url" type="url" placeholder="https://example.com/hooks" required errors={errors.url} />
        <fieldset className="flex flex-wrap gap-3 text-sm">
          <legend className="mb-1 font-medium">Events (none checked: all)</legend>
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t} className="flex items-center gap-1">
              <input type="checkbox" name="events" value={t} /> {t}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={!hydrated || create.isPending} className="rounded bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          Add webhook
        </button>
        {secret && (
          <p role="status" className="break-all rounded bg-amber-50 p-2 text-sm dark:bg-amber-950">
            Signing secret (shown once — copy it now): <code data-testid="webhook-secret">{secret}</code>
          </p>
        )}
      </form>
      {(list.data?.data ?? []).map((hook) => (
        <section key={hook.id} className="space-y-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
          <div className="flex flex-wrap items-center gap-3 text-sm">
            <code className="font-medium">{hook.url}</code>
            <span className="text-zinc-500">{hook.events.length ? hook.events.join(', ') : 'all events'}</span>
            <span className={hook.enabled ? 'text-up' : 'text-down'}>{hook.enabled ? 'enabled' : 'disabled'}</span>
            <span className="ml-auto space-x-3">
              <button type="button" className="text-brand" disabled={!hook.enabled} onClick={() => sendTest.mutate({ id: hook.id })}>
                Send test
              </button>
              <button type="button" className="text-brand" onClick={() => update.mutate({ id: hook.id, enabled: !hook.enabled })}>
                {hook.enabled ? 'Disable' : 'Enable'}
              </button>
              <button type="button" className="text-zinc-500" onClick={() => remove.mutate({ id: hook.id })}>
                Delete
              </button>
            </span>
          </div>
          <DeliveryLog id={hook.id} />
        </section>
      ))}
    </div>
  );
}

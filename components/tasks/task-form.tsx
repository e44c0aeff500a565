'use client';

import { useMutation } from '@tanstack/react-query';
import { fieldErrorsFrom, fieldErrorsFromIssues } from '@/components/forms/field-errors';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import { useTRPC } from '@/components/trpc/react';
import { Field } from '@/components/ui/field';
import { createTaskInput, updateTaskInput } from '@/contracts/tasks';
import {
  dueInputValue,
  PRIORITY_LABELS,
  STATUS_LABELS,
  TASK_PRIORITIES,
  TASK_STATUSES,
} from './task-query';
import type { TaskItem } from './types';
import { useHydrated } from '@/components/ui/use-hydrated';

const control =
  'w-full rounded border border-zinc-300 bg-transparent px-3 py-2 outline-none focus:border-brand focus:ring-2 focus:ring-brand/30 dark:border-zinc-700';

/** What the form holds, as the procedures take it: empty due date / asset mean "none". */
function readForm(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '');
  return {
    title: text('title'),
    description: text('description'),
    status: text('status'),
    priority: text('priority'),
    dueAt: text('dueAt') || null,
    assetSymbol: text('assetSymbol').trim() || null,
  };
}

/**
 * Create or edit a task. Validates with the procedures' own zod schemas before sending, so the form accepts
 * exactly what the server does; the server's field errors are shown the same way. An edit sends only the
 * fields that changed (a due date left alone keeps its time and its reminder).
 */
export function TaskForm({
  task,
  onSaved,
  onCancel,
}: {
  task?: TaskItem;
  onSaved: (task: TaskItem) => void;
  onCancel: () => void;
}) {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const { errors, show: setErrors, onChange } = useFieldErrors();
  const onError = (e: { message: string }) => {
    const fields = fieldErrorsFrom(e);
    setErrors(Object.keys(fields).length > 0 ? fields : { form: [e.message] });
  };
  const create = useMutation(trpc.tasks.create.mutationOptions({ onSuccess: onSaved, onError }));
  const update = useMutation(trpc.tasks.update.mutationOptions({ onSuccess: onSaved, onError }));
  const pending = create.isPending || update.isPending;

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = readForm(new FormData(event.currentTarget));
    if (!task) {
      const parsed = createTaskInput.safeParse(values);
      if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
      setErrors({});
      create.mutate(parsed.data);
      return;
    }
    const before = readFormOf(task);
    const patch = Object.fromEntries(
      Object.entries(values).filter(([key, value]) => value !== before[key as keyof typeof before]),
    );
    const parsed = updateTaskInput.safeParse({ id: task.id, ...patch });
    if (!parsed.success) return setErrors(fieldErrorsFromIssues(parsed.error.issues));
    setErrors({});
    update.mutate(parsed.data);
  }

  const error = (name: string) =>
    errors[name]?.length ? (
      <span id={`task-${name}-error`} role="alert" className="mt-1 block text-sm text-down">
        {errors[name]!.join('. ')}
      </span>
    ) : null;
  const described = (name: string) => (errors[name]?.length ? `task-${name}-error` : undefined);

  return (
    <form onSubmit={submit} onChange={onChange} noValidate className="space-y-3" aria-label={task ? 'Edit task' : 'New task'}>
      <Field label="Title" name="title" defaultValue={task?.title ?? ''} required maxLength={200} autoFocus errors={errors.title} />
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Description</span>
        <textarea
          name="description"
          rows={3}
          defaultValue={task?.description ?? ''}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={described('description')}
          className={control}
        />
        {error('description')}
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Status</span>
          <select name="status" defaultValue={task?.status ?? 'todo'} aria-describedby={described('status')} className={control}>
            {TASK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          {error('status')}
        </label>
        <label className="block text-sm">
          <span className="mb-1 block font-medium">Priority</span>
          <select name="priority" defaultValue={task?.priority ?? 'medium'} aria-describedby={described('priority')} className={control}>
            {TASK_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABELS[p]}
              </option>
            ))}
          </select>
          {error('priority')}
        </label>
        <Field label="Due date" name="dueAt" type="date" defaultValue={dueInputValue(task?.dueAt ?? null)} errors={errors.dueAt} />
        <Field
          label="Asset symbol"
          name="assetSymbol"
          defaultValue={task?.assetSymbol ?? ''}
          placeholder="e.g. BTC"
          autoCapitalize="characters"
          errors={errors.assetSymbol}
        />
      </div>
      {errors.form && (
        <p role="alert" className="text-sm text-down">
          {errors.form.join('. ')}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button type="button" onClick={onCancel} className="rounded border border-zinc-300 px-4 py-2 dark:border-zinc-700">
          Cancel
        </button>
        <button type="submit" disabled={!hydrated || pending} className="rounded bg-brand px-4 py-2 font-medium text-white disabled:opacity-60">
          {pending ? 'Saving…' : task ? 'Save changes' : 'Create task'}
        </button>
      </div>
    </form>
  );
}

/** The form's starting values for a task, to tell which fields an edit changed. */
function readFormOf(task: TaskItem): ReturnType<typeof readForm> {
  return {
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    dueAt: dueInputValue(task.dueAt) || null,
    assetSymbol: task.assetSymbol,
  };
}

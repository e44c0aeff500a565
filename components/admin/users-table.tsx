'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PLANS, type Plan } from '@/contracts/enums';
import { useTRPC } from '@/components/trpc/react';
import type { AppRouter } from '@/server/api/root';
import type { inferRouterOutputs } from '@trpc/server';
import { ConfirmButton } from '@/components/ui/confirm-button';

type UserPage = inferRouterOutputs<AppRouter>['admin']['users']['list'];

export function UsersTable({ initial, currentUserId }: { initial: UserPage; currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const listOptions = trpc.admin.users.list.queryOptions({ limit: 100 });
  const { data } = useQuery({ ...listOptions, initialData: initial });
  const onSettled = () => queryClient.invalidateQueries({ queryKey: listOptions.queryKey });
  const onError = (e: { message: string }) => setError(e.message);
  const setRole = useMutation(trpc.admin.users.setRole.mutationOptions({ onSettled, onError }));
  const setDisabled = useMutation(trpc.admin.users.setDisabled.mutationOptions({ onSettled, onError }));
  const setPlan = useMutation(trpc.admin.users.update.mutationOptions({ onSettled, onError }));

  return (
    <div className="space-y-3">
      {error && (
        <p role="alert" className="text-sm text-down">
          {error}
        </p>
      )}
      <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <thead className="bg-zinc-50 text-zinc-500 dark:bg-zinc-900">
            <tr>
              <th className="px-3 py-2 font-medium">Email</th>
              <th className="px-3 py-2 font-medium">Name</th>
              <th className="px-3 py-2 font-medium">Role</th>
              <th className="px-3 py-2 font-medium">Plan</th>
              <th className="px-3 py-2 font-medium">Status</th>
            </tr>
          </thead>
          <tbody>
            {data.data.map((u) => {
              const self = u.id === currentUserId;
              return (
                <tr key={u.id} className="border-t border-zinc-200 dark:border-zinc-800" data-testid={`user-row-${u.email}`}>
                  <td className="px-3 py-2">{u.email}</td>
                  <td className="px-3 py-2">{u.name}</td>
                  <td className="px-3 py-2">
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={u.role}
                      disabled={self || setRole.isPending}
                      onChange={(e) => {
                        setError(null);
                        setRole.mutate({ userId: u.id, role: e.target.value as 'user' | 'admin' });
                      }}
                      className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
                    >
                      <option value="user">user</option>
                      <option value="admin">admin</option>
                    </select>
                  </td>
                  <td className="px-3 py-2">
                    <select
                      aria-label={`Plan of ${u.email}`}
                      value={u.plan}
                      disabled={setPlan.isPending}
                      onChange={(e) => {
                        setError(null);
                        setPlan.mutate({ userId: u.id, plan: e.target.value as Plan });
                      }}
                      className="rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
                    >
                      {PLANS.map((p) => (
                        <option key={p} value={p}>
                          {p}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="px-3 py-2">
                    {u.disabledAt ? (
                      <button
                        type="button"
                        disabled={self || setDisabled.isPending}
                        onClick={() => {
                          setError(null);
                          setDisabled.mutate({ userId: u.id, disabled: false });
                        }}
                        className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-50 dark:border-zinc-700"
                      >
                        Enable
                      </button>
                    ) : (
                      // Disabling signs the user out everywhere at once: ask first.
                      <ConfirmButton
                        question={`Disable ${u.email}? They are signed out at once.`}
                        confirmLabel="Disable"
                        disabled={self || setDisabled.isPending}
                        onConfirm={() => {
                          setError(null);
                          setDisabled.mutate({ userId: u.id, disabled: true });
                        }}
                        className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-50 dark:border-zinc-700"
                      >
                        Disable
                      </ConfirmButton>
                    )}
                    <span className="ml-2 text-zinc-500">{u.disabledAt ? 'disabled' : 'active'}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

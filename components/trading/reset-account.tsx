'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC } from '@/components/trpc/react';
import { useHydrated } from '@/components/ui/use-hydrated';

/** Resetting wipes positions and history: the user types RESET to confirm, as the API requires. */
export function ResetAccount() {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const router = useRouter();
  const [confirm, setConfirm] = useState('');
  const reset = useMutation(trpc.account.reset.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (confirm === 'RESET') reset.mutate({ confirm: 'RESET' });
      }}
      className="flex flex-wrap items-end gap-2 text-sm"
    >
      <label>
        Type RESET to start over with 100,000 USD
        <input
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          className="ml-2 rounded border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700"
        />
      </label>
      <button type="submit" disabled={!hydrated || confirm !== 'RESET' || reset.isPending} className="rounded bg-down px-3 py-1 text-white disabled:opacity-50">
        Reset account
      </button>
      {reset.isError && <span role="alert" className="text-down">{reset.error.message}</span>}
      {reset.isSuccess && <span role="status">Account reset.</span>}
    </form>
  );
}

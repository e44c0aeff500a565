'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/react';

/** "Require two-factor sign-in for admins": on, admins without it are kept out of admin tools. */
export function AdminTwoFactorSwitch() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const options = trpc.admin.securityPolicy.get.queryOptions();
  const { data } = useQuery(options);
  const set = useMutation(trpc.admin.securityPolicy.set.mutationOptions({ onSettled: () => queryClient.invalidateQueries({ queryKey: options.queryKey }) }));
  return (
    <div className="space-y-1 text-sm">
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={data?.requireAdminTwoFactor ?? false}
          disabled={!data || set.isPending}
          onChange={(e) => set.mutate({ requireAdminTwoFactor: e.target.checked })}
        />
        Require two-factor sign-in for admins
      </label>
      {set.error && (
        <p role="alert" className="text-down">
          {set.error.message}
        </p>
      )}
    </div>
  );
}

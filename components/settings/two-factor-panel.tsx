'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { fieldErrorsOrForm, FormMessage } from '@/components/forms/form-message';
import { useFieldErrors } from '@/components/forms/use-field-errors';
import type { RouterOutputs } from '@/components/trpc/outputs';
import { useTRPC } from '@/components/trpc/react';
import { Field } from '@/components/ui/field';
import { useHydrated } from '@/components/ui/use-hydrated';

type Setup = RouterOutputs['security']['twoFactorSetup'];

/** Two-factor sign-in: set up with a QR code, confirm with a code, keep the recovery codes; or turn it off. */
export function TwoFactorPanel() {
  const hydrated = useHydrated();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const statusOptions = trpc.security.twoFactorStatus.queryOptions();
  const status = useQuery(statusOptions);
  const refresh = () => queryClient.invalidateQueries({ queryKey: statusOptions.queryKey });
  const { errors, show, onChange } = useFieldErrors();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const onError = (e: { message: string }) => show(fieldErrorsOrForm(e));
  const start = useMutation(trpc.security.twoFactorSetup.mutationOptions({ onSuccess: setSetup, onError }));
  const enable = useMutation(
    trpc.security.twoFactorEnable.mutationOptions({
      onSuccess: (r) => {
        setSetup(null);
        setRecoveryCodes(r.recoveryCodes);
      },
      onError,
      onSettled: refresh,
    }),
  );
  const disable = useMutation(trpc.security.twoFactorDisable.mutationOptions({ onError, onSettled: refresh }));
  const field = (event: React.FormEvent<HTMLFormElement>, name: string) => String(new FormData(event.currentTarget).get(name) ?? '');

  return (
    <div className="space-y-3">
      <h3 className="font-medium">Two-factor sign-in</h3>
      {recoveryCodes && <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />}
      {status.data?.enabled ? (
        <form
          className="space-y-3"
          noValidate
          onChange={onChange}
          onSubmit={(event) => {
            event.preventDefault();
            const code = field(event, 'code');
            const password = field(event, 'password');
            disable.mutate(code ? { code } : { password });
          }}
        >
          <p className="text-sm">
            On. {status.data.recoveryCodesLeft} recovery codes left. To turn it off, give a current code or your password.
          </p>
          <div className="flex flex-wrap gap-3">
            <Field label="Code" name="code" autoComplete="one-time-code" errors={errors.code} />
            <Field label="or password" name="password" type="password" autoComplete="current-password" errors={errors.password} />
          </div>
          <FormMessage messages={errors.form} />
          <button type="submit" disabled={!hydrated || disable.isPending} className="rounded border border-zinc-300 px-3 py-1.5 text-sm dark:border-zinc-700">
            Turn off two-factor sign-in
          </button>
        </form>
      ) : setup ? (
        <form
          className="space-y-3"
          noValidate
          onChange={onChange}
          onSubmit={(event) => {
            event.preventDefault();
            enable.mutate({ code: field(event, 'code') });
          }}
        >
          <p className="text-sm">Scan this with your authenticator app, then enter the 6-digit code it shows.</p>
          {/* The SVG is made on our server from the otpauth URL (qrcode), never by a third party. */}
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL, nothing to optimise */}
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
            alt="QR code of your two-factor secret"
            className="size-48 bg-white p-2"
          />
          <p className="text-xs text-zinc-500">
            Or type the key: <code className="break-all">{setup.secret}</code>
          </p>
          <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" required errors={errors.code} />
          <FormMessage messages={errors.form} />
          <button type="submit" disabled={!hydrated || enable.isPending} className="rounded bg-brand px-3 py-1.5 text-sm text-white">
            Turn on
          </button>
        </form>
      ) : (
        <div className="space-y-2">
          <p className="text-sm">Off. With it on, signing in also asks for a code from an authenticator app.</p>
          <FormMessage messages={errors.form} />
          <button type="button" onClick={() => start.mutate()} disabled={start.isPending} className="rounded bg-brand px-3 py-1.5 text-sm text-white">
            Set up two-factor sign-in
          </button>
        </div>
      )}
    </div>
  );
}

/** Shown once: each code signs in once when the phone is lost. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const download = `data:text/plain;charset=utf-8,${encodeURIComponent(`PrimeTrade recovery codes (each works once)\n\n${codes.join('\n')}\n`)}`;
  return (
    <div role="status" className="space-y-2 rounded border border-amber-400 p-3 text-sm">
      <p className="font-medium">Two-factor sign-in is on. Keep these recovery codes somewhere safe; they are shown only now.</p>
      <ul className="grid grid-cols-2 gap-1 font-mono">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex gap-3">
        <a href={download} download="primetrade-recovery-codes.txt" className="text-brand underline">
          Download
        </a>
        <button type="button" onClick={onDone} className="underline">
          I have saved them
        </button>
      </div>
    </div>
  );
}

'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * A button for an action that cannot be undone: the first press asks (`question`), and only "Yes" acts.
 * Inline rather than a modal, so it reads in place, works by keyboard, and focus moves to the question.
 */
export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  disabled,
  className,
  ariaLabel,
}: {
  children: React.ReactNode;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
  /** The first button's accessible name, when its text alone is ambiguous (one "Revoke" per row). */
  ariaLabel?: string;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" disabled={disabled} onClick={() => setAsking(true)} aria-label={ariaLabel} className={className}>
        {children}
      </button>
    );
  }
  return (
    <span role="group" aria-label={question} className="inline-flex flex-wrap items-center gap-2 text-sm">
      <span>{question}</span>
      <button
        ref={yes}
        type="button"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        className="rounded bg-down px-2 py-1 text-white"
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)} className="rounded border border-zinc-300 px-2 py-1 dark:border-zinc-700">
        Keep
      </button>
    </span>
  );
}

'use client';

import { useCallback, useState } from 'react';

export interface Toast {
  id: number;
  tone: 'ok' | 'error';
  text: string;
}

let nextId = 1;

/** A small stack of messages that fade after a few seconds; announced to screen readers. */
export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const push = useCallback((tone: Toast['tone'], text: string) => {
    const id = nextId++;
    setToasts((t) => [...t.slice(-3), { id, tone, text }]);
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), 6_000);
  }, []);
  return { toasts, push };
}

export function Toasts({ toasts }: { toasts: Toast[] }) {
  return (
    <div aria-live="polite" className="fixed bottom-4 right-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2">
      {toasts.map((t) => (
        <div
          key={t.id}
          data-testid="toast"
          className={`rounded-md px-4 py-3 text-sm text-white shadow-lg ${t.tone === 'ok' ? 'bg-emerald-700' : 'bg-rose-700'}`}
        >
          {t.text}
        </div>
      ))}
    </div>
  );
}

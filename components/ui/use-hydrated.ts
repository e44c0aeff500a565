'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/**
 * False in the server render and the hydration pass, true once React runs the page in the browser. Submit
 * buttons stay disabled until then: a click before hydration would be the browser's own form submission —
 * a GET that puts the fields (a password too) into the address and drops what was typed.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}

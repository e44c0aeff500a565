/** Lets `ms` of the adapter's time pass. */
export type Elapse = (ms: number) => Promise<void>;

export const sleep: Elapse = (ms) => new Promise((r) => setTimeout(r, ms));

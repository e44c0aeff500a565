import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { errorDetails } from '@/server/errors';

/** Runs `promise`, expects it to fail with the tRPC `code`, and returns the error for further checks. */
export async function expectTrpcError(promise: Promise<unknown>, code: TRPCError['code']): Promise<TRPCError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but the call succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}

/**
 * The field errors a client receives for this error, from the one slot both APIs send them in:
 * `details.fieldErrors` (server/errors.ts errorDetails) — zod's refusals and a service's alike; empty when none.
 */
export function fieldErrorsOf(error: TRPCError): Record<string, string[] | undefined> {
  return (errorDetails(error.cause) as { fieldErrors?: Record<string, string[]> } | null)?.fieldErrors ?? {};
}

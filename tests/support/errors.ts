import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { ZodError, z } from 'zod';

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

/** The zod field errors behind a BAD_REQUEST. */
export function fieldErrorsOf(error: TRPCError): Record<string, string[] | undefined> {
  expect(error.cause).toBeInstanceOf(ZodError);
  return z.flattenError(error.cause as ZodError).fieldErrors as Record<string, string[] | undefined>;
}

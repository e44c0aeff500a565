import 'server-only';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { createApiKey, listApiKeys, revokeApiKey } from '@/server/services/keys/api-keys';
import { createKeyInput, revokeKeyInput } from './keys.schema';

// Managing keys needs a signed-in person (session or access token), never another key.
const keyProcedure = protectedProcedure.meta({ sessionOnly: true });

export const keysRouter = createTRPCRouter({
  list: keyProcedure.query(async ({ ctx }) => ({ data: await listApiKeys(ctx.db, ctx.user.id), nextCursor: null })),

  /** The answer holds the secret; it is not stored and cannot be shown again. */
  create: keyProcedure.input(createKeyInput).mutation(async ({ ctx, input }) => {
    if (input.scopes.includes('admin') && ctx.user.role !== 'admin') {
      throw new AppError('FORBIDDEN', 'Only admins can create keys with the admin scope');
    }
    return createApiKey(ctx.db, ctx.user.id, input);
  }),

  revoke: keyProcedure.input(revokeKeyInput).mutation(({ ctx, input }) => revokeApiKey(ctx, ctx.user.id, input.id)),
});

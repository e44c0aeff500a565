import 'server-only';
import { apiKeyPage, apiKeySchema, createdApiKeySchema, createKeyInput, keyIdInput, listKeysInput } from '@/contracts/keys';
import { createTRPCRouter, protectedProcedure } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { createApiKey, listApiKeys, revokeApiKey } from '@/server/services/keys/api-keys';

// Managing keys needs a signed-in person (session or access token), never another key.
const keyProcedure = protectedProcedure.meta({ sessionOnly: true });

export const keysRouter = createTRPCRouter({
  list: keyProcedure.input(listKeysInput).output(apiKeyPage).query(({ ctx, input }) => listApiKeys(ctx.db, ctx.user.id, input)),

  /** The answer holds the secret; it is not stored and cannot be shown again. */
  create: keyProcedure
    .input(createKeyInput)
    .output(createdApiKeySchema)
    .mutation(async ({ ctx, input }) => {
      if (input.scopes.includes('admin') && ctx.user.role !== 'admin') {
        throw new AppError('FORBIDDEN', 'Only admins can create keys with the admin scope');
      }
      return createApiKey(ctx.db, ctx.user.id, input);
    }),

  revoke: keyProcedure.input(keyIdInput).output(apiKeySchema).mutation(({ ctx, input }) => revokeApiKey(ctx, ctx.user.id, input.id)),
});

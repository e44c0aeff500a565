import { z } from 'zod';
import { idOf, pageInput, pageOf, timestamp } from './common';
import { API_KEY_SCOPES } from './enums';

export const createKeyInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(60, 'Name must be at most 60 characters'),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, 'Choose at least one scope'),
});

export const keyIdInput = z.object({ id: idOf('key') });

export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  createdAt: timestamp,
});
export const apiKeyPage = pageOf(apiKeySchema);
/** The one answer that holds the secret; it is not stored and cannot be shown again. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string() });

/** A user holds at most 50 keys, so the default page is all of them. */
export const listKeysInput = z.object(pageInput(50, 100)).default({ limit: 50 });

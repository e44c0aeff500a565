import { z } from 'zod';
import { apiKeyScope } from '@/db/schema';

export const createKeyInput = z.object({
  name: z.string().trim().min(1, 'Name is required').max(60, 'Name must be at most 60 characters'),
  scopes: z.array(z.enum(apiKeyScope.enumValues)).min(1, 'Choose at least one scope'),
});

export const revokeKeyInput = z.object({ id: z.uuid({ message: 'Not a key id' }) });

import 'server-only';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { env, profile } from '@/server/env';

let resolved: Promise<string> | undefined;

/**
 * AUTH_SECRET from env; in the local profile, when none is set, one is generated on first start and kept
 * under the data directory so sessions survive restarts.
 */
export function getAuthSecret(): Promise<string> {
  resolved ??= resolveAuthSecret();
  return resolved;
}

async function resolveAuthSecret(): Promise<string> {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (profile === 'cloud') throw new Error('AUTH_SECRET must be set in the cloud profile');
  const file = path.resolve(env.DATA_DIR, 'auth-secret');
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing.length >= 32) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  // `wx`: if another process wrote it first, keep theirs.
  try {
    await writeFile(file, secret, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch {
    return (await readFile(file, 'utf8')).trim();
  }
}

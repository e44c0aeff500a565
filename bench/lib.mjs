// Shared by the HTTP benches: a `next start` of the current build on a fresh data dir, and figures.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function startNext({ port, env = {} }) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'primetrade-bench-'));
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port), '-H', '127.0.0.1'], {
    env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'production', LOG_LEVEL: 'warn', MARKET_BACKFILL_DAYS: '0', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('next start not ready in 90 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid, child, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

/** Resident memory of a process (and its children, which `next start` may use), in bytes. */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

export const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
export const fmt = (n, d = 0) => n.toFixed(d);

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSecondsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** A TCP port nothing listens on right now (benches run beside other servers on a shared machine). */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Signs up through `POST /api/v1/auth/register`, then signs in through Auth.js's credentials flow as a
 * browser would; returns the session cookie(s) as one `cookie` header value.
 */
export async function signUpAndSignIn(url, { email, password, name }) {
  const registered = await fetch(`${url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, name }),
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status} ${await registered.text()}`);
  const jar = new Map();
  const send = async (path, init = {}) => {
    const res = await fetch(`${url}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...init.headers, cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  };
  const { csrfToken } = await (await send('/api/auth/csrf')).json();
  await send('/api/auth/callback/credentials', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, email, password, redirect: 'false' }),
  });
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const me = await fetch(`${url}/api/trpc/node/auth.me`, { headers: { cookie } });
  if (!me.ok) throw new Error(`sign-in did not give a session (auth.me ${me.status})`);
  return cookie;
}

/** Where benches leave their detailed output (gitignored). */
export function resultsDir() {
  const dir = path.join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

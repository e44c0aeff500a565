import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../generated/api-v1';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => server?.stop());

type Body = Record<string, unknown> & { error: { code: string; message: string; details?: Record<string, unknown> } };

async function call(method: string, path: string, opts: { token?: string; body?: unknown; raw?: BodyInit; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.type) headers['content-type'] = opts.type;
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Body };
}

async function person(email: string) {
  await call('POST', '/auth/register', { body: { email, password: 'password-123', name: email } });
  const token = (await call('POST', '/auth/token', { body: { email, password: 'password-123' } })).body.accessToken as string;
  const key = async (scopes: string[]) =>
    (await call("POST", "/keys", { token, body: { name: scopes.join("+"), scopes } })).body as unknown as { id: string; secret: string };
  return { token, key };
}

async function waitForJob(token: string, id: string) {
  for (let i = 0; i < 300; i++) {
    const job = await call('GET', `/jobs/${id}`, { token });
    if (['succeeded', 'failed', 'canceled'].includes(job.body.status as string)) return job.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish');
}

describe('tasks over REST with an API key', () => {
  it('creates, reads, filters, updates and deletes tasks', async () => {
    const alice = await person('alice@example.com');
    const { secret } = await alice.key(['read', 'trade']);

    const created = await call('POST', '/tasks', { token: secret, body: { title: 'Check BTC', priority: 'high', assetSymbol: 'btc' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Check BTC', priority: 'high', assetSymbol: 'BTC', status: 'todo' });
    await call('POST', '/tasks', { token: secret, body: { title: 'Low one', priority: 'low' } });

    const high = await call('GET', '/tasks?priority=high&limit=10', { token: secret });
    expect((high.body.data as { title: string }[]).map((t) => t.title)).toEqual(['Check BTC']);

    const id = created.body.id as string;
    const patched = await call('PATCH', `/tasks/${id}`, { token: secret, body: { status: 'done' } });
    expect(patched.body.status).toBe('done');
    expect((await call('GET', `/tasks/${id}`, { token: secret })).body.status).toBe('done');
    expect((await call('DELETE', `/tasks/${id}`, { token: secret })).status).toBe(200);
    expect((await call('GET', `/tasks/${id}`, { token: secret })).status).toBe(404);

    const bad = await call('POST', '/tasks', { token: secret, body: { title: '', dueAt: 'tomorrow' } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details!.fieldErrors as object)).toEqual(expect.arrayContaining(['title', 'dueAt']));
  });

  it('keeps an access matrix over tasks, jobs and keys with no leaks', async () => {
    const owner = await person('owner@example.com');
    const other = await person('other@example.com');
    const admin = (await call('POST', '/auth/token', { body: { email: 'admin@primetrade.dev', password: 'admin-password-1' } })).body
      .accessToken as string;
    const task = (await call('POST', '/tasks', { token: owner.token, body: { title: 'Private' } })).body.id as string;
    const job = (await call('POST', '/tasks/import', { token: owner.token, raw: 'title\nfrom csv\n', type: 'text/csv' })).body.jobId as string;
    const ownerKey = await owner.key(['read']);
    const readOnly = ownerKey.secret;
    const revoked = await owner.key(['read', 'trade']);
    await call('DELETE', `/keys/${revoked.id}`, { token: owner.token });

    // Owner and admin see it; another user, even knowing the ids, gets NOT_FOUND (no existence leak).
    expect((await call('GET', `/tasks/${task}`, { token: owner.token })).status).toBe(200);
    expect((await call('GET', `/tasks/${task}`, { token: admin })).status).toBe(200);
    for (const path of [`/tasks/${task}`, `/jobs/${job}`]) {
      const r = await call('GET', path, { token: other.token });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
    expect((await call('PATCH', `/tasks/${task}`, { token: other.token, body: { title: 'mine now' } })).status).toBe(404);
    expect((await call('DELETE', `/tasks/${task}`, { token: other.token })).status).toBe(404);
    expect((await call('DELETE', `/keys/${ownerKey.id}`, { token: other.token })).status).toBe(404);
    expect(((await call('GET', '/tasks', { token: other.token })).body.data as unknown[]).length).toBe(0);
    expect((await call('GET', '/tasks?all=true', { token: other.token })).status).toBe(403);
    expect(((await call('GET', '/tasks?all=true', { token: admin })).body.data as unknown[]).length).toBeGreaterThanOrEqual(1);

    // Anonymous, revoked key: 401. Read-only key: reads yes, writes 403.
    expect((await call('GET', `/tasks/${task}`)).status).toBe(401);
    expect((await call('GET', '/tasks', { token: revoked.secret })).status).toBe(401);
    expect((await call('GET', `/tasks/${task}`, { token: readOnly })).status).toBe(200);
    expect((await call('GET', `/jobs/${job}`, { token: readOnly })).status).toBe(200);
    const write = await call('POST', '/tasks', { token: readOnly, body: { title: 'nope' } });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toMatch(/"trade" scope/);
    expect((await call('GET', '/keys', { token: readOnly })).status).toBe(403);

    // A disabled user's token and keys stop working.
    const ownerId = ((await call('GET', '/me', { token: owner.token })).body.id) as string;
    await call('PATCH', `/admin/users/${ownerId}`, { token: admin, body: { disabled: true } });
    expect((await call('GET', '/tasks', { token: owner.token })).status).toBe(401);
    expect((await call('GET', '/tasks', { token: readOnly })).status).toBe(401);
  });

  it('imports a CSV upload as a job (text/csv and multipart) and reports bad rows by line', async () => {
    const bob = await person('bob@example.com');
    const csv = 'title,priority,due_at\nFirst,high,2030-01-31\n,low,\nThird,urgent,\nFourth,low,2030-02-01T09:00:00Z\n';
    const accepted = await call('POST', '/tasks/import', { token: bob.token, raw: csv, type: 'text/csv' });
    expect(accepted.status).toBe(202);
    const job = await waitForJob(bob.token, accepted.body.jobId as string);
    expect(job).toMatchObject({ status: 'succeeded', processed: 4, total: 4 });
    expect((job.errors as { line: number }[]).map((e) => e.line)).toEqual([3, 4]);

    const form = new FormData();
    form.set('file', new Blob(['title\nFrom multipart\n'], { type: 'text/csv' }), 'tasks.csv');
    const viaForm = await fetch(`${server.url}/api/v1/tasks/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bob.token}` },
      body: form,
    });
    expect(viaForm.status).toBe(202);
    const formJob = await waitForJob(bob.token, ((await viaForm.json()) as { jobId: string }).jobId);
    expect(formJob.status).toBe('succeeded');
    const titles = ((await call('GET', '/tasks?limit=100', { token: bob.token })).body.data as { title: string }[]).map((t) => t.title);
    expect(titles.sort()).toEqual(['First', 'Fourth', 'From multipart']);

    const admin = (await call('POST', '/auth/token', { body: { email: 'admin@primetrade.dev', password: 'admin-password-1' } })).body
      .accessToken as string;
    const metrics = await (await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${admin}` } })).text();
    expect(metrics).toMatch(/primetrade_jobs\{kind="tasks.import",status="succeeded"\} [2-9]/);
  });

  it('refuses malformed, wrongly encoded, oversized and non-CSV uploads with clear 4xx', async () => {
    const carol = await person('carol@example.com');
    const malformed = await call('POST', '/tasks/import', { token: carol.token, raw: 'title\n"never closed\n', type: 'text/csv' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/line 2/i);

    const latin1 = new Uint8Array([...new TextEncoder().encode('title\nCaf'), 0xe9, 0x0a]);
    const encoding = await call('POST', '/tasks/import', { token: carol.token, raw: latin1, type: 'text/csv' });
    expect(encoding.status).toBe(400);
    expect(encoding.body.error.message).toMatch(/UTF-8/);

    const huge = 'title\n' + 'x'.repeat(11 * 1024 * 1024);
    expect((await call('POST', '/tasks/import', { token: carol.token, raw: huge, type: 'text/csv' })).status).toBe(413);
    expect((await call('POST', '/tasks/import', { token: carol.token, body: { csv: 'title' } })).status).toBe(415);
  });

  it('lists tasks through a client generated from the OpenAPI document', async () => {
    const dave = await person('dave@example.com');
    const { secret } = await dave.key(['read', 'trade']);
    const api = createClient<paths>({ baseUrl: server.url, headers: { authorization: `Bearer ${secret}` } });
    await api.POST('/api/v1/tasks', { body: { title: 'Typed from OpenAPI' } });
    const { data, response } = await api.GET('/api/v1/tasks', { params: { query: { limit: 5 } } });
    expect(response.status).toBe(200);
    expect(JSON.stringify(data)).toContain('Typed from OpenAPI');
  });
});

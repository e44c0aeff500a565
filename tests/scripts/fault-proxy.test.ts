import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMode, startFaultControl, startFaultProxy, type FaultProxy } from '@/scripts/fault-proxy';

// A real TCP echo server behind the proxy; each test drives real sockets through it.
let echo: Server;
let received: number; // bytes the echo server got, all connections
let proxy: FaultProxy;

beforeEach(async () => {
  received = 0;
  echo = createServer((socket) => {
    socket.on('data', (d) => {
      received += d.length;
      socket.write(d);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  proxy = await startFaultProxy({ target: `127.0.0.1:${(echo.address() as AddressInfo).port}` });
});

afterEach(async () => {
  await proxy.close();
  await new Promise((r) => echo.close(r));
});

/** Connects through the proxy; resolves the socket, or rejects with the connect error (ECONNREFUSED…). */
async function dial(): Promise<Socket> {
  const socket = connect({ host: proxy.host, port: proxy.port });
  await Promise.race([once(socket, 'connect'), once(socket, 'error').then(([e]) => Promise.reject(e as Error))]);
  return socket;
}

/** Writes `text` and collects what comes back until `bytes` arrived; rejects on a socket error. */
async function roundTrip(socket: Socket, text: string, bytes = Buffer.byteLength(text)): Promise<string> {
  let got = '';
  const done = new Promise<string>((resolve, reject) => {
    socket.on('data', (d) => {
      got += String(d);
      if (got.length >= bytes) resolve(got);
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error(`closed after ${got.length} bytes`)));
  });
  socket.write(text);
  return done;
}

const errorCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

describe('fault proxy', () => {
  it('passes bytes both ways untouched', async () => {
    const s = await dial();
    expect(await roundTrip(s, 'hello through the proxy')).toBe('hello through the proxy');
    s.destroy();
    expect(proxy.stats()).toMatchObject({ accepted: 1, cut: 0 });
  });

  it('down: refuses new connections, resets open ones, and comes back on the same port', async () => {
    const open = await dial();
    expect(await roundTrip(open, 'before')).toBe('before');
    const reset = new Promise<unknown>((resolve) => open.once('error', resolve));
    await proxy.set({ mode: 'down' });
    expect(errorCode(await reset)).toBe('ECONNRESET');
    expect(proxy.up()).toBe(false);
    await expect(dial()).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const port = proxy.port;
    await proxy.set({ mode: 'pass' });
    expect(proxy.port).toBe(port);
    const again = await dial();
    expect(await roundTrip(again, 'after')).toBe('after');
    again.destroy();
  });

  it('slow: holds every chunk for the latency, in order', async () => {
    await proxy.set({ mode: 'slow', latencyMs: 150 });
    const s = await dial();
    const started = Date.now();
    const answer = roundTrip(s, 'abc', 6);
    await new Promise((r) => setTimeout(r, 20));
    s.write('def');
    expect(await answer).toBe('abcdef');
    // Two legs (there and back), each held at least the latency.
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    s.destroy();
  });

  it('reset: forwards exactly the allowed bytes, then resets the connection', async () => {
    await proxy.set({ mode: 'reset', afterBytes: 100 });
    const s = await dial();
    const failed = roundTrip(s, 'x'.repeat(1_000)).then(
      () => 'answered',
      (e: unknown) => errorCode(e) ?? String(e),
    );
    expect(await failed).toMatch(/ECONNRESET|closed after/);
    // The echo server saw a part of the message — mid-request — and no more.
    for (let i = 0; i < 100 && received === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual(100);
    expect(proxy.stats().cut).toBe(1);
  });

  it('flap: alternates refusing and accepting, starting down', async () => {
    await proxy.set({ mode: 'flap', periodMs: 100 });
    const seen = new Set<boolean>();
    const results: string[] = [];
    const until = Date.now() + 700;
    while (Date.now() < until) {
      seen.add(proxy.up());
      results.push(
        await dial().then(
          (s) => (s.destroy(), 'ok'),
          (e: unknown) => errorCode(e) ?? 'error',
        ),
      );
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(seen).toEqual(new Set([true, false]));
    expect(results).toContain('ok');
    expect(results).toContain('ECONNREFUSED');
    await proxy.set({ mode: 'pass' });
    expect(proxy.up()).toBe(true);
  });

  it('is switched over its control door', async () => {
    const control = await startFaultControl(proxy, { port: 0 });
    const url = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/down`, { method: 'POST' })).status).toBe(200);
      expect(await (await fetch(url)).json()).toMatchObject({ mode: { mode: 'down' }, up: false });
      await expect(dial()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect((await fetch(`${url}/sideways`, { method: 'POST' })).status).toBe(400);
      await fetch(`${url}/pass`, { method: 'POST' });
      const s = await dial();
      expect(await roundTrip(s, 'back')).toBe('back');
      s.destroy();
    } finally {
      control.close();
    }
  });

  it('reads switches from control paths', () => {
    expect(parseMode('/slow?ms=250')).toEqual({ mode: 'slow', latencyMs: 250 });
    expect(parseMode('/reset?bytes=64')).toEqual({ mode: 'reset', afterBytes: 64 });
    expect(parseMode('/flap?ms=500')).toEqual({ mode: 'flap', periodMs: 500 });
    expect(() => parseMode('/slow?ms=-1')).toThrow(/non-negative/);
  });
});

import { Writable } from 'node:stream';
import { expect } from 'vitest';

/** A Node response stand-in with a small socket buffer; `stall()` stops it taking bytes until `resume()`. */
export class FakeResponse extends Writable {
  status = 0;
  text = '';
  private held: (() => void)[] = [];
  private stalled = false;
  constructor() {
    super({ highWaterMark: 512 });
  }
  writeHead(status: number) {
    this.status = status;
    return this;
  }
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    const take = () => {
      this.text += chunk.toString();
      done();
    };
    if (this.stalled) this.held.push(take);
    else take();
  }
  stall() {
    this.stalled = true;
  }
  resume() {
    this.stalled = false;
    for (const take of this.held.splice(0)) take();
  }
}

/** Waits (up to ~2 s) for `check` to hold, then asserts it. */
export async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

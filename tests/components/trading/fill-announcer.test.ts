import { describe, expect, it } from 'vitest';
import { createFillAnnouncer } from '@/components/trading/fill-announcer';

describe('fill announcer', () => {
  it('announces a placement fill once when the answer comes first', () => {
    const a = createFillAnnouncer();
    expect([a.placed('o1'), a.streamed('o1')]).toEqual([true, false]);
  });

  it('announces a placement fill once when the stream comes first', () => {
    const a = createFillAnnouncer();
    expect([a.streamed('o1'), a.placed('o1')]).toEqual([true, false]);
  });

  it('announces every later fill of a resting order', () => {
    const a = createFillAnnouncer();
    expect([a.streamed('rest'), a.streamed('rest'), a.streamed('rest')]).toEqual([true, true, true]);
  });

  it('keeps orders apart', () => {
    const a = createFillAnnouncer();
    expect([a.placed('x'), a.streamed('y'), a.streamed('x'), a.placed('y')]).toEqual([true, true, false, false]);
  });
});

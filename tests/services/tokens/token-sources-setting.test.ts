import { describe, expect, it } from 'vitest';
import { resolveTokenSources } from '@/server/env';

describe('TOKEN_SOURCES', () => {
  it('defaults to the fake upstreams locally and the real APIs in the cloud', () => {
    expect(resolveTokenSources(undefined, 'local')).toEqual({ sim: true, names: ['dexscreener', 'geckoterminal', 'jupiter'] });
    expect(resolveTokenSources(undefined, 'cloud')).toEqual({ sim: false, names: ['dexscreener', 'geckoterminal', 'jupiter'] });
  });

  it('live switches the local profile to the real APIs; a list picks some of them', () => {
    expect(resolveTokenSources('live', 'local').sim).toBe(false);
    expect(resolveTokenSources('jupiter,dexscreener', 'cloud')).toEqual({ sim: false, names: ['dexscreener', 'jupiter'] });
    expect(resolveTokenSources('sim', 'cloud').sim).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { curlFor } from '@/components/docs/curl-example';
import { buildOpenApiDocument } from '@/server/rest/openapi';

type Op = Parameters<typeof curlFor>[0] & { security?: unknown[] };
const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, Omit<Op, 'method' | 'path' | 'secured'> & { security?: unknown[] }>> };
const operation = (method: string, path: string) => {
  const op = doc.paths[path]![method]!;
  return { ...op, method, path, secured: op.security?.length !== 0 };
};

describe('curl examples on the docs page, from the OpenAPI document', () => {
  it('placing an order: bearer key, JSON body with every required field and a valid value', () => {
    expect(curlFor(operation('post', '/api/v1/orders'))).toBe(
      [
        `curl -s -X POST 'http://localhost:3000/api/v1/orders'`,
        `-H "authorization: Bearer $KEY"`,
        `-H 'content-type: application/json'`,
        `-d '{"symbol":"BTC","side":"buy","type":"market","qty":"0.01"}'`,
      ].join(' \\\n  '),
    );
  });

  it('a public read needs no key; path ids become shell variables', () => {
    expect(curlFor(operation('get', '/api/v1/assets/{symbol}/candles'))).toBe(`curl -s 'http://localhost:3000/api/v1/assets/BTC/candles?interval=1m'`);
    expect(curlFor(operation('delete', '/api/v1/orders/{orderId}'))).toBe(
      `curl -s -X DELETE "http://localhost:3000/api/v1/orders/$ORDER_ID" \\\n  -H "authorization: Bearer $KEY"`,
    );
  });

  it('every operation gets an example whose JSON body parses', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const curl = curlFor(operation(method, path));
        expect(curl).toMatch(/^curl -s/);
        const body = /-d '(.*)'$/.exec(curl)?.[1];
        if (body) expect(() => JSON.parse(body)).not.toThrow();
      }
    }
  });
});

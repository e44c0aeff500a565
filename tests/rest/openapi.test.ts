import { readFile } from 'node:fs/promises';
import { validate, compileErrors } from '@readme/openapi-parser';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '@/server/rest/openapi';
import { operations } from '@/server/rest/operations';
import { generateOpenApiTypes } from '../../scripts/generate-openapi-types';

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };

  it('passes a real OpenAPI 3.1 validator', async () => {
    const result = await validate(structuredClone(doc) as never);
    if (!result.valid) throw new Error(compileErrors(result));
    expect(result.valid).toBe(true);
  });

  it('describes every REST operation the router serves, with its path parameters', () => {
    for (const op of operations) {
      const entry = doc.paths[`/api/v1${op.path}`]?.[op.method.toLowerCase()];
      expect(entry, `${op.method} ${op.path}`).toBeDefined();
      for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) {
        expect(entry!.parameters?.some((p) => p.in === 'path' && p.name === name)).toBe(true);
      }
    }
    const documented = Object.values(doc.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
    expect(documented).toBe(operations.length);
  });

  it('matches the committed generated client types (run scripts/generate-openapi-types.ts to refresh)', async () => {
    const committed = await readFile('tests/generated/api-v1.d.ts', 'utf8');
    expect(await generateOpenApiTypes()).toBe(committed);
  });
});

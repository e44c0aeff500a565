import { z } from 'zod';
import { ERROR_CODES } from '@/server/errors';
import type { RestOperation } from './operation';
import { operations } from './operations';
import { inputProperties, restJsonSchema } from './query';

type Json = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => restJsonSchema(schema, io) as Json;

const pathParams = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

function withoutProps(schema: Json, drop: string[]): Json {
  const rest = { ...schema };
  delete rest.$schema;
  const properties = { ...(rest.properties as Json | undefined) };
  for (const name of drop) delete properties[name];
  const required = ((rest.required as string[] | undefined) ?? []).filter((r) => !drop.includes(r));
  return { ...rest, properties, ...(required.length ? { required } : { required: undefined }) };
}

function describe(op: RestOperation): Json {
  const params = pathParams(op.path);
  const props = op.input ? inputProperties(op.input) : {};
  const parameters: Json[] = params.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: props[name] ?? { type: 'string' },
  }));
  const readsBody = (op.body ?? (op.method === 'POST' || op.method === 'PATCH' ? 'json' : 'none')) === 'json';
  if (!readsBody && op.input) {
    const required = (jsonSchema(op.input, 'input').required as string[] | undefined) ?? [];
    for (const [name, schema] of Object.entries(props)) {
      if (!params.includes(name)) parameters.push({ name, in: 'query', required: required.includes(name), schema });
    }
  }
  const status = String(op.status ?? 200);
  const errors = Object.fromEntries(
    [...new Set(Object.values(ERROR_CODES).map((c) => c.status))]
      .filter((s) => s !== 405)
      .map((s) => [String(s), { $ref: '#/components/responses/Error' }]),
  );
  return {
    operationId: `${op.method.toLowerCase()}${op.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
    summary: op.summary,
    tags: [op.tag],
    ...(op.public ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(readsBody && op.input
      ? { requestBody: { required: true, content: { 'application/json': { schema: withoutProps(jsonSchema(op.input, 'input'), params) } } } }
      : {}),
    ...(op.body === 'raw' ? { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } } } : {}),
    responses: {
      [status]: { description: 'Success', content: { 'application/json': { schema: withoutProps(jsonSchema(op.output, 'output'), []) } } },
      ...errors,
    },
  };
}

/** The OpenAPI 3.1 document for /api/v1, built from the same operations table the router serves. */
export function buildOpenApiDocument(baseUrl = ''): Json {
  const paths: Record<string, Json> = {};
  for (const op of operations) {
    const key = `/api/v1${op.path}`;
    paths[key] = { ...paths[key], [op.method.toLowerCase()]: describe(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'PrimeTrade API',
      version: '1.0.0',
      description:
        'REST access to PrimeTrade. Authenticate with `Authorization: Bearer <token>` — an API key (`pt_…`) or an access token from `POST /api/v1/auth/token`. Decimals are strings, timestamps ISO 8601, lists `{data, nextCursor}`.',
    },
    servers: [{ url: baseUrl || '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API key or access token' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(ERROR_CODES) },
                message: { type: 'string' },
                details: { type: 'object', additionalProperties: true },
              },
            },
          },
        },
      },
      responses: {
        Error: {
          description:
            'An error: `{"error":{"code","message","details?"}}`. 429 and 503 carry Retry-After; a 503 (SERVICE_UNAVAILABLE) names the dependency that is down in `details.dependency`.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}

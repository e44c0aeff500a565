import { z } from 'zod';

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; items?: JsonSchema };

function typeOf(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  return schema.anyOf?.map(typeOf).find((t) => t && t !== 'null');
}

/** Dates cross REST as ISO 8601 text: JSON.stringify writes them so, and inputs parse that text. */
function datesAsText({ zodSchema, jsonSchema }: { zodSchema: { _zod: { def: { type: string } } }; jsonSchema: Record<string, unknown> }) {
  if (zodSchema._zod.def.type === 'date') Object.assign(jsonSchema, { type: 'string', format: 'date-time' });
}

/** A contract's JSON Schema as REST sees it (the OpenAPI document and query coercion read the same). */
export function restJsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12', override: datesAsText });
}

const cache = new WeakMap<z.ZodType, Record<string, JsonSchema>>();

export function inputProperties(schema: z.ZodType): Record<string, JsonSchema> {
  let props = cache.get(schema);
  if (!props) {
    const json = restJsonSchema(schema, 'input') as JsonSchema;
    props = json.properties ?? {};
    cache.set(schema, props);
  }
  return props;
}

/**
 * Query strings are text; the procedures take typed input. Converts each parameter to the type the
 * operation's input schema declares (numbers, booleans, comma-separated arrays). Values that do not
 * convert are passed through, so the procedure's validation reports them.
 */
export function coerceQuery(params: URLSearchParams, schema: z.ZodType | undefined): Record<string, unknown> {
  const props = schema ? inputProperties(schema) : {};
  const out: Record<string, unknown> = {};
  for (const [key, raw] of params) {
    const type = typeOf(props[key]);
    if (type === 'integer' || type === 'number') out[key] = raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    else if (type === 'boolean') out[key] = raw === 'true' ? true : raw === 'false' ? false : raw;
    else if (type === 'array') out[key] = raw.split(',').map((s) => s.trim()).filter(Boolean);
    else out[key] = raw;
  }
  return out;
}

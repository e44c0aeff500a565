/** The parts of JSON Schema the example builder reads. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  default?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  minimum?: number;
}

export interface DocumentedOperation {
  method: string;
  path: string;
  /** False for public operations (`security: []`). */
  secured: boolean;
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

/** Values a reader would type for well-known fields: a symbol, a quantity, a price. */
const BY_NAME: Record<string, unknown> = {
  symbol: 'BTC',
  symbols: 'BTC,ETH',
  qty: '0.01',
  limitPrice: '50000',
  stopPrice: '45000',
  email: 'you@example.com',
  password: 'a-long-password',
  name: 'My script',
  title: 'Review BTC position',
  interval: '5m',
  confirm: 'RESET',
};

const BY_FORMAT: Record<string, string> = {
  uuid: '00000000-0000-4000-8000-000000000000',
  'date-time': '2030-01-01T00:00:00Z',
  email: 'you@example.com',
};

/** An example value for one field: its name's usual value, its default, its first allowed value, else a typed stand-in. */
export function exampleValue(name: string, schema: Schema): unknown {
  if (name in BY_NAME && !schema.enum) return BY_NAME[name];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variant = (schema.anyOf ?? schema.oneOf)?.find((s) => s.type !== 'null');
  if (variant) return exampleValue(name, variant);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (schema.format && BY_FORMAT[schema.format]) return BY_FORMAT[schema.format];
  switch (type) {
    case 'object':
      return exampleObject(schema);
    case 'array':
      return schema.items ? [exampleValue(name.replace(/s$/, ''), schema.items)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      return name;
  }
}

/** The required fields of an object schema, each with its example value. */
export function exampleObject(schema: Schema): Record<string, unknown> {
  const required = new Set(schema.required ?? []);
  return Object.fromEntries(
    Object.entries(schema.properties ?? {})
      .filter(([name]) => required.has(name))
      .map(([name, s]) => [name, exampleValue(name, s)]),
  );
}

/** `$ORDER_ID` for `{orderId}`: an id the reader fills in from an earlier answer. */
const shellVariable = (name: string) => `$${name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A curl command that calls `op` as written: path parameters filled (a symbol as BTC, ids as shell
 * variables), required query parameters, the bearer header when the operation needs one, and a body of the
 * required fields.
 */
export function curlFor(op: DocumentedOperation, origin = 'http://localhost:3000'): string {
  const params = op.parameters ?? [];
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const schema = params.find((p) => p.name === name)?.schema ?? {};
    return name === 'symbol' ? String(exampleValue(name, schema)) : shellVariable(name);
  });
  const query = params
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${p.name}=${encodeURIComponent(String(exampleValue(p.name, p.schema ?? {})))}`)
    .join('&');
  const url = `${origin}${path}${query ? `?${query}` : ''}`;
  const method = op.method.toUpperCase();
  const parts = [`curl -s${method === 'GET' ? '' : ` -X ${method}`} ${url.includes('$') ? `"${url}"` : quote(url)}`];
  if (op.secured) parts.push(`-H "authorization: Bearer $KEY"`);
  const [contentType, body] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
  if (contentType === 'application/json' && body) {
    parts.push(`-H 'content-type: application/json'`, `-d ${quote(JSON.stringify(exampleObject(body.schema)))}`);
  } else if (contentType) {
    parts.push(`-H 'content-type: ${contentType}'`, `--data-binary @file.${contentType.split('/')[1]}`);
  }
  return parts.join(' \\\n  ');
}

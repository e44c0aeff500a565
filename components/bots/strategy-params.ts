import { z } from 'zod';
import { STRATEGY_PARAMS, type StrategyName } from '@/contracts/bots';

/** One input of a strategy's params form, read from the strategy's zod schema (its shape and bounds). */
export interface ParamField {
  name: string;
  /** `decimal`: a price or amount sent as a decimal string, like the schema takes it. */
  kind: 'integer' | 'number' | 'decimal';
  required: boolean;
  min?: number;
  max?: number;
  /** The bound itself is refused (`gt`/`lt`). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
}

interface JsonProperty {
  type?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

/**
 * The fields of a strategy's params, in the schema's order. Read through zod's JSON Schema export, which
 * carries each field's type and bounds; the cross-field rules (slow > fast) stay in the schema and are
 * checked when the form is sent.
 */
export function paramFields(strategy: StrategyName): ParamField[] {
  const schema = z.toJSONSchema(STRATEGY_PARAMS[strategy], { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonProperty>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => ({
    name,
    kind: p.type === 'integer' ? 'integer' : p.type === 'number' ? 'number' : 'decimal',
    required: schema.required?.includes(name) ?? false,
    min: p.minimum ?? p.exclusiveMinimum,
    max: p.maximum ?? p.exclusiveMaximum,
    exclusiveMin: p.exclusiveMinimum !== undefined,
    exclusiveMax: p.exclusiveMaximum !== undefined,
  }));
}

/** Starting values the form offers (not defaults of the API: every param is sent). */
export const SUGGESTED_PARAMS: Record<StrategyName, Record<string, string>> = {
  sma_cross: { fast: '10', slow: '30' },
  rsi: { period: '14', buyBelow: '30', sellAbove: '70' },
  grid: { levels: '10' },
  dca: { amount: '100', everyBars: '60' },
};

/** `1 – 500`, `(0, 100)`: the bounds as a hint under the label. */
export function boundsHint(field: ParamField): string | null {
  if (field.min === undefined && field.max === undefined) return field.kind === 'decimal' ? 'decimal' : null;
  const open = field.exclusiveMin ? '(' : '[';
  const close = field.exclusiveMax ? ')' : ']';
  return `${open}${field.min ?? '−∞'}, ${field.max ?? '∞'}${close}${field.kind === 'integer' ? ' whole' : ''}`;
}

function toValue(field: ParamField, raw: string): unknown {
  const text = raw.trim();
  if (field.kind === 'decimal') return text;
  // An unparseable number goes to the schema as the text, so its message ("must be a number") shows.
  return text === '' || Number.isNaN(Number(text)) ? text : Number(text);
}

/** The params as the schema takes them; an empty optional field is left out. */
export function readParams(strategy: StrategyName, form: FormData): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of paramFields(strategy)) {
    const raw = String(form.get(`params.${field.name}`) ?? '');
    if (raw.trim() === '' && !field.required) continue;
    params[field.name] = toValue(field, raw);
  }
  return params;
}

/** A sweep's grid: each field lists its values separated by commas. */
export function readGrid(strategy: StrategyName, form: FormData): Record<string, (number | string)[]> {
  const grid: Record<string, (number | string)[]> = {};
  for (const field of paramFields(strategy)) {
    const values = String(form.get(`params.${field.name}`) ?? '')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0 && !field.required) continue;
    grid[field.name] = values.map((v) => toValue(field, v) as number | string);
  }
  return grid;
}

/** The params' own errors (zod, before sending), keyed by input name: `params.slow`. */
export function paramErrors(strategy: StrategyName, params: Record<string, unknown>): Record<string, string[]> {
  const parsed = STRATEGY_PARAMS[strategy].safeParse(params);
  if (parsed.success) return {};
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? `params.${String(issue.path[0])}` : 'params';
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return errors;
}

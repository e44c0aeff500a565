/** Field name → messages, as the server sends them and as forms show them under each field. */
export type FieldErrors = Partial<Record<string, string[]>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function fieldErrorsIn(details: unknown): FieldErrors {
  const fields = isRecord(details) ? details.fieldErrors : undefined;
  if (!isRecord(fields)) return {};
  const errors: FieldErrors = {};
  for (const [field, messages] of Object.entries(fields)) {
    if (Array.isArray(messages) && messages.length > 0) errors[field] = messages.map(String);
  }
  return errors;
}

/**
 * The field errors of a failed call, from the one slot both APIs use: `details.fieldErrors` — a tRPC
 * client error's `data.details`, or a REST error body's `error.details`. Empty when no field was named
 * (the error is then about the whole request: show its message).
 */
export function fieldErrorsFrom(error: unknown): FieldErrors {
  if (!isRecord(error)) return {};
  if (isRecord(error.data)) return fieldErrorsIn(error.data.details);
  if (isRecord(error.error)) return fieldErrorsIn(error.error.details);
  return {};
}

/** zod issues from checking a form before sending, grouped by their top-level field (`form` for the whole input). */
export function fieldErrorsFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] = [...(errors[field] ?? []), issue.message];
  }
  return errors;
}

/** The errors without `field`'s: a field's error goes away once its value changes. */
export function withoutField(errors: FieldErrors, field: string): FieldErrors {
  if (!errors[field]) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([name]) => name !== field));
}

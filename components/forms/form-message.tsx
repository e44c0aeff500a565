import { fieldErrorsFrom, type FieldErrors } from './field-errors';

/** A failed call's field errors, or its message under `form` when it names no field. */
export function fieldErrorsOrForm(error: { message: string }): FieldErrors {
  const fields = fieldErrorsFrom(error);
  return Object.keys(fields).length > 0 ? fields : { form: [error.message] };
}

/** A form-level error (one that names no field). */
export function FormMessage({ messages }: { messages?: string[] }) {
  return messages?.length ? (
    <p role="alert" className="text-sm text-down">
      {messages.join('. ')}
    </p>
  ) : null;
}

import { useCallback, useState } from 'react';
import { type FieldErrors, withoutField } from './field-errors';

/**
 * A form's field errors: `show` them (from `fieldErrorsFrom` or `fieldErrorsFromIssues`), and pass `onChange`
 * to the <form> so the error of an edited field clears.
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const onChange = useCallback((event: React.FormEvent<HTMLFormElement>) => {
    const name = (event.target as Partial<HTMLInputElement>).name;
    if (name) setErrors((current) => withoutField(current, name));
  }, []);
  return { errors, show: setErrors, onChange };
}

export type FieldErrorState = ReturnType<typeof useFieldErrors>;

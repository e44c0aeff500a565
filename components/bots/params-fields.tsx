'use client';

import { Field } from '@/components/ui/field';
import type { FieldErrors } from '@/components/forms/field-errors';
import type { StrategyName } from '@/contracts/bots';
import { boundsHint, paramFields, SUGGESTED_PARAMS } from './strategy-params';

/**
 * The inputs of a strategy's params, generated from its schema: one per field, labelled with its bounds.
 * In a sweep each input takes a comma-separated list of values. Remount (key) on a strategy change.
 */
export function ParamsFields({ strategy, errors, sweep = false }: { strategy: StrategyName; errors: FieldErrors; sweep?: boolean }) {
  const fields = paramFields(strategy);
  return (
    <fieldset className="grid gap-3 rounded border border-zinc-200 p-3 sm:grid-cols-3 dark:border-zinc-800">
      <legend className="px-1 text-sm font-medium">
        Parameters{sweep ? ' (values separated by commas)' : ''}
      </legend>
      {fields.map((field) => {
        const hint = boundsHint(field);
        return (
          <Field
            key={field.name}
            label={`${field.name}${hint ? ` ${hint}` : ''}${field.required ? '' : ' (optional)'}`}
            name={`params.${field.name}`}
            defaultValue={SUGGESTED_PARAMS[strategy][field.name] ?? ''}
            inputMode={field.kind === 'integer' ? 'numeric' : 'decimal'}
            errors={errors[`params.${field.name}`]}
          />
        );
      })}
      {errors.params?.length ? (
        <p role="alert" className="text-sm text-down sm:col-span-3">
          {errors.params.join('. ')}
        </p>
      ) : null}
    </fieldset>
  );
}

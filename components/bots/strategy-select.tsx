import { STRATEGY_NAMES, CANDLE_INTERVALS, type BacktestInterval, type StrategyName } from '@/contracts/bots';

export const control =
  'w-full rounded border border-zinc-300 bg-transparent px-3 py-2 outline-none focus:border-brand focus:ring-2 focus:ring-brand/30 dark:border-zinc-700';

const STRATEGY_LABELS: Record<StrategyName, string> = {
  sma_cross: 'SMA cross',
  rsi: 'RSI (Wilder)',
  grid: 'Grid',
  dca: 'DCA',
};

function Select({ label, name, value, options, onChange, errors }: {
  label: string;
  name: string;
  value?: string;
  options: readonly { value: string; label: string }[];
  onChange?: (value: string) => void;
  errors?: string[];
}) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block font-medium">{label}</span>
      <select
        name={name}
        className={control}
        {...(value !== undefined ? { value, onChange: (e) => onChange?.(e.target.value) } : {})}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${name}-error` : undefined}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {errors?.length ? (
        <span id={`${name}-error`} role="alert" className="mt-1 block text-down">
          {errors.join('. ')}
        </span>
      ) : null}
    </label>
  );
}

export function StrategySelect({ value, onChange, errors }: { value: StrategyName; onChange: (s: StrategyName) => void; errors?: string[] }) {
  return (
    <Select
      label="Strategy"
      name="strategy"
      value={value}
      onChange={(v) => onChange(v as StrategyName)}
      options={STRATEGY_NAMES.map((s) => ({ value: s, label: STRATEGY_LABELS[s] }))}
      errors={errors}
    />
  );
}

/** The symbol (from the catalogue) and the candle interval a strategy runs on. */
export function MarketSelects({ symbols, errors, defaultInterval = '1m' }: {
  symbols: string[];
  errors: Partial<Record<string, string[]>>;
  defaultInterval?: BacktestInterval;
}) {
  return (
    <>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Symbol</span>
        <input
          name="symbol"
          list="bot-symbols"
          defaultValue={symbols.includes('BTC') ? 'BTC' : symbols[0]}
          className={control}
          aria-invalid={errors.symbol?.length ? true : undefined}
          aria-describedby={errors.symbol?.length ? 'symbol-error' : undefined}
        />
        <datalist id="bot-symbols">
          {symbols.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {errors.symbol?.length ? (
          <span id="symbol-error" role="alert" className="mt-1 block text-down">
            {errors.symbol.join('. ')}
          </span>
        ) : null}
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">Interval</span>
        <select name="interval" defaultValue={defaultInterval} className={control}>
          {CANDLE_INTERVALS.map((i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>
        {errors.interval?.length ? (
          <span role="alert" className="mt-1 block text-down">
            {errors.interval.join('. ')}
          </span>
        ) : null}
      </label>
    </>
  );
}

export { Select };

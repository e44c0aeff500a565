import type { Forecast } from '@/contracts/forecast';

const MODEL_NAMES: Record<string, string> = {
  naive: 'last price (random walk)',
  'damped-holt': 'damped trend (Holt)',
  rolling: 'rolling 60-step',
  ewma: 'EWMA (λ 0.94)',
  garch: 'GARCH(1,1)',
};

const pct = (fraction: string | number, digits = 1) => `${(Number(fraction) * 100).toFixed(digits)} %`;

/** What the forecast is and how far to trust it, in words: the stored backtest's figures beside their targets. */
export function ForecastModelCard({ forecast }: { forecast: Forecast }) {
  const a = forecast.accuracy;
  const now = Number(forecast.volatility.annualized);
  const typical = Number(forecast.volatility.typicalAnnualized);
  return (
    <dl data-testid="forecast-model-card" className="grid gap-x-4 gap-y-1 text-xs sm:grid-cols-[auto_1fr]">
      <dt className="text-zinc-500">Model</dt>
      <dd>
        {MODEL_NAMES[forecast.model]} with {MODEL_NAMES[forecast.volatility.model]} volatility; bands 80 % and 95 %
      </dd>
      <dt className="text-zinc-500">Volatility</dt>
      <dd>
        {pct(now, 0)} a year now vs {pct(typical, 0)} typical
        {now > typical * 1.25 ? ' — unusually high' : now < typical * 0.8 ? ' — unusually calm' : ''}
      </dd>
      {a ? (
        <>
          <dt className="text-zinc-500">Bands held</dt>
          <dd>
            the price {pct(a.coverage80)} of the time for the 80 % band, {pct(a.coverage95)} for the 95 % band (
            {a.origins.toLocaleString('en-US')} backtest starts, {a.horizon} steps each)
          </dd>
          <dt className="text-zinc-500">Point accuracy</dt>
          <dd>
            MASE {Number(a.mase).toFixed(2)} against the last price (trend model {Number(a.trendMase).toFixed(2)}). A forecast
            is not advice; on this market the last price is as good a point guess as any.
          </dd>
        </>
      ) : (
        <>
          <dt className="text-zinc-500">Backtest</dt>
          <dd>
            not enough history at this interval yet. A forecast is not advice; on this market the last price is as good a
            point guess as any.
          </dd>
        </>
      )}
    </dl>
  );
}

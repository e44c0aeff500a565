import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ForecastModelCard } from '@/components/forecast/model-card';
import type { Forecast } from '@/contracts/forecast';

const forecast: Forecast = {
  symbol: 'BTC',
  interval: '1m',
  asOf: '2026-01-01T00:00:00.000Z',
  model: 'naive',
  points: [],
  volatility: { model: 'ewma', perStep: '0.00100000', annualized: '0.9000', typicalAnnualized: '0.5500' },
  accuracy: {
    origins: 9550, horizon: 30, mase: '0.9960', trendMase: '0.9990', coverage80: '0.7950', coverage95: '0.9420',
    coverage99: '0.9850', pinball: '0.00040000', volQlikeVsConstant: '0.4300', evaluatedAt: '2026-01-01T00:00:00.000Z',
  },
};

const text = (f: Forecast) => renderToStaticMarkup(createElement(ForecastModelCard, { forecast: f })).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('forecast model card', () => {
  it('states the models, the achieved coverage, MASE against the last price and that it is not advice', () => {
    const shown = text(forecast);
    expect(shown).toContain('last price (random walk) with EWMA (λ 0.94) volatility');
    expect(shown).toContain('79.5 % of the time for the 80 % band, 94.2 % for the 95 % band');
    expect(shown).toContain('9,550 backtest starts');
    expect(shown).toContain('MASE 1.00 against the last price (trend model 1.00)');
    expect(shown).toContain('A forecast is not advice; on this market the last price is as good a point guess as any.');
    expect(shown).toContain('90 % a year now vs 55 % typical — unusually high');
  });

  it('says when there is no backtest yet, still with the honesty statement', () => {
    const shown = text({ ...forecast, accuracy: null });
    expect(shown).toContain('not enough history at this interval yet');
    expect(shown).toContain('as good a point guess as any');
    expect(shown).not.toContain('MASE');
  });
});

import type { z } from 'zod';
import { forecastInput, forecastOutput } from '@/contracts/forecast';
import type { RestOperation } from './operation';

/** `GET /api/v1/assets/{symbol}/forecast`: the tRPC `forecast.get` procedure, one implementation. */
export const forecastOperation: RestOperation = {
  method: 'GET',
  path: '/assets/{symbol}/forecast',
  tag: 'market',
  summary:
    'Price forecast: point path with 80/95/99 % bands per step, volatility forecast, and the rolling-origin backtest behind it (interval=1m|5m|1h|1d, horizon=1..240 steps). 422 INSUFFICIENT_HISTORY when the history is too short, gapped or flat.',
  public: true,
  input: forecastInput,
  output: forecastOutput,
  call: (api, input) => api.forecast.get(input as z.input<typeof forecastInput>),
};

import type { ForecastInterval } from '@/contracts/forecast';

/** Steps drawn ahead per chart interval: an hour of minutes, four hours of 5m bars, two days of hours, a month of days. */
export const CHART_HORIZON: Record<ForecastInterval, number> = { '1m': 60, '5m': 48, '1h': 48, '1d': 30 };

export const BACKTEST_JOB_KIND = 'backtests.run';
/** Progress is reported in percent: loading the candles is the first half, running the strategy the second. */
export const BACKTEST_PROGRESS_TOTAL = 100;

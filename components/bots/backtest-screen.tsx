'use client';

import { useState } from 'react';
import { BacktestForm, type StartedBacktest } from './backtest-form';
import { BacktestRun } from './backtest-run';

/** The backtest form and, below it, the latest run (a new run replaces it). */
export function BacktestScreen({ symbols, now }: { symbols: string[]; now: number }) {
  const [run, setRun] = useState<StartedBacktest | null>(null);
  return (
    <div className="space-y-4">
      <BacktestForm symbols={symbols} now={now} onStarted={setRun} />
      {run && <BacktestRun key={run.id} id={run.id} jobId={run.jobId} />}
    </div>
  );
}

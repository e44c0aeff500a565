'use client';

import dynamic from 'next/dynamic';

/**
 * The chart's frame while its code loads: the same border, rows and heights as `PriceChart` (interval row,
 * legend, canvas, indicator row, forecast row), so nothing below moves when it arrives.
 */
export function PriceChartSkeleton() {
  return (
    <section aria-label="Price chart" aria-busy="true" className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <div className="mb-2 flex h-8 items-center">
        <span className="ml-auto text-xs text-zinc-500">Loading chart…</span>
      </div>
      <div className="mb-1 h-5" />
      <div className="h-80 w-full sm:h-96" />
      <div className="mt-2 h-7" />
      <div className="mt-2 h-7" />
    </section>
  );
}

/**
 * The price chart, loaded after first paint. It draws on a canvas once the charting library arrives, so
 * server-rendering its frame bought nothing; its code (and its queries' hooks) stay out of the asset page's
 * first-load JS. The skeleton keeps its exact height.
 */
export const PriceChartLazy = dynamic(() => import('./price-chart').then((m) => m.PriceChart), {
  ssr: false,
  loading: () => <PriceChartSkeleton />,
});

'use client';

import dynamic from 'next/dynamic';

/**
 * The signed-in desk (chart, ticket, orders, position, alert and bots below), as its own chunk: a signed-out
 * visitor, who gets the chart and a sign-in prompt, never downloads the trading code, and for a trader it
 * loads beside the page's entry instead of inside it. Server-rendered as before, so the HTML and the layout
 * are the same; the placeholder only shows on a client-side navigation.
 */
export const AssetTradingLazy = dynamic(() => import('./asset-trading').then((m) => m.AssetTrading), {
  loading: () => <div className="min-h-[32rem]" aria-busy="true" />,
});

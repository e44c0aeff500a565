'use client';

import dynamic from 'next/dynamic';

/**
 * The header's Alerts link and bell, loaded after the page: its stream and queries are in every signed-in page,
 * so keeping them out of the shared first load saves every route the same bytes. The placeholder holds the
 * links' width, so the header does not shift when they arrive.
 */
export const NotificationNavLazy = dynamic(() => import('./notification-nav').then((m) => m.NotificationNav), {
  ssr: false,
  loading: () => <span className="inline-block w-20" aria-hidden="true" />,
});

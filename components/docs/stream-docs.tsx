import { InlineCode } from './inline-code';

const PRICE_EVENTS = [
  ['price', 'One tick: `{"symbol","price","ts","change24h"}`; `price` is a decimal string, `ts` epoch ms, `change24h` a percent or null.'],
  ['snapshot', 'The latest tick of every asked symbol as an array: sent first on a new connection, or when `Last-Event-ID` is older than the replay buffer.'],
  [': heartbeat', 'A comment line every 15 s so proxies keep the connection open; clients ignore it.'],
] as const;

const TRPC_STREAMS = [
  ['stream.prices', 'public', 'The same ticks as the REST stream, for tRPC clients.'],
  ['stream.account', 'signed in', 'Your order updates and fills as they happen (`type: "order" | "fill"`), resuming after `lastEventId`.'],
  ['jobs.watch', 'signed in', 'A job’s progress (e.g. a CSV import): a snapshot, then each change.'],
  ['bots.watch', 'signed in', 'A bot’s status and decisions: a snapshot, then each change.'],
] as const;

/** The server-sent event streams: the REST price stream for any EventSource client, and tRPC's subscriptions. */
export function StreamDocs() {
  return (
    <section aria-labelledby="streams-heading" className="space-y-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="streams-heading" className="text-lg font-medium">
        Live streams (server-sent events)
      </h2>
      <p className="text-sm">
        <InlineCode text="`GET /api/v1/stream/prices?symbols=BTC,ETH` — public, `text/event-stream`. Each event has an `id` (`<ms>-<seq>`); reconnect with the `Last-Event-ID` header (EventSource does it for you) and exactly what you missed is replayed." />
      </p>
      <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[8rem_1fr]">
        {PRICE_EVENTS.map(([event, text]) => (
          <div key={event} className="contents">
            <dt>
              <code className="font-mono">{event}</code>
            </dt>
            <dd className="text-zinc-700 dark:text-zinc-300">
              <InlineCode text={text} />
            </dd>
          </div>
        ))}
      </dl>
      <pre className="overflow-x-auto rounded bg-zinc-100 p-3 text-xs dark:bg-zinc-900">
        {`curl -sN 'http://localhost:3000/api/v1/stream/prices?symbols=BTC,ETH'

// in a browser
const prices = new EventSource('/api/v1/stream/prices?symbols=BTC,ETH');
prices.addEventListener('price', (e) => console.log(JSON.parse(e.data)));`}
      </pre>
      <p className="text-sm">
        <InlineCode text="tRPC subscriptions travel as SSE on `/api/trpc/node/<procedure>` (use `httpSubscriptionLink`); signed-in streams use the session cookie." />
      </p>
      <table className="w-full text-left text-sm">
        <thead className="text-zinc-600 dark:text-zinc-400">
          <tr>
            <th className="py-1 font-medium">Procedure</th>
            <th className="py-1 font-medium">Access</th>
            <th className="py-1 font-medium">What it sends</th>
          </tr>
        </thead>
        <tbody>
          {TRPC_STREAMS.map(([name, access, text]) => (
            <tr key={name} className="border-t border-zinc-200 dark:border-zinc-800">
              <td className="py-1 pr-3">
                <code className="font-mono">{name}</code>
              </td>
              <td className="py-1 pr-3">{access}</td>
              <td className="py-1">
                <InlineCode text={text} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

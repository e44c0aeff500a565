/**
 * The exchange side of bench/ingest-live, in its own process so that making and sending frames does not
 * share the adapter's thread: a fake Binance whose stream sends `count` prepared trade frames on request.
 * Messages: → { symbols }  ← { wsUrl }; → { prepare: count } ← { prepared }; → { send: true } ← { sent }.
 */
import { startFakeBinance, type FakeBinanceSymbol } from '../tests/support/fake-binance';

let prepared: { send(): Promise<void> } | null = null;
let fake: Awaited<ReturnType<typeof startFakeBinance>> | null = null;

process.on('message', (message: { symbols?: FakeBinanceSymbol[]; prepare?: number; send?: boolean; close?: boolean }) => {
  void (async () => {
    if (message.symbols) {
      fake = await startFakeBinance({ symbols: message.symbols });
      process.send!({ wsUrl: fake.wsUrl, url: fake.url });
    } else if (message.prepare !== undefined) {
      prepared = fake!.prepareBurst(message.prepare);
      process.send!({ prepared: message.prepare });
    } else if (message.send) {
      await prepared!.send();
      process.send!({ sent: true });
    } else if (message.close) {
      await fake?.close();
      process.exit(0);
    }
  })();
});

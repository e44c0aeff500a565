/** One trade-like observation from a source, before ingestion adds 24 h change and an event id. */
export interface SourceTick {
  symbol: string;
  /** Decimal string at the asset's price precision. */
  price: string;
  /** Decimal string at the asset's quantity precision. */
  volume: string;
  /** Epoch milliseconds. */
  ts: number;
}

/**
 * Where prices come from. The simulator is the default; real adapters (exchange REST, DEX aggregators)
 * implement the same shape. `start` hands batches of ticks to `emit` until the returned stop is called.
 */
export interface PriceSource {
  readonly name: string;
  start(emit: (ticks: SourceTick[]) => void): () => void;
}

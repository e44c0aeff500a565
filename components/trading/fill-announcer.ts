/**
 * A fill made while an order is placed is heard twice: in the placing answer and on the account stream, in
 * either order. Each is announced once: whichever arrives first speaks, the other is silent. Later fills of
 * a resting order only ever arrive on the stream, and each of them is announced.
 */
export function createFillAnnouncer() {
  const byPlacement = new Set<string>();
  const byStream = new Set<string>();
  return {
    /** The placing answer says the order filled; true when no one has announced it yet. */
    placed(orderId: string): boolean {
      if (byStream.delete(orderId)) return false;
      byPlacement.add(orderId);
      return true;
    },
    /** The stream brings a fill of this order; true when it is news. */
    streamed(orderId: string): boolean {
      if (byPlacement.delete(orderId)) return false;
      byStream.add(orderId);
      return true;
    },
  };
}

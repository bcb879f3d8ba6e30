/**
 * Which inbox positions this device has (see Message.inbox_seq): the contiguous prefix it can
 * acknowledge, and whether something beyond it is missing (a gap to fill with SyncInbox). Deliveries
 * of different conversations travel on different Kafka partitions, so positions can arrive out of
 * order; a gap that persists is what matters.
 */
export class InboxTracker {
  private contiguousSeq: number | undefined;
  private readonly ahead = new Set<number>();
  private gapSince: number | undefined;

  /** Sets the position everything up to which the device already has (from the first SyncInbox page). */
  begin(acknowledged: number): void {
    if (this.contiguousSeq !== undefined) return;
    this.contiguousSeq = acknowledged;
    this.advance();
  }

  /** Records a position; false when it was already had (a duplicate). */
  received(seq: number): boolean {
    if (seq <= 0) return true; // not a stored message: nothing to track
    if ((this.contiguousSeq !== undefined && seq <= this.contiguousSeq) || this.ahead.has(seq)) return false;
    this.ahead.add(seq);
    this.advance();
    return true;
  }

  /** The highest position with nothing missing at or below it (undefined before begin). */
  get contiguous(): number | undefined {
    return this.contiguousSeq;
  }

  /** True when positions beyond the contiguous prefix arrived but something before them has been missing for `ms`. */
  gapOlderThan(ms: number, now = Date.now()): boolean {
    return this.gapSince !== undefined && now - this.gapSince >= ms;
  }

  private advance(): void {
    if (this.contiguousSeq === undefined) return;
    for (const seq of this.ahead) if (seq <= this.contiguousSeq) this.ahead.delete(seq);
    while (this.ahead.delete(this.contiguousSeq + 1)) this.contiguousSeq++;
    if (this.ahead.size === 0) this.gapSince = undefined;
    else this.gapSince ??= Date.now();
  }
}

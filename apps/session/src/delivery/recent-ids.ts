/** How many recent event IDs to remember so a redelivered event is not pushed twice. */
const WINDOW = 50_000;

/** A bounded set of recently seen event IDs (oldest forgotten first). */
export class RecentIds {
  private readonly seen = new Set<string>();

  isDuplicate(eventId: string): boolean {
    if (this.seen.has(eventId)) return true;
    this.seen.add(eventId);
    if (this.seen.size > WINDOW) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return false;
  }
}

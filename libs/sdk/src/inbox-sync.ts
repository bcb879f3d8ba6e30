import type { Message, SyncInboxResponse } from '@parley/contracts';
import { InboxTracker } from './inbox-tracker';

export type InboxStart =
  | { $case: 'fromAcknowledged'; value: true }
  | { $case: 'afterInboxSeq'; value: number };

/** What InboxSync needs from the client: the two messaging calls and a way to hand messages to the app. */
export interface InboxPort {
  pull(start: InboxStart): Promise<SyncInboxResponse>;
  acknowledge(inboxSeq: number): Promise<void>;
  deliver(messages: Message[], isOfflineMessage: boolean): void;
}

const SEEN_IDS = 20_000;
const ACK_DELAY_MS = 200;
const GAP_PATIENCE_MS = 1000;

/**
 * Keeps a device's inbox whole: after login it pulls what the device missed (flagged offline),
 * drops live deliveries it already has (by messageID), acknowledges the contiguous prefix so the
 * next login starts after it, and pulls again when a gap in the live stream persists.
 */
export class InboxSync {
  private readonly tracker = new InboxTracker();
  private readonly seen = new Set<string>();
  /** localMessageIDs this device sent: their messages are in its inbox too, but are not "received". */
  private readonly ownLocalIds = new Set<string>();
  private acknowledged = 0;
  private ackTimer: NodeJS.Timeout | undefined;
  private readonly gapTimer: NodeJS.Timeout;
  private pulling: Promise<void> | undefined;
  /** resume() was called while a pull ran: that pull may have read its last page before the drop. */
  private pullAgain = false;
  /**
   * Live deliveries held back while a pull runs (from creation until the first catch-up is done, too):
   * what the pull finds is older, so it goes to the app first and the order within a conversation holds.
   */
  private heldBack: Message[][] | undefined = [];

  constructor(private readonly port: InboxPort) {
    this.gapTimer = setInterval(() => {
      const from = this.tracker.contiguous;
      if (from !== undefined && this.tracker.gapOlderThan(GAP_PATIENCE_MS))
        void this.pull({ $case: 'afterInboxSeq', value: from });
    }, GAP_PATIENCE_MS / 2);
    this.gapTimer.unref();
  }

  /** Pulls everything after the device's acknowledged position, page by page. */
  catchUp(): Promise<void> {
    return this.pull({ $case: 'fromAcknowledged', value: true });
  }

  /**
   * After the event stream was away (reconnected): pulls everything after the last position the device
   * has without a gap, flagged offline; live messages wait meanwhile, and anything already had is dropped.
   */
  resume(): Promise<void> {
    if (this.pulling) {
      this.pullAgain = true;
      return this.pulling;
    }
    return this.pull(this.afterContiguous());
  }

  /** Live messages from the stream: returns those not seen before, in order (none while the catch-up runs). */
  live(messages: Message[]): Message[] {
    if (this.heldBack) {
      this.heldBack.push(messages);
      return [];
    }
    const fresh = messages.filter((m) => this.firstSighting(m));
    this.scheduleAck();
    return fresh;
  }

  /** Before this device sends: a pull or delivery of that message before the reply is not a received message. */
  sending(localMessageId: string): void {
    this.ownLocalIds.add(localMessageId);
    if (this.ownLocalIds.size > SEEN_IDS) {
      const oldest = this.ownLocalIds.values().next().value;
      if (oldest !== undefined) this.ownLocalIds.delete(oldest);
    }
  }

  /** The reply to this device's own send: it has that inbox position now. */
  sent(message: Message): void {
    this.firstSighting(message);
    this.scheduleAck();
  }

  /** Acknowledges what can be acknowledged now (before logout). */
  async flush(): Promise<void> {
    clearTimeout(this.ackTimer);
    const upTo = this.tracker.contiguous;
    if (upTo !== undefined && upTo > this.acknowledged) {
      this.acknowledged = upTo;
      await this.port.acknowledge(upTo);
    }
  }

  stop(): void {
    clearTimeout(this.ackTimer);
    clearInterval(this.gapTimer);
  }

  private pull(start: InboxStart): Promise<void> {
    // One pull at a time; a gap noticed during a pull is handled by the next tick.
    this.heldBack ??= [];
    this.pulling ??= this.pullAll(start).finally(() => {
      this.pulling = undefined;
      this.releaseHeldBack();
    });
    return this.pulling;
  }

  private releaseHeldBack(): void {
    const held = this.heldBack ?? [];
    this.heldBack = undefined;
    for (const batch of held) {
      const fresh = this.live(batch);
      if (fresh.length > 0) this.port.deliver(fresh, false);
    }
  }

  private async pullAll(start: InboxStart): Promise<void> {
    await this.pullPages(start);
    while (this.pullAgain) {
      this.pullAgain = false;
      await this.pullPages(this.afterContiguous());
    }
  }

  private afterContiguous(): InboxStart {
    const from = this.tracker.contiguous;
    return from === undefined
      ? { $case: 'fromAcknowledged', value: true }
      : { $case: 'afterInboxSeq', value: from };
  }

  private async pullPages(start: InboxStart): Promise<void> {
    let next = start;
    for (;;) {
      const page = await this.port.pull(next);
      if (next.$case === 'fromAcknowledged') {
        this.acknowledged = Math.max(this.acknowledged, page.afterInboxSeq);
        this.tracker.begin(page.afterInboxSeq);
      }
      const fresh = page.messages.filter((m) => this.firstSighting(m));
      if (fresh.length > 0) this.port.deliver(fresh, true);
      this.scheduleAck();
      if (!page.hasMore) return;
      next = { $case: 'afterInboxSeq', value: page.lastInboxSeq };
    }
  }

  private firstSighting(message: Message): boolean {
    const newPosition = this.tracker.received(message.inboxSeq);
    if (this.seen.has(message.messageId) || !newPosition) return false;
    if (this.ownLocalIds.has(message.localMessageId)) {
      this.seen.add(message.messageId);
      return false;
    }
    this.seen.add(message.messageId);
    if (this.seen.size > SEEN_IDS) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    return true;
  }

  private scheduleAck(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = setTimeout(() => void this.flush().catch(() => undefined), ACK_DELAY_MS);
    this.ackTimer.unref();
  }
}

// 1:1 traffic as apps make it: senders call SendMessage over gRPC through the edge, receivers are
// SDK clients holding their event stream. Each sender talks to exactly one receiver, so the
// receiver's unread total counts that sender's messages in the order they were acknowledged (B3
// reads the projection lag from it). Open loop: sends fire on schedule whatever the answers do.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  ConversationType,
  type LoginResponse,
  MessageContent,
  MessageType,
  MessagingServiceClient,
  SessionServiceClient,
} from '@parley/contracts';
import { generateToken, ZIM, ZIMMessageType } from '@parley/sdk';
import { LatencyRecorder, type LatencySummary } from '../load/latency';
import { openLoop } from '../load/open-loop';
import type { BenchContext, CpuSample } from '../types';

/** ZIM allows 10 sends per second per user; stay under it so no send is refused. */
const SENDS_PER_SENDER_PER_SECOND = 8;
/** Senders share a few HTTP/2 connections to the edge, as many app instances behind one NAT would not, but a load generator must. */
const SENDER_CHANNELS = 4;
/** How long to wait after the last scheduled send for deliveries still on their way. */
const DRAIN_MS = 5_000;

interface Pair {
  senderId: string;
  senderAuth: Metadata;
  receiverId: string;
  receiver: ZIM;
  /** Per message of this pair, in send order: ack time (performance.now()), or undefined until acked. */
  acks: Array<number | undefined>;
  /** Messages of this pair already matched to a total-unread update. */
  counted: number;
  /** The receiver's latest unread total and when it arrived. */
  lastTotal: number;
  lastTotalAt: number;
}

export interface PeerStepResult {
  offeredPerSecond: number;
  durationMs: number;
  fired: number;
  acknowledged: number;
  delivered: number;
  errors: Record<string, number>;
  /** Deliveries per second over the time from the first scheduled send to the last delivery. */
  achievedPerSecond: number;
  /** Scheduled send → the receiver's SDK raises receivePeerMessage. */
  sendToReceive: LatencySummary;
  /** Scheduled send → SendMessage answered. */
  sendToAck: LatencySummary;
  /** SendMessage answered → the receiver's conversationTotalUnreadMessageCountUpdated counting it. */
  ackToUnreadTotal: LatencySummary;
  /** Most the load generator fell behind its own schedule. */
  generatorLagMs: number;
  cpuBefore: CpuSample;
  cpuAfter: CpuSample;
}

/** A pool of sender/receiver pairs, grown on demand and reused across steps. */
export class PeerTraffic {
  private readonly pairs: Pair[] = [];
  private readonly channels: MessagingServiceClient[];
  private readonly session: SessionServiceClient;
  private runId = Date.now().toString(36);
  private step = 0;
  private onReceive: (pair: Pair, text: string, at: number) => void = () => undefined;
  private onTotal: (pair: Pair) => void = () => undefined;
  /** performance.now() of the last delivery of any step (see load/settle.ts). */
  lastActivityAt = 0;

  constructor(private readonly ctx: BenchContext) {
    this.channels = Array.from(
      { length: SENDER_CHANNELS },
      (_, i) =>
        new MessagingServiceClient(ctx.endpoint, credentials.createInsecure(), {
          // Distinct channels, not one shared subchannel.
          'grpc.channel_id': i,
        } as object),
    );
    this.session = new SessionServiceClient(ctx.endpoint, credentials.createInsecure());
  }

  /** Makes sure `count` pairs are logged in (senders over raw gRPC, receivers through the SDK). */
  async ensurePairs(count: number): Promise<void> {
    const missing = count - this.pairs.length;
    if (missing <= 0) return;
    this.ctx.progress(`logging in ${missing} more sender/receiver pairs (${count} in all)`);
    const indexes = Array.from({ length: missing }, (_, i) => this.pairs.length + i);
    for (let i = 0; i < indexes.length; i += 20)
      this.pairs.push(...(await Promise.all(indexes.slice(i, i + 20).map((n) => this.newPair(n)))));
    // Logins set off work of their own (sessions, stream subscriptions, offline sync): let it pass.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  private async newPair(n: number): Promise<Pair> {
    const senderId = `bench-${this.runId}-s${n}`;
    const receiverId = `bench-${this.runId}-r${n}`;
    const token = await generateToken(this.ctx.appID, this.ctx.appSecret, senderId, 3600);
    const login = await new Promise<LoginResponse>((resolve, reject) =>
      this.session.login(
        { appId: this.ctx.appID, userId: senderId, userName: '', token, platform: 0 },
        (err, res) => (err ? reject(err) : resolve(res)),
      ),
    );
    const senderAuth = new Metadata();
    senderAuth.set('authorization', `Bearer ${login.sessionToken}`);
    const receiver = ZIM.create({ appID: this.ctx.appID, endpoint: this.ctx.endpoint });
    const pair: Pair = {
      senderId,
      senderAuth,
      receiverId,
      receiver,
      acks: [],
      counted: 0,
      lastTotal: 0,
      lastTotalAt: 0,
    };
    receiver.on('receivePeerMessage', (_z, { messageList }) => {
      const at = performance.now();
      this.lastActivityAt = at;
      for (const m of messageList)
        if (m.type === ZIMMessageType.Text) this.onReceive(pair, String(m.message), at);
    });
    receiver.on('conversationTotalUnreadMessageCountUpdated', (_z, { totalUnreadMessageCount }) => {
      pair.lastTotal = totalUnreadMessageCount;
      pair.lastTotalAt = performance.now();
      this.onTotal(pair);
    });
    await receiver.login(receiverId, {
      userName: receiverId,
      token: await generateToken(this.ctx.appID, this.ctx.appSecret, receiverId, 3600),
    });
    return pair;
  }

  /** One open-loop step at `ratePerSecond` for `durationMs`, then a drain. */
  async run(ratePerSecond: number, durationMs: number): Promise<PeerStepResult> {
    const pairCount = Math.max(1, Math.ceil(ratePerSecond / SENDS_PER_SENDER_PER_SECOND));
    await this.ensurePairs(pairCount);
    const pairs = this.pairs.slice(0, pairCount);
    const step = ++this.step;
    const total = Math.floor((ratePerSecond * durationMs) / 1000);
    const scheduled = new Float64Array(total);
    const seenAt = new Float64Array(total); // 0 = not delivered (yet)
    const sendToReceive = new LatencyRecorder();
    const sendToAck = new LatencyRecorder();
    const ackToUnread = new LatencyRecorder();
    const errors: Record<string, number> = {};
    let acknowledged = 0;
    let delivered = 0;
    let lastDelivery = 0;
    // The unread totals of earlier steps' messages are already counted: only this step's acks match.
    const ackBase = new Map(pairs.map((p) => [p, p.acks.length]));

    this.onReceive = (_pair, text, at) => {
      const [s, n] = text.split(':').map(Number);
      if (s !== step || n === undefined || n >= total || seenAt[n] !== 0) return;
      seenAt[n] = at;
      delivered++;
      lastDelivery = at;
      sendToReceive.recordMs(at - (scheduled[n] ?? at));
    };
    // The receiver never reads: its total is the count of its sender's messages projected so far,
    // so the k-th acknowledged message is in the projection once the total reaches k. Called on
    // every total update and every ack (an update can overtake the ack it counts: lag 0 then).
    this.onTotal = (pair) => {
      while (pair.counted < pair.lastTotal && pair.counted < pair.acks.length) {
        const ackAt = pair.acks[pair.counted];
        if (ackAt === undefined) break;
        if (pair.counted >= (ackBase.get(pair) ?? Infinity))
          ackToUnread.recordMs(Math.max(0, pair.lastTotalAt - ackAt));
        pair.counted++;
      }
    };

    const cpuBefore = this.ctx.cpu.sample();
    const began = performance.now();
    const loop = await openLoop({
      ratePerSecond,
      durationMs,
      fire: (n, scheduledAt) => {
        scheduled[n] = scheduledAt;
        const pair = pairs[n % pairs.length] as Pair;
        const slot = pair.acks.push(undefined) - 1;
        this.channels[n % this.channels.length]?.sendMessage(
          {
            message: MessageContent.fromPartial({
              type: MessageType.MESSAGE_TYPE_TEXT,
              text: `${step}:${n}`,
            }),
            localMessageId: `${step}-${n}`,
            toConversationId: pair.receiverId,
            conversationType: ConversationType.CONVERSATION_TYPE_PEER,
            config: undefined,
          },
          pair.senderAuth,
          { deadline: Date.now() + 30_000 },
          (err: ServiceError | null) => {
            const at = performance.now();
            if (err) {
              const key = `${err.code} ${err.details}`.slice(0, 80);
              errors[key] = (errors[key] ?? 0) + 1;
              return;
            }
            acknowledged++;
            pair.acks[slot] = at;
            sendToAck.recordMs(at - scheduledAt);
            this.onTotal(pair);
          },
        );
      },
    });
    // Drain: until everything acknowledged arrived, or DRAIN_MS after the last scheduled send.
    const deadline = performance.now() + DRAIN_MS;
    while (performance.now() < deadline && (delivered < acknowledged || acknowledged + count(errors) < total))
      await new Promise((r) => setTimeout(r, 50));
    const cpuAfter = this.ctx.cpu.sample();
    const span = Math.max(durationMs, (lastDelivery || began + durationMs) - began);
    return {
      offeredPerSecond: ratePerSecond,
      durationMs,
      fired: loop.fired,
      acknowledged,
      delivered,
      errors,
      achievedPerSecond: (delivered * 1000) / span,
      sendToReceive: sendToReceive.summary(),
      sendToAck: sendToAck.summary(),
      ackToUnreadTotal: ackToUnread.summary(),
      generatorLagMs: loop.maxLagMs,
      cpuBefore,
      cpuAfter,
    };
  }

  close(): void {
    for (const p of this.pairs) p.receiver.destroy();
    for (const c of this.channels) c.close();
    this.session.close();
  }
}

function count(errors: Record<string, number>): number {
  return Object.values(errors).reduce((a, b) => a + b, 0);
}

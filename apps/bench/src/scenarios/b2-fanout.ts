// B2: group fan-out. Groups of 10, 100 and 500 SDK clients; some members send to the group at a
// fixed rate (open loop, each sender under ZIM's 10 per second), every other member receives.
// Reports deliveries per second and the latency to the *last* recipient of each message.
import { generateToken, ZIM, ZIMConversationType, ZIMMessageType } from '@parley/sdk';
import { LatencyRecorder, type LatencySummary } from '../load/latency';
import { openLoop } from '../load/open-loop';
import { settle } from '../load/settle';
import { cpuPer1000, fmt, type BenchContext, type Scenario, type ScenarioReport } from '../types';

const SENDS_PER_SENDER_PER_SECOND = 8;
const DRAIN_MS = 5_000;
/** Group size → message rates (messages/s to the group); deliveries/s = rate × (size − 1). */
const FULL_PLAN: Array<[number, number[]]> = [
  [10, [20, 60]],
  [100, [30, 100, 300]],
  [500, [20, 60, 120]],
];
const QUICK_PLAN: Array<[number, number[]]> = [[10, [20]]];

interface FanoutStep {
  groupSize: number;
  messagesPerSecond: number;
  offeredDeliveriesPerSecond: number;
  fired: number;
  sent: number;
  deliveries: number;
  expectedDeliveries: number;
  deliveriesPerSecond: number;
  /** Scheduled send → the last member's receiveGroupMessage, for messages every member got. */
  toLastRecipient: LatencySummary;
  /** Scheduled send → each single delivery. */
  toEachRecipient: LatencySummary;
  complete: number;
  errors: number;
  cpuPer1000Deliveries: Record<string, number>;
}

class Members {
  readonly clients: Array<{ userID: string; zim: ZIM }> = [];
  private readonly runId = Date.now().toString(36);
  /** Called for every group text any member receives. */
  onReceive: (member: number, text: string, at: number) => void = () => undefined;
  /** performance.now() of the last group text any member received, of any step (see load/settle.ts). */
  lastActivityAt = 0;

  constructor(private readonly ctx: BenchContext) {}

  async ensure(count: number): Promise<void> {
    if (this.clients.length >= count) return;
    this.ctx.progress(`B2: logging in ${count - this.clients.length} more members (${count} in all)`);
    while (this.clients.length < count) {
      const batch = Array.from({ length: Math.min(20, count - this.clients.length) }, (_, i) =>
        this.login(this.clients.length + i),
      );
      this.clients.push(...(await Promise.all(batch)));
    }
  }

  private async login(index: number): Promise<{ userID: string; zim: ZIM }> {
    const userID = `bench-${this.runId}-m${index}`;
    const zim = ZIM.create({ appID: this.ctx.appID, endpoint: this.ctx.endpoint });
    zim.on('receiveGroupMessage', (_z, { messageList }) => {
      const at = performance.now();
      this.lastActivityAt = at;
      for (const m of messageList)
        if (m.type === ZIMMessageType.Text) this.onReceive(index, String(m.message), at);
    });
    await zim.login(userID, {
      userName: userID,
      token: await generateToken(this.ctx.appID, this.ctx.appSecret, userID, 3600),
    });
    return { userID, zim };
  }

  /** A new group of the first `size` members, created by member 0. */
  async group(size: number): Promise<string> {
    await this.ensure(size);
    const owner = this.clients[0] as { zim: ZIM };
    const groupID = `bench-${this.runId}-g${size}`;
    const others = this.clients.slice(1, size).map((c) => c.userID);
    await owner.zim.createGroup({ groupID, groupName: `bench ${size}` }, others.slice(0, 99));
    for (let i = 99; i < others.length; i += 100)
      await owner.zim.inviteUsersIntoGroup(others.slice(i, i + 100), groupID);
    // Membership reaches messaging and session as events: give them a moment to apply it.
    await new Promise((r) => setTimeout(r, 2_000));
    return groupID;
  }

  close(): void {
    for (const c of this.clients) c.zim.destroy();
  }
}

async function runStep(
  ctx: BenchContext,
  members: Members,
  groupID: string,
  groupSize: number,
  rate: number,
  step: number,
): Promise<FanoutStep> {
  const durationMs = ctx.quick ? 3_000 : 8_000;
  const senders = Math.min(groupSize, Math.max(1, Math.ceil(rate / SENDS_PER_SENDER_PER_SECOND)));
  const total = Math.floor((rate * durationMs) / 1000);
  const scheduled = new Float64Array(total);
  const senderOf = new Int32Array(total);
  const received = new Uint16Array(total);
  const lastAt = new Float64Array(total);
  const toEach = new LatencyRecorder();
  const toLast = new LatencyRecorder();
  let deliveries = 0;
  let sent = 0;
  let errors = 0;
  members.onReceive = (member, text, at) => {
    const [s, n] = text.split(':').map(Number);
    if (s !== step || n === undefined || n >= total || member >= groupSize || member === senderOf[n]) return;
    deliveries++;
    received[n] = (received[n] ?? 0) + 1;
    lastAt[n] = at;
    toEach.recordMs(at - (scheduled[n] ?? at));
    if (received[n] === groupSize - 1) toLast.recordMs(at - (scheduled[n] ?? at));
  };
  const cpuBefore = ctx.cpu.sample();
  const began = performance.now();
  await openLoop({
    ratePerSecond: rate,
    durationMs,
    fire: (n, at) => {
      scheduled[n] = at;
      const sender = n % senders;
      senderOf[n] = sender;
      members.clients[sender]?.zim
        .sendMessage(
          { type: ZIMMessageType.Text, message: `${step}:${n}` },
          groupID,
          ZIMConversationType.Group,
          {},
        )
        .then(
          () => sent++,
          () => errors++,
        );
    },
  });
  const expected = total * (groupSize - 1);
  const deadline = performance.now() + DRAIN_MS;
  while (performance.now() < deadline && deliveries < expected) await new Promise((r) => setTimeout(r, 50));
  const cpuAfter = ctx.cpu.sample();
  const last = lastAt.reduce((a, b) => Math.max(a, b), 0);
  const span = Math.max(durationMs, last - began);
  return {
    groupSize,
    messagesPerSecond: rate,
    offeredDeliveriesPerSecond: rate * (groupSize - 1),
    fired: total,
    sent,
    deliveries,
    expectedDeliveries: expected,
    deliveriesPerSecond: (deliveries * 1000) / span,
    toLastRecipient: toLast.summary(),
    toEachRecipient: toEach.summary(),
    complete: received.filter((r) => r === groupSize - 1).length,
    errors,
    cpuPer1000Deliveries: cpuPer1000(cpuBefore, cpuAfter, deliveries),
  };
}

export const b2GroupFanout: Scenario = {
  id: 'B2',
  async run(ctx): Promise<ScenarioReport> {
    const members = new Members(ctx);
    const steps: FanoutStep[] = [];
    let step = 0;
    try {
      for (const [size, rates] of ctx.quick ? QUICK_PLAN : FULL_PLAN) {
        const groupID = await members.group(size);
        for (const rate of rates) {
          ctx.progress(
            `B2: group of ${size}, ${rate} messages/s (${rate * (size - 1)} deliveries/s offered)`,
          );
          const result = await runStep(ctx, members, groupID, size, rate, ++step);
          steps.push(result);
          ctx.progress(
            `B2: ${fmt(result.deliveriesPerSecond)} deliveries/s, last-recipient p99 ${fmt(result.toLastRecipient.p99)} ms`,
          );
          // A step past the knee leaves a backlog: the next step (or group size) starts once it is gone.
          const waited = await settle(() => members.lastActivityAt);
          if (waited > 2_500) ctx.progress(`B2: the backlog took ${fmt(waited / 1000)} s to drain`);
          // Past the knee for this size (the same rule as B1's): fewer delivered, or seconds of latency.
          if (result.deliveries < result.expectedDeliveries * 0.95 || result.toLastRecipient.p99 > 2_000)
            break;
        }
      }
    } finally {
      members.close();
    }
    const best = steps
      .filter((s) => s.deliveries >= s.expectedDeliveries * 0.95)
      .reduce((a, s) => Math.max(a, s.deliveriesPerSecond), 0);
    return {
      id: 'B2',
      title: 'Group fan-out (SDK sendMessage to a group → every member’s receiveGroupMessage)',
      table: {
        columns: [
          'group size',
          'messages/s',
          'offered deliveries/s',
          'achieved deliveries/s',
          'delivered',
          'last-recipient p50 ms',
          'p99 ms',
          'p99.9 ms',
          'errors',
        ],
        rows: steps.map((s) => [
          s.groupSize,
          s.messagesPerSecond,
          s.offeredDeliveriesPerSecond,
          fmt(s.deliveriesPerSecond),
          `${s.deliveries}/${s.expectedDeliveries}`,
          fmt(s.toLastRecipient.p50),
          fmt(s.toLastRecipient.p99),
          fmt(s.toLastRecipient.p999),
          s.errors,
        ]),
      },
      notes: [
        `Most deliveries per second sustained (≥ 95 % delivered): ${fmt(best)} (target ≥ 30,000/s: ${best >= 30_000 ? 'met' : 'missed'}).`,
        'Every member is an SDK client with its own event stream in the load generator process, which therefore decodes every delivery too (see its CPU).',
      ],
      series: [10, 100, 500].map((size) => ({
        name: `group of ${size}: last recipient p99`,
        xLabel: 'offered deliveries/s',
        yLabel: 'send→receive latency ms',
        points: steps
          .filter((s) => s.groupSize === size)
          .map((s) => ({ x: s.offeredDeliveriesPerSecond, y: Math.max(0.1, s.toLastRecipient.p99) })),
      })),
      data: steps,
    };
  },
};

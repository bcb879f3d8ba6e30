// B1 (1:1 send → receive at stepped rates up to the knee, beside raw Kafka from B0 and the same
// workload against Tinode), B3 (unread projection lag, from the same traffic) and the CPU cost per
// 1,000 messages of each process at each B1 step.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaStepResult } from '../baselines/kafka-baseline';
import { ratio } from '../baselines/shared';
import {
  defaultCacheDir,
  ensureTinode,
  startTinode,
  TINODE_VERSION,
  type TinodePeerLoadResult,
  TinodePeerTraffic,
} from '../peers/tinode';
import {
  cpuPer1000,
  fmt,
  type BenchContext,
  type Scenario,
  type ScenarioReport,
  type Series,
} from '../types';
import type { B0Data } from './b0-baselines';
import { settle } from '../load/settle';
import { PeerTraffic, type PeerStepResult } from './peer-traffic';

const FULL_RATES = [250, 500, 1000, 1500, 2000, 3000, 4000];
const QUICK_RATES = [100, 300];
const WARM_UP_MS = { quick: 2_000, full: 5_000 };
/** Past the knee: deliveries fall behind the offered rate, or latency explodes. */
const KNEE_DELIVERED_SHARE = 0.95;
const KNEE_P99_MS = 2_000;

/** Tinode's gRPC port (and the next one for its HTTP listener): below the ephemeral range, clear of the stack's 150xx–1506x. */
const TINODE_GRPC_PORT = Number(process.env['PARLEY_BENCH_TINODE_PORT'] ?? 15091);
/** Tinode's users have no per-user send limit, so fewer pairs than Parley's rate/8 carry the same rate. */
const TINODE_PAIRS = 100;

/** B1's steps, kept for B3 and the CPU table (which report from the same traffic). */
let peerSteps: PeerStepResult[] | undefined;

async function runPeerSteps(ctx: BenchContext): Promise<PeerStepResult[]> {
  if (peerSteps) return peerSteps;
  const traffic = new PeerTraffic(ctx);
  const steps: PeerStepResult[] = [];
  const rates = ctx.quick ? QUICK_RATES : FULL_RATES;
  try {
    // Unmeasured: freshly started services pay for JIT compilation, connection pools and consumer
    // group joins on their first messages.
    ctx.progress(
      `B1: warm-up, ${rates[0]} messages/s for ${WARM_UP_MS[ctx.quick ? 'quick' : 'full'] / 1000} s`,
    );
    await traffic.run(rates[0] ?? 100, WARM_UP_MS[ctx.quick ? 'quick' : 'full']);
    await settle(() => traffic.lastActivityAt);
    for (const rate of rates) {
      const durationMs = ctx.quick ? 3_000 : 10_000;
      ctx.progress(`B1: ${rate} messages/s for ${durationMs / 1000} s`);
      const step = await traffic.run(rate, durationMs);
      steps.push(step);
      ctx.progress(
        `B1: ${rate}/s → delivered ${step.delivered}/${step.fired}, p99 ${fmt(step.sendToReceive.p99)} ms`,
      );
      if (step.delivered < step.fired * KNEE_DELIVERED_SHARE || step.sendToReceive.p99 > KNEE_P99_MS) break;
      await settle(() => traffic.lastActivityAt);
    }
  } finally {
    traffic.close();
  }
  peerSteps = steps;
  return steps;
}

function isSustained(delivered: number, fired: number, p99: number): boolean {
  return delivered >= fired * KNEE_DELIVERED_SHARE && p99 <= KNEE_P99_MS;
}

type TinodeStep = TinodePeerLoadResult & { offeredPerSecond: number };
type PeerOutcome =
  | { ran: true; version: string; pairs: number; setupMs: number; steps: TinodeStep[] }
  | { ran: false; why: string };

/**
 * The same open-loop 1:1 workload against Tinode (the peer), started here on the stack's Postgres,
 * at B1's rates up to its own knee. Full runs only: a fresh machine spends minutes building it.
 */
async function runTinodeSteps(ctx: BenchContext, rates: number[]): Promise<PeerOutcome> {
  if (ctx.quick) return { ran: false, why: 'quick mode runs Parley only (building Tinode takes minutes)' };
  const stage = { now: 'building' };
  try {
    const bins = await ensureTinode(defaultCacheDir(), ctx.progress);
    stage.now = 'starting';
    const tinode = await startTinode({
      bins,
      postgresUrl: ctx.postgresUrl('tinode_bench'),
      grpcPort: TINODE_GRPC_PORT,
      httpPort: TINODE_GRPC_PORT + 1,
      workDir: join(tmpdir(), 'parley-bench-tinode'),
      progress: ctx.progress,
    });
    ctx.cpu.track('tinode', tinode.pid);
    try {
      stage.now = 'loading';
      const traffic = await TinodePeerTraffic.open({
        grpcAddress: tinode.grpcAddress,
        pairs: TINODE_PAIRS,
        proto: bins.proto,
        progress: ctx.progress,
      });
      const steps: TinodeStep[] = [];
      try {
        // The same unmeasured warm-up Parley gets.
        await traffic.run(rates[0] ?? 100, WARM_UP_MS.full);
        for (const rate of rates) {
          ctx.progress(`B1 (Tinode): ${rate} messages/s for 10 s`);
          const step = { offeredPerSecond: rate, ...(await traffic.run(rate, 10_000, ctx.cpu)) };
          steps.push(step);
          ctx.progress(
            `B1 (Tinode): ${rate}/s → delivered ${step.delivered}/${step.offered}, p99 ${fmt(step.latency.p99)} ms`,
          );
          if (!isSustained(step.delivered, step.offered, step.latency.p99)) break;
        }
      } finally {
        traffic.close();
      }
      return { ran: true, version: bins.version, pairs: TINODE_PAIRS, setupMs: traffic.setupMs, steps };
    } finally {
      await tinode.stop();
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ran: false, why: `${stage.now} Tinode ${TINODE_VERSION} failed: ${message}` };
  }
}

function kafkaStepAt(
  earlier: ReadonlyMap<string, ScenarioReport>,
  rate: number,
): KafkaStepResult | undefined {
  const b0 = earlier.get('B0')?.data as B0Data | undefined;
  return b0?.kafka.steps.find((s) => s.offeredPerSecond === rate);
}

function errorsOf(step: PeerStepResult): string {
  const total = Object.values(step.errors).reduce((a, b) => a + b, 0);
  return total === 0 ? '0' : `${total} (${Object.keys(step.errors).join('; ')})`;
}

export const b1PeerSendReceive: Scenario = {
  id: 'B1',
  async run(ctx, earlier): Promise<ScenarioReport> {
    const steps = await runPeerSteps(ctx);
    // The peer climbs the same rates to its own knee, wherever Parley's came.
    const peer = await runTinodeSteps(ctx, ctx.quick ? QUICK_RATES : FULL_RATES);
    const sustained = steps.filter((s) => isSustained(s.delivered, s.fired, s.sendToReceive.p99));
    const best = sustained.at(-1);
    const at1000 = steps.find((s) => s.offeredPerSecond === 1000);
    const notes = [
      best
        ? `Highest rate sustained (≥ ${KNEE_DELIVERED_SHARE * 100} % delivered, p99 ≤ ${KNEE_P99_MS} ms): ${best.offeredPerSecond}/s, achieved ${fmt(best.achievedPerSecond)}/s (target ≥ 3,000/s: ${best.offeredPerSecond >= 3000 ? 'met' : 'missed'}).`
        : 'No step was sustained.',
      at1000
        ? `p99 at 1,000/s: ${fmt(at1000.sendToReceive.p99)} ms (target ≤ 50 ms: ${at1000.sendToReceive.p99 <= 50 ? 'met' : 'missed'}).`
        : 'The 1,000/s step did not run (quick mode, or the knee came earlier).',
      'Latency is counted from the scheduled send time (open loop), so queueing in the load generator and the services shows up in it.',
      earlier.has('B0')
        ? '“vs raw Kafka”: Parley’s p99 divided by raw kafkajs produce→consume p99 at the same offered rate (B0, same run).'
        : 'B0 did not run in this invocation: no ratio to raw Kafka.',
      ...peerNotes(peer, best, at1000),
    ];
    const parleyRows = steps.map((s) => [
      'Parley',
      s.offeredPerSecond,
      fmt(s.achievedPerSecond),
      `${s.delivered}/${s.fired}`,
      fmt(s.sendToReceive.p50),
      fmt(s.sendToReceive.p95),
      fmt(s.sendToReceive.p99),
      fmt(s.sendToReceive.p999),
      fmt(s.sendToAck.p99),
      fmt(s.generatorLagMs),
      errorsOf(s),
      (() => {
        const kafka = kafkaStepAt(earlier, s.offeredPerSecond);
        return kafka ? ratio(s.sendToReceive.p99, kafka.latency.p99) : '–';
      })(),
    ]);
    const peerRows = peer.ran
      ? peer.steps.map((s) => [
          `Tinode ${peer.version}`,
          s.offeredPerSecond,
          fmt(s.achievedPerSecond),
          `${s.delivered}/${s.offered}`,
          fmt(s.latency.p50),
          fmt(s.latency.p95),
          fmt(s.latency.p99),
          fmt(s.latency.p999),
          fmt(s.ackLatency.p99),
          fmt(s.generatorLagMs),
          s.errors === 0 ? '0' : `${s.errors} (${Object.keys(s.errorKinds).join('; ')})`,
          (() => {
            const kafka = kafkaStepAt(earlier, s.offeredPerSecond);
            return kafka ? ratio(s.latency.p99, kafka.latency.p99) : '–';
          })(),
        ])
      : [];
    const series: Series[] = [
      curve('Parley p99', steps, (s) => s.sendToReceive.p99),
      curve('Parley p50', steps, (s) => s.sendToReceive.p50),
      ...(peer.ran
        ? [
            curve('Tinode p99', peer.steps, (s) => s.latency.p99),
            curve('Tinode p50', peer.steps, (s) => s.latency.p50),
          ]
        : []),
      // Raw Kafka's curves come with B0's report, in the same panel.
    ];
    return {
      id: 'B1',
      title: '1:1 send → receive (SendMessage over gRPC → SDK receivePeerMessage), beside Tinode',
      table: {
        columns: [
          'system',
          'offered/s',
          'achieved/s',
          'delivered',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'p99.9 ms',
          'ack p99 ms',
          'generator lag ms',
          'errors',
          'p99 vs raw Kafka',
        ],
        rows: [...parleyRows, ...peerRows],
      },
      notes,
      series,
      data: {
        parley: steps.map(({ cpuBefore: _b, cpuAfter: _a, ...rest }) => rest),
        peer: peer.ran
          ? {
              ...peer,
              steps: peer.steps.map(({ cpuBefore, cpuAfter, ...rest }) => ({
                ...rest,
                cpuPer1000:
                  cpuBefore && cpuAfter ? cpuPer1000(cpuBefore, cpuAfter, rest.delivered) : undefined,
              })),
            }
          : peer,
      },
    };
  },
};

function curve<T extends { offeredPerSecond: number }>(
  name: string,
  steps: T[],
  pick: (s: T) => number,
): Series {
  return {
    name,
    xLabel: 'offered messages/s',
    yLabel: 'send→receive latency ms',
    points: steps.map((s) => ({ x: s.offeredPerSecond, y: Math.max(0.1, pick(s)) })),
  };
}

/** Parley against the peer: the highest sustained rate and the p99 at 1,000/s, as ratios. */
function peerNotes(
  peer: PeerOutcome,
  best: PeerStepResult | undefined,
  at1000: PeerStepResult | undefined,
): string[] {
  if (!peer.ran) return [`Peer (Tinode) not measured: ${peer.why}.`];
  const peerBest = peer.steps.filter((s) => isSustained(s.delivered, s.offered, s.latency.p99)).at(-1);
  const peerAt1000 = peer.steps.find((s) => s.offeredPerSecond === 1000);
  const out = [
    `Peer: Tinode ${peer.version} (Postgres adapter, the stack's Postgres, its own database), ${peer.pairs} sender/receiver pairs ` +
      `each on its own gRPC MessageLoop stream, same rates, same 10 s steps, same knee rule, run right after Parley's steps.`,
  ];
  if (best && peerBest)
    out.push(
      `Highest sustained rate: Parley ${best.offeredPerSecond}/s, Tinode ${peerBest.offeredPerSecond}/s ` +
        `(Parley ÷ Tinode ${ratio(best.offeredPerSecond, peerBest.offeredPerSecond)}; ` +
        `${best.offeredPerSecond > peerBest.offeredPerSecond ? 'ahead' : best.offeredPerSecond === peerBest.offeredPerSecond ? 'level' : 'behind'}).`,
    );
  if (at1000 && peerAt1000)
    out.push(
      `p99 at 1,000/s: Parley ${fmt(at1000.sendToReceive.p99)} ms, Tinode ${fmt(peerAt1000.latency.p99)} ms ` +
        `(Parley ÷ Tinode ${ratio(at1000.sendToReceive.p99, peerAt1000.latency.p99)}; ` +
        `${at1000.sendToReceive.p99 < peerAt1000.latency.p99 ? 'ahead' : 'behind'}).`,
    );
  return out;
}

export const b3UnreadLag: Scenario = {
  id: 'B3',
  async run(ctx): Promise<ScenarioReport> {
    const steps = await runPeerSteps(ctx);
    const at1000 = steps.find((s) => s.offeredPerSecond === 1000);
    return {
      id: 'B3',
      title:
        'Unread projection lag (SendMessage answered → receiver’s conversationTotalUnreadMessageCountUpdated)',
      table: {
        columns: ['offered/s', 'matched', 'p50 ms', 'p95 ms', 'p99 ms', 'p99.9 ms', 'max ms'],
        rows: steps.map((s) => [
          s.offeredPerSecond,
          s.ackToUnreadTotal.count,
          fmt(s.ackToUnreadTotal.p50),
          fmt(s.ackToUnreadTotal.p95),
          fmt(s.ackToUnreadTotal.p99),
          fmt(s.ackToUnreadTotal.p999),
          fmt(s.ackToUnreadTotal.max),
        ]),
      },
      notes: [
        at1000
          ? `p99 at 1,000/s: ${fmt(at1000.ackToUnreadTotal.p99)} ms (target ≤ 100 ms: ${at1000.ackToUnreadTotal.p99 <= 100 ? 'met' : 'missed'}).`
          : 'The 1,000/s step did not run (quick mode, or the knee came earlier).',
        'Measured on B1’s traffic: each receiver has one sender and never reads, so its k-th acknowledged message is projected once its total reaches k.',
      ],
      series: [
        {
          name: 'unread lag p99',
          xLabel: 'offered messages/s',
          yLabel: 'send→receive latency ms',
          points: steps.map((s) => ({ x: s.offeredPerSecond, y: Math.max(0.1, s.ackToUnreadTotal.p99) })),
        },
      ],
      data: steps.map((s) => ({
        offeredPerSecond: s.offeredPerSecond,
        ackToUnreadTotal: s.ackToUnreadTotal,
      })),
    };
  },
};

export const cpuPerThousandMessages: Scenario = {
  id: 'CPU',
  async run(ctx): Promise<ScenarioReport> {
    const steps = await runPeerSteps(ctx);
    const names = Object.keys(steps[0]?.cpuAfter ?? {});
    const perStep = steps.map((s) => ({
      offeredPerSecond: s.offeredPerSecond,
      perProcess: cpuPer1000(s.cpuBefore, s.cpuAfter, s.delivered),
    }));
    return {
      id: 'CPU',
      title: 'CPU seconds per 1,000 delivered messages, by process (B1 traffic)',
      table: {
        columns: ['offered/s', ...names, 'total'],
        rows: perStep.map((s) => [
          s.offeredPerSecond,
          ...names.map((n) => s.perProcess[n] ?? 0),
          fmt(Object.values(s.perProcess).reduce((a, b) => a + b, 0)),
        ]),
      },
      notes: [
        'user + system CPU from /proc of each process tree (Postgres: the postmaster and every backend); the load generator is the benchmark process itself.',
        `This machine has 2 cores: a total of 2 s per 1,000 messages caps throughput near 1,000/s.`,
      ],
      data: perStep,
    };
  },
};

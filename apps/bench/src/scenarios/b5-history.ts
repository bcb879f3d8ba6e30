// B5: queryHistoryMessage latency with a million stored messages, through the edge as an app queries
// it, next to the same SQL run directly on Postgres (what messaging's HistoryRepository.page sends).
import { type ZIM, ZIMConversationType, type ZIMMessage } from '@parley/sdk';
import { Client } from 'pg';
import type { LatencySummary } from '../load/latency';
import { busiestProcesses, closedLoop, latencyCells, machineLoadNote, ratio } from '../baselines/shared';
import {
  type BenchContext,
  type CpuSample,
  cpuPer1000,
  fmt,
  type Scenario,
  type ScenarioReport,
} from '../types';
import {
  type Conversation,
  conversationsOf,
  historyLayout,
  type HistoryLayout,
  seedHistory,
} from './history-seed';
import { sdkUser } from './sdk-user';

const TARGET_P99_MS = 10;
/** Queries in flight at any time (closed loop), through the SDK and on the raw SQL side alike. */
const CONCURRENCY = 4;
const QUERIES_PER_CASE = { quick: 25, full: 2_000 };
/** Per case, before any is measured: connections, JIT and Postgres' caches warm up. */
const WARM_UP_PER_CASE = { quick: 2, full: 25 };

interface Case {
  conversation: 'deep' | 'ordinary';
  count: 20 | 100;
  page: 'newest' | 'older';
}

const CASES: Case[] = (['deep', 'ordinary'] as const).flatMap((conversation) =>
  ([20, 100] as const).flatMap((count) =>
    (['newest', 'older'] as const).map((page) => ({ conversation, count, page })),
  ),
);

export interface B5CaseResult extends Case {
  queries: number;
  failed: number;
  errors: string[];
  latency: LatencySummary;
  rawSql: LatencySummary;
  cpuPer1000: CpuSample;
}

/**
 * The statement HistoryRepository.page runs for a reverse page (apps/messaging/src/repositories/
 * history.repository.ts), parameterised the same way: the baseline for what the database alone costs.
 */
const HISTORY_PAGE_SQL = `
  SELECT m.payload FROM message m
  WHERE m.app_id = $1 AND m.conversation_key = $2
    AND m.seq > COALESCE((SELECT c.through_seq FROM conversation_clear c
                          WHERE c.app_id = m.app_id AND c.user_id = $3 AND c.conversation_key = m.conversation_key), 0)
    AND NOT EXISTS (SELECT 1 FROM message_deletion d WHERE d.app_id = m.app_id AND d.user_id = $3 AND d.message_id = m.id)
    AND ($4::bigint = 0 OR m.seq < $4::bigint)
  ORDER BY m.seq DESC LIMIT $5`;

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** A query of the case: which conversation and, for an older page, the seq it pages back from. */
function pick(c: Case, conversations: Conversation[]): { conversation: Conversation; cursor: number } {
  const conversation =
    c.conversation === 'deep'
      ? conversations[0]
      : conversations[randomInt(1, Math.max(1, conversations.length - 1))];
  if (!conversation) throw new Error('B5: no seeded conversation');
  // Older: anywhere in the conversation where a full page exists below the cursor.
  const cursor = c.page === 'newest' ? 0 : randomInt(c.count + 1, conversation.messages);
  return { conversation, cursor };
}

async function queryCase(
  ctx: BenchContext,
  zim: ZIM,
  edgeOf: ZIMMessage,
  c: Case,
  conversations: Conversation[],
  queries: number,
): Promise<Omit<B5CaseResult, 'rawSql'>> {
  const before = ctx.cpu.sample();
  const result = await closedLoop({
    concurrency: CONCURRENCY,
    total: queries,
    op: async () => {
      const { conversation, cursor } = pick(c, conversations);
      const page = await zim.queryHistoryMessage(conversation.peer, ZIMConversationType.Peer, {
        count: c.count,
        reverse: true,
        // As if the app had paged back to `cursor`: the SDK sends only the edge message's conversationSeq.
        nextMessage: cursor === 0 ? undefined : { ...edgeOf, conversationSeq: cursor },
      });
      if (page.messageList.length !== c.count)
        throw new Error(`a page of ${c.count} came back with ${page.messageList.length} messages`);
    },
  });
  const after = ctx.cpu.sample();
  return {
    ...c,
    queries: result.completed,
    failed: result.failed,
    errors: result.errors,
    latency: result.latency.summary(),
    cpuPer1000: cpuPer1000(before, after, result.completed),
  };
}

async function rawSqlCase(
  clients: Client[],
  layout: HistoryLayout,
  c: Case,
  conversations: Conversation[],
  queries: number,
): Promise<LatencySummary> {
  const result = await closedLoop({
    concurrency: clients.length,
    total: queries,
    op: async (_n, worker) => {
      const { conversation, cursor } = pick(c, conversations);
      await clients[worker]?.query(HISTORY_PAGE_SQL, [
        layout.appId,
        conversation.key,
        layout.hub,
        cursor,
        c.count,
      ]);
    },
  });
  return result.latency.summary();
}

const conversationLabel = (c: Case, layout: HistoryLayout) =>
  c.conversation === 'deep'
    ? `deep (${layout.deep.messages.toLocaleString('en')} msgs)`
    : `one of ${layout.small.peers.length} (${layout.small.messages.toLocaleString('en')} msgs)`;

function notes(
  results: B5CaseResult[],
  layout: HistoryLayout,
  seed: { rows: number; inserted: number; seconds: number },
): string[] {
  const out = [
    `${seed.rows.toLocaleString('en')} messages stored for ${layout.hub} (${layout.deep.messages.toLocaleString('en')} ` +
      `in one conversation, ${layout.small.peers.length} × ${layout.small.messages.toLocaleString('en')}), ` +
      (seed.inserted > 0
        ? `seeded by this run in ${fmt(seed.seconds)} s with SQL (INSERT … SELECT generate_series).`
        : `seeded by an earlier run (found by conversation counters and a count).`) +
      ` The seeded payloads equal what messaging's encoder writes (checked byte for byte).`,
    `Closed loop: ${CONCURRENCY} queries in flight, each worker sends its next query when the previous one ` +
      `answered, so latency excludes queueing in the generator. ZIM queryHistoryMessage with reverse: true ` +
      `(newest first); "older" pages start at a random seq of the conversation, as nextMessage would. ` +
      `"raw SQL" runs HistoryRepository.page's statement straight on Postgres with the same concurrency.`,
  ];
  const missed = results.filter((r) => r.latency.p99 > TARGET_P99_MS);
  const failures = results.filter((r) => r.failed > 0);
  if (missed.length === 0)
    out.push(
      `Target met: p99 ≤ ${TARGET_P99_MS} ms in every case (worst ${fmt(Math.max(...results.map((r) => r.latency.p99)))} ms).`,
    );
  else {
    out.push(
      `Target missed (p99 > ${TARGET_P99_MS} ms) in ${missed.length} of ${results.length} cases: ` +
        missed
          .map(
            (r) =>
              `${r.conversation}/${r.count}/${r.page} p99 ${fmt(r.latency.p99)} ms against ` +
              `${fmt(r.rawSql.p99)} ms for the same SQL on Postgres directly`,
          )
          .join('; ') +
        '.',
    );
    const worst = missed.reduce((a, b) => (b.latency.p99 > a.latency.p99 ? b : a));
    // CPU seconds per 1,000 queries are milliseconds per query.
    const top = busiestProcesses(worst.cpuPer1000, 4, ' ms');
    const where =
      worst.latency.p99 > 2 * worst.rawSql.p99
        ? 'most of the time is spent outside Postgres (SDK, edge, session check, messaging)'
        : 'Postgres itself takes most of the time';
    out.push(
      `Bottleneck: in the worst case (${worst.conversation}/${worst.count}/${worst.page}) ${where}; CPU per query by ` +
        `process: ${top}.`,
    );
  }
  if (failures.length > 0)
    out.push(`Failed queries: ${failures.map((r) => `${r.failed} (${r.errors.join('; ')})`).join(', ')}.`);
  out.push(machineLoadNote());
  return out;
}

export const b5History: Scenario = {
  id: 'B5',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const mode = ctx.quick ? 'quick' : 'full';
    const layout = historyLayout(ctx);
    const conversations = conversationsOf(layout);
    const seed = await seedHistory(ctx, layout);
    const zim = await sdkUser(ctx, layout.hub);
    const clients = Array.from(
      { length: CONCURRENCY },
      () => new Client({ connectionString: ctx.postgresUrl('parley_messaging') }),
    );
    const results: B5CaseResult[] = [];
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const deep = conversations[0];
      if (!deep) throw new Error('B5: no seeded conversation');
      const first = await zim.queryHistoryMessage(deep.peer, ZIMConversationType.Peer, {
        count: 1,
        reverse: true,
      });
      const edgeOf = first.messageList[0];
      if (!edgeOf) throw new Error(`B5: ${deep.peer} has no history through the edge`);
      ctx.progress(`B5: warming up (${WARM_UP_PER_CASE[mode] * CASES.length} queries, not measured)`);
      for (const c of CASES) await queryCase(ctx, zim, edgeOf, c, conversations, WARM_UP_PER_CASE[mode]);
      for (const c of CASES) {
        ctx.progress(`B5: ${c.conversation} conversation, count ${c.count}, ${c.page} page`);
        const parley = await queryCase(ctx, zim, edgeOf, c, conversations, QUERIES_PER_CASE[mode]);
        const rawSql = await rawSqlCase(clients, layout, c, conversations, QUERIES_PER_CASE[mode]);
        results.push({ ...parley, rawSql });
      }
    } finally {
      zim.destroy();
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    }
    return {
      id: 'B5',
      title: `History query latency with ${seed.rows.toLocaleString('en')} stored messages`,
      table: {
        columns: [
          'conversation',
          'count',
          'page',
          'queries',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'p99.9 ms',
          'raw SQL p99 ms',
          'p99 vs raw SQL',
          `p99 ≤ ${TARGET_P99_MS} ms`,
        ],
        rows: results.map((r) => [
          conversationLabel(r, layout),
          r.count,
          r.page,
          r.queries,
          ...latencyCells(r.latency),
          fmt(r.rawSql.p99),
          ratio(r.latency.p99, r.rawSql.p99),
          r.latency.p99 <= TARGET_P99_MS ? 'yes' : 'no',
        ]),
      },
      notes: notes(results, layout, seed),
      data: {
        targetP99Ms: TARGET_P99_MS,
        concurrency: CONCURRENCY,
        closedLoop: true,
        seed: {
          ...seed,
          hub: layout.hub,
          deep: layout.deep.messages,
          ordinary: { conversations: layout.small.peers.length, messages: layout.small.messages },
        },
        cases: results,
      },
    };
  },
};

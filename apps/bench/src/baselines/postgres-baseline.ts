// B0 Postgres baseline: single-row INSERT transactions of rows shaped like messaging's `message`
// rows, into a scratch copy of that table (same columns and indexes, read from the live schema) in
// the scratch database, from N concurrent connections through the `pg` driver.
import { ConversationType, conversationKey, MessageType } from '@parley/contracts';
import { Client } from 'pg';
import type { LatencySummary } from '../load/latency';
import { type BenchContext, type CpuSample, cpuPer1000 } from '../types';
import { closedLoop } from './shared';
import { typicalStoredPayload } from './typical-message';

const SCRATCH_TABLE = 'bench_message';

export interface PostgresStepResult {
  clients: number;
  durationMs: number;
  rows: number;
  failed: number;
  errors: string[];
  rowsPerSecond: number;
  /** One INSERT (its own transaction, committed) as the client sees it. */
  latency: LatencySummary;
  cpuPer1000: CpuSample;
}

export interface PostgresBaselineResult {
  database: string;
  table: string;
  payloadBytes: number;
  /** The CREATE INDEX statements copied from messaging's `message` table. */
  indexes: string[];
  /** What a commit waits for on this server. */
  settings: { fsync: string; synchronousCommit: string };
  steps: PostgresStepResult[];
}

/** The scratch database, parley_bench on the stack's server (npm run bench and npm test create it). */
export function scratchDatabaseUrl(ctx: BenchContext): string {
  return ctx.postgresUrl('parley_bench');
}

/**
 * Recreates `message` of parley_messaging as SCRATCH_TABLE in the scratch database: the same column
 * types and the same indexes, so the baseline keeps up with messaging's migrations on its own.
 */
async function createScratchTable(ctx: BenchContext, scratch: Client): Promise<string[]> {
  const source = new Client({ connectionString: ctx.postgresUrl('parley_messaging') });
  await source.connect();
  try {
    const columns = await source.query<{ name: string; type: string; notnull: boolean }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS notnull
       FROM pg_attribute WHERE attrelid = 'public.message'::regclass AND attnum > 0 AND NOT attisdropped
       ORDER BY attnum`,
    );
    if (columns.rows.length === 0)
      throw new Error('parley_messaging has no message table: run the migrations');
    const indexes = await source.query<{ name: string; definition: string }>(
      `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
       WHERE schemaname = 'public' AND tablename = 'message' ORDER BY indexname`,
    );
    // id is a BIGSERIAL in messaging (its default names messaging's own sequence): recreated as one here.
    const columnSql = columns.rows.map((c) =>
      c.name === 'id' ? 'id BIGSERIAL' : `"${c.name}" ${c.type}${c.notnull ? ' NOT NULL' : ''}`,
    );
    const indexSql = indexes.rows.map((i) =>
      i.definition
        .replace(` ${i.name} ON `, ` bench_${i.name} ON `)
        .replace(' ON public.message ', ` ON public.${SCRATCH_TABLE} `),
    );
    await scratch.query(`DROP TABLE IF EXISTS ${SCRATCH_TABLE}`);
    await scratch.query(`CREATE TABLE ${SCRATCH_TABLE} (${columnSql.join(', ')})`);
    for (const sql of indexSql) await scratch.query(sql);
    return indexSql;
  } finally {
    await source.end();
  }
}

/**
 * Rows per second and INSERT latency for each number of concurrent connections, `durationMs` each
 * (closed loop: each connection inserts its next row when the previous one committed).
 */
export async function postgresInsertBaseline(
  ctx: BenchContext,
  clientCounts: number[],
  durationMs: number,
): Promise<PostgresBaselineResult> {
  const url = scratchDatabaseUrl(ctx);
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const steps: PostgresStepResult[] = [];
  try {
    const indexes = await createScratchTable(ctx, admin);
    const setting = async (name: string) =>
      (await admin.query<{ value: string }>('SELECT current_setting($1) AS value', [name])).rows[0]?.value ??
      '?';
    const settings = {
      fsync: await setting('fsync'),
      synchronousCommit: await setting('synchronous_commit'),
    };
    // The bytes of a typical stored text message; its content does not matter to Postgres, its size does.
    const payload = typicalStoredPayload();
    const insert = `INSERT INTO ${SCRATCH_TABLE} (app_id, conversation_key, seq, sender_user_id, local_message_id,
      conversation_type, to_conversation_id, type, sent_at, payload, file_uid)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL)`;
    const runId = Date.now().toString(36);
    for (const count of clientCounts) {
      ctx.progress(`postgres baseline: ${count} connection(s) for ${durationMs / 1000} s`);
      const clients = Array.from({ length: count }, () => new Client({ connectionString: url }));
      await Promise.all(clients.map((c) => c.connect()));
      // Each connection of each step writes its own conversations: rows never collide on the unique indexes.
      const seqs = new Map<string, number>();
      const before = ctx.cpu.sample();
      const result = await closedLoop({
        concurrency: count,
        durationMs,
        op: async (n, worker) => {
          const sender = `user-${runId}-${count}-${worker}`;
          const receiver = `${sender}-${n % 50}`;
          const key = conversationKey(ConversationType.CONVERSATION_TYPE_PEER, sender, receiver);
          const seq = (seqs.get(key) ?? 0) + 1;
          seqs.set(key, seq);
          await clients[worker]?.query({
            name: 'bench-insert',
            text: insert,
            values: [
              ctx.appID,
              key,
              seq,
              sender,
              `${runId}-${count}-${n}`,
              ConversationType.CONVERSATION_TYPE_PEER,
              receiver,
              MessageType.MESSAGE_TYPE_TEXT,
              new Date(),
              payload,
            ],
          });
        },
      });
      const after = ctx.cpu.sample();
      await Promise.all(clients.map((c) => c.end()));
      steps.push({
        clients: count,
        durationMs,
        rows: result.completed,
        failed: result.failed,
        errors: result.errors,
        rowsPerSecond: (result.completed * 1000) / result.elapsedMs,
        latency: result.latency.summary(),
        cpuPer1000: cpuPer1000(before, after, result.completed),
      });
    }
    return {
      database: new URL(url).pathname.slice(1),
      table: SCRATCH_TABLE,
      payloadBytes: payload.length,
      indexes,
      settings,
      steps,
    };
  } finally {
    await admin.query(`DROP TABLE IF EXISTS ${SCRATCH_TABLE}`).catch(() => undefined);
    await admin.end();
  }
}

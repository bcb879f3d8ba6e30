// B5's data set: Peer conversations written straight into messaging's tables with SQL (INSERT …
// SELECT generate_series), byte for byte as messaging stores them, under user IDs no app uses.
import { ConversationType, conversationKey, Message, MessageType } from '@parley/contracts';
import { Client } from 'pg';
import { sleep } from '../baselines/shared';
import { typicalMessage } from '../baselines/typical-message';
import type { BenchContext } from '../types';

/** Who talks to whom: `hub` has one deep conversation and many ordinary ones. */
export interface HistoryLayout {
  appId: string;
  hub: string;
  deep: { peer: string; messages: number };
  small: { peers: string[]; messages: number };
}

export interface Conversation {
  index: number;
  peer: string;
  key: string;
  messages: number;
}

/**
 * 1,000,000 messages: 200,000 in one conversation and 800 × 1,000 (quick: 20,000, under another
 * prefix so the two seeds never mix). Users are of ctx.appID (session knows only the apps in
 * PARLEY_APPS, fixed at its start), with IDs under `bench-history-` that nothing else uses.
 */
export function historyLayout(ctx: BenchContext): HistoryLayout {
  const prefix = ctx.quick ? 'bench-history-q-' : 'bench-history-';
  const [deep, smallCount] = ctx.quick ? [4_000, 16] : [200_000, 800];
  return {
    appId: ctx.appID,
    hub: `${prefix}hub`,
    deep: { peer: `${prefix}deep`, messages: deep },
    small: { peers: Array.from({ length: smallCount }, (_, i) => `${prefix}p${i}`), messages: 1_000 },
  };
}

export function conversationsOf(layout: HistoryLayout): Conversation[] {
  const peers = [
    { peer: layout.deep.peer, messages: layout.deep.messages },
    ...layout.small.peers.map((peer) => ({ peer, messages: layout.small.messages })),
  ];
  return peers.map(({ peer, messages }, index) => ({
    index,
    peer,
    messages,
    key: conversationKey(ConversationType.CONVERSATION_TYPE_PEER, layout.hub, peer),
  }));
}

/** Seeded messages are dated from here, one second apart (plus the conversation index in ms). */
const BASE_MS = Date.UTC(2026, 0, 1);
const ROWS_PER_BATCH = 50_000;

/** The message as messaging would have stored it: odd seqs from the hub, even seqs from the peer. */
function expectedMessage(layout: HistoryLayout, c: Conversation, seq: number, id: bigint): Message {
  const [sender, receiver] = seq % 2 === 1 ? [layout.hub, c.peer] : [c.peer, layout.hub];
  return typicalMessage({
    messageId: id,
    localMessageId: `seed-${c.index}-${seq}`,
    senderUserId: sender,
    toUserId: receiver,
    timestamp: BASE_MS + seq * 1000 + c.index,
    seq,
  });
}

// Protobuf encoding in SQL, for the per-row fields of the payload (session-local functions: nothing
// is added to messaging's schema). Fields with default values are omitted, as protobuf encoders do.
const PROTOBUF_FUNCTIONS = [
  `CREATE OR REPLACE FUNCTION pg_temp.pb_varint(v bigint) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
   DECLARE out bytea := '\\x'::bytea;
   BEGIN
     WHILE v >= 128 LOOP
       out := out || set_byte('\\x00'::bytea, 0, ((v & 127) | 128)::int);
       v := v >> 7;
     END LOOP;
     RETURN out || set_byte('\\x00'::bytea, 0, v::int);
   END $$`,
  `CREATE OR REPLACE FUNCTION pg_temp.pb_uint(field int, v bigint) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS
   $$ SELECT CASE WHEN v = 0 THEN '\\x'::bytea ELSE pg_temp.pb_varint(field * 8) || pg_temp.pb_varint(v) END $$`,
  `CREATE OR REPLACE FUNCTION pg_temp.pb_string(field int, s text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS
   $$ SELECT CASE WHEN s = '' THEN '\\x'::bytea
      ELSE pg_temp.pb_varint(field * 8 + 2) || pg_temp.pb_varint(octet_length(convert_to(s, 'UTF8'))) || convert_to(s, 'UTF8') END $$`,
];

/**
 * Inserts seqs first…last of each conversation and moves its conversation_counter to `last`, in one
 * transaction, so a seed interrupted between batches resumes where it stopped. The payload is the
 * encoded Message: fields 1-9 built per row here, the fixed type and 10+ (status, text, config)
 * encoded once with the contracts (protobuf allows fields in any split, and this keeps field order).
 */
const INSERT_BATCH = `
  WITH c AS (
    SELECT * FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[], $6::bigint[])
      AS c(key, peer, idx, first_seq, last_seq)
  ), r AS (
    SELECT c.key, c.idx, s.seq, nextval(pg_get_serial_sequence('message', 'id')) AS id,
      CASE WHEN s.seq % 2 = 1 THEN $7 ELSE c.peer END AS sender,
      CASE WHEN s.seq % 2 = 1 THEN c.peer ELSE $7 END AS receiver,
      $10::bigint + s.seq * 1000 + c.idx AS ts
    FROM c CROSS JOIN LATERAL generate_series(c.first_seq, c.last_seq) AS s(seq)
  ), inserted AS (
    INSERT INTO message (id, app_id, conversation_key, seq, sender_user_id, local_message_id, conversation_type,
      to_conversation_id, type, sent_at, payload, file_uid)
    SELECT id, $1, key, seq, sender, 'seed-' || idx || '-' || seq, ${ConversationType.CONVERSATION_TYPE_PEER},
      receiver, ${MessageType.MESSAGE_TYPE_TEXT}, timestamptz 'epoch' + ts * interval '1 millisecond',
      pg_temp.pb_string(1, id::text) || pg_temp.pb_string(2, 'seed-' || idx || '-' || seq)
        || pg_temp.pb_string(3, sender) || pg_temp.pb_string(4, receiver) || $8::bytea
        || pg_temp.pb_uint(7, ts) || pg_temp.pb_uint(8, seq) || pg_temp.pb_uint(9, seq) || $9::bytea,
      NULL
    FROM r
    RETURNING 1
  )
  INSERT INTO conversation_counter (app_id, conversation_key, last_seq)
  SELECT $1, key, last_seq FROM c
  ON CONFLICT (app_id, conversation_key)
  DO UPDATE SET last_seq = GREATEST(conversation_counter.last_seq, EXCLUDED.last_seq)`;

export interface SeedResult {
  rows: number;
  /** Rows inserted by this run (0: the seed was already there). */
  inserted: number;
  seconds: number;
}

/** Ranges still missing, per conversation, from what conversation_counter says is there. */
async function missingRanges(
  db: Client,
  layout: HistoryLayout,
  conversations: Conversation[],
): Promise<Array<{ c: Conversation; first: number; last: number }>> {
  const { rows } = await db.query<{ key: string; last: string }>(
    `SELECT conversation_key AS key, last_seq AS last FROM conversation_counter
     WHERE app_id = $1 AND conversation_key = ANY($2::text[])`,
    [layout.appId, conversations.map((c) => c.key)],
  );
  const have = new Map(rows.map((r) => [r.key, Number(r.last)]));
  return conversations
    .map((c) => ({ c, first: (have.get(c.key) ?? 0) + 1, last: c.messages }))
    .filter((r) => r.first <= r.last);
}

/** Splits the missing ranges into batches of about ROWS_PER_BATCH rows. */
function batchesOf(ranges: Array<{ c: Conversation; first: number; last: number }>) {
  const batches: Array<typeof ranges> = [];
  let batch: typeof ranges = [];
  let size = 0;
  for (const range of ranges) {
    for (let first = range.first; first <= range.last; ) {
      const last = Math.min(range.last, first + (ROWS_PER_BATCH - size) - 1);
      batch.push({ c: range.c, first, last });
      size += last - first + 1;
      first = last + 1;
      if (size >= ROWS_PER_BATCH) {
        batches.push(batch);
        batch = [];
        size = 0;
      }
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Seeds what is missing (nothing when a previous run seeded it all), then checks one row byte for byte. */
export async function seedHistory(ctx: BenchContext, layout: HistoryLayout): Promise<SeedResult> {
  const conversations = conversationsOf(layout);
  const total = conversations.reduce((sum, c) => sum + c.messages, 0);
  const db = new Client({ connectionString: ctx.postgresUrl('parley_messaging') });
  await db.connect();
  const t0 = performance.now();
  try {
    const ranges = await missingRanges(db, layout, conversations);
    const toInsert = ranges.reduce((sum, r) => sum + r.last - r.first + 1, 0);
    if (toInsert > 0) {
      ctx.progress(`B5: seeding ${toInsert.toLocaleString('en')} of ${total.toLocaleString('en')} messages`);
      for (const sql of PROTOBUF_FUNCTIONS) await db.query(sql);
      const template = typicalMessage({
        messageId: 0n,
        localMessageId: '',
        senderUserId: '',
        toUserId: '',
        timestamp: 0,
        seq: 0,
      });
      const typeField = Buffer.from(Message.encode(Message.fromPartial({ type: template.type })).finish());
      // Everything but the fields the SQL writes (1-4, 6-9): an empty field is not encoded at all.
      const tailFields = Buffer.from(
        Message.encode({
          ...template,
          messageId: '',
          localMessageId: '',
          senderUserId: '',
          conversationId: '',
          type: MessageType.MESSAGE_TYPE_UNKNOWN,
          timestamp: 0,
          conversationSeq: 0,
          orderKey: 0,
        }).finish(),
      );
      let done = 0;
      for (const batch of batchesOf(ranges)) {
        await db.query('BEGIN');
        try {
          await db.query(INSERT_BATCH, [
            layout.appId,
            batch.map((b) => b.c.key),
            batch.map((b) => b.c.peer),
            batch.map((b) => b.c.index),
            batch.map((b) => b.first),
            batch.map((b) => b.last),
            layout.hub,
            typeField,
            tailFields,
            BASE_MS,
          ]);
          await db.query('COMMIT');
        } catch (err) {
          await db.query('ROLLBACK');
          throw err;
        }
        done += batch.reduce((sum, b) => sum + b.last - b.first + 1, 0);
        const seconds = (performance.now() - t0) / 1000;
        ctx.progress(
          `B5: seeded ${done.toLocaleString('en')} / ${toInsert.toLocaleString('en')} (${seconds.toFixed(0)} s)`,
        );
        await sleep(0);
      }
      // Autovacuum would otherwise start on the fresh rows in the middle of the measurement.
      ctx.progress('B5: VACUUM ANALYZE message');
      await db.query('VACUUM (ANALYZE) message');
    }
    const { rows } = await db.query<{ count: string }>(
      'SELECT count(*) AS count FROM message WHERE app_id = $1 AND conversation_key = ANY($2::text[])',
      [layout.appId, conversations.map((c) => c.key)],
    );
    const count = Number(rows[0]?.count ?? 0);
    if (count !== total) throw new Error(`B5 seed: expected ${total} messages, found ${count}`);
    await checkPayload(db, layout, conversations);
    return { rows: count, inserted: toInsert, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await db.end();
  }
}

/** The SQL-built payload must equal what messaging's encoder writes, or the benchmark would read other data. */
async function checkPayload(db: Client, layout: HistoryLayout, conversations: Conversation[]): Promise<void> {
  const c = conversations[conversations.length - 1];
  if (!c) return;
  for (const seq of [1, 2]) {
    const { rows } = await db.query<{ id: string; payload: Buffer }>(
      'SELECT id, payload FROM message WHERE app_id = $1 AND conversation_key = $2 AND seq = $3',
      [layout.appId, c.key, seq],
    );
    const row = rows[0];
    if (!row) throw new Error(`B5 seed: ${c.key} has no message ${seq}`);
    const expected = Buffer.from(Message.encode(expectedMessage(layout, c, seq, BigInt(row.id))).finish());
    if (!expected.equals(row.payload))
      throw new Error(`B5 seed: the payload of ${c.key} #${seq} is not what messaging would have stored`);
  }
}

import {
  type CustomTypesConfig,
  type Pool,
  type PoolClient,
  type QueryConfig,
  type QueryResult,
  types,
} from 'pg';

/**
 * Tagged-template SQL, in the shape of Prisma's `$queryRaw` / `$executeRaw`: a Prisma client or
 * transaction satisfies it, and so does `pgSql` over the pg pool Prisma's adapter runs on.
 *
 * Why both: a Prisma call costs ~0.5 ms of CPU even for `SELECT 1` (its query interpreter and
 * WASM compiler run for raw SQL too), the pg driver ~0.06 ms (measured here: docs/benchmarks.md,
 * "Profile"). Schemas, migrations and ordinary queries stay in Prisma; the paths every message
 * takes (the send transaction, outbox relays) run the same SQL on the pg driver directly.
 */
export interface RawSql {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}

/** Results as Prisma's raw queries give them: int8 (bigint, count(*)) as BigInt, not as a string. */
const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;
const builtinParser = types.getTypeParser as (oid: number, format?: string) => (value: string) => unknown;
const resultTypes = {
  getTypeParser: (oid: number, format?: string) => {
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    if (oid === INT8_ARRAY_OID) {
      const parseArray = builtinParser(INT8_ARRAY_OID) as (value: string) => Array<string | null>;
      return (value: string) => parseArray(value).map((v) => (v === null ? null : BigInt(v)));
    }
    return builtinParser(oid, format);
  },
} as CustomTypesConfig;

/** A fixed piece of SQL picked by code, never by input, where a parameter cannot go (a sort order). */
export class SqlText {
  static readonly asc = new SqlText('ASC');
  static readonly desc = new SqlText('DESC');
  private constructor(readonly text: string) {}
}

/** pg sends BigInt as text; arrays element by element (pg turns JS arrays into Postgres arrays). */
function param(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(param);
  return value;
}

function toQuery(strings: TemplateStringsArray, values: unknown[]): QueryConfig {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof SqlText) text += value.text;
    else text += `$${params.push(param(value))}`;
    text += strings[i + 1] ?? '';
  });
  return { text, values: params, types: resultTypes };
}

/** RawSql over a pg pool (one statement per call) or over one checked-out client (a transaction). */
export function pgSql(db: Pool | PoolClient): RawSql {
  const run = (strings: TemplateStringsArray, values: unknown[]): Promise<QueryResult> =>
    db.query(toQuery(strings, values));
  return {
    $queryRaw: async <T>(strings: TemplateStringsArray, ...values: unknown[]) =>
      (await run(strings, values)).rows as T,
    $executeRaw: async (strings: TemplateStringsArray, ...values: unknown[]) =>
      (await run(strings, values)).rowCount ?? 0,
  };
}

/** Runs `work` in one transaction on a client of `pool`; rolls back and rethrows if it throws. */
export async function pgTransaction<T>(pool: Pool, work: (sql: RawSql) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(pgSql(client));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
    throw err;
  } finally {
    // A client whose rollback failed is in an unknown state: the pool drops it.
    client.release(broken);
  }
}

/** A unique index refused a row written with pgSql (Postgres 23505), optionally a named one. */
export function isPgUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

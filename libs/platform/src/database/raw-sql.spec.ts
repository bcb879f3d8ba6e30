import type { Pool, QueryConfig } from 'pg';
import { pgSql, SqlText } from './raw-sql';

/** A pool that records the statements it is given and answers with canned rows. */
function recordingPool(rows: unknown[] = []) {
  const seen: QueryConfig[] = [];
  const pool = {
    query: async (config: QueryConfig) => {
      seen.push(config);
      return { rows, rowCount: rows.length };
    },
  } as unknown as Pool;
  return { pool, seen };
}

describe('pgSql', () => {
  it('numbers the parameters in order and sends BigInt (also inside arrays) as text', async () => {
    const { pool, seen } = recordingPool();
    const ids = [1n, 2n ** 63n - 1n];
    await pgSql(pool)
      .$executeRaw`DELETE FROM t WHERE app = ${'a'} AND id = ANY(${ids}::bigint[]) AND n > ${7}`;
    expect(seen[0]?.text).toBe('DELETE FROM t WHERE app = $1 AND id = ANY($2::bigint[]) AND n > $3');
    expect(seen[0]?.values).toEqual(['a', ['1', '9223372036854775807'], 7]);
  });

  it('writes SqlText into the statement instead of a parameter, and numbers the rest without a gap', async () => {
    const { pool, seen } = recordingPool();
    await pgSql(pool).$queryRaw`SELECT x FROM t WHERE a = ${'a'} ORDER BY x ${SqlText.desc} LIMIT ${20}`;
    expect(seen[0]?.text).toBe('SELECT x FROM t WHERE a = $1 ORDER BY x DESC LIMIT $2');
    expect(seen[0]?.values).toEqual(['a', 20]);
  });

  it('reads int8 columns as BigInt, as Prisma does, and leaves other types to pg', async () => {
    const { pool, seen } = recordingPool();
    await pgSql(pool).$queryRaw`SELECT 1`;
    const parsers = seen[0]?.types as { getTypeParser(oid: number, format?: string): (v: string) => unknown };
    expect(parsers.getTypeParser(20)('9223372036854775807')).toBe(9223372036854775807n);
    expect(parsers.getTypeParser(1016)('{1,NULL,3}')).toEqual([1n, null, 3n]);
    expect(parsers.getTypeParser(23)('42')).toBe(42); // int4
  });

  it('answers $executeRaw with the number of rows the statement touched', async () => {
    const { pool } = recordingPool([{}, {}, {}]);
    expect(await pgSql(pool).$executeRaw`UPDATE t SET x = 1`).toBe(3);
  });
});

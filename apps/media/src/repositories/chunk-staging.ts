import type { Pool } from 'pg';

/**
 * The bytes of committed chunks that wait in upload_chunk until 5 MiB gather for an S3 part, read and
 * written with the plain pg driver (the pool under Prisma's adapter). Through Prisma every bytea value
 * crosses into the query engine as an array of numbers (Array.from over each byte): profiling showed
 * half of media's CPU there and uploads at a few MB/s. The rows need no transaction of their own: a
 * row is only ever read for offsets the upload row (locked, through Prisma) says are committed, and a
 * retry of a chunk that was written but not committed overwrites it.
 */
export class ChunkStaging {
  constructor(private readonly pool: Pool) {}

  async put(uploadId: string, offset: number, data: Uint8Array): Promise<void> {
    await this.pool.query(
      `INSERT INTO upload_chunk (upload_id, "offset", data) VALUES ($1, $2, $3)
       ON CONFLICT (upload_id, "offset") DO UPDATE SET data = EXCLUDED.data`,
      [uploadId, offset, Buffer.from(data.buffer, data.byteOffset, data.byteLength)],
    );
  }

  /** The staged bytes from `from` (inclusive) to `to` (exclusive), in order, as one buffer. */
  async read(uploadId: string, from: number, to: number): Promise<Buffer> {
    const { rows } = await this.pool.query<{ offset: string; data: Buffer }>(
      `SELECT "offset", data FROM upload_chunk
       WHERE upload_id = $1 AND "offset" >= $2 AND "offset" < $3 ORDER BY "offset"`,
      [uploadId, from, to],
    );
    let expected = from;
    for (const row of rows) {
      if (Number(row.offset) !== expected)
        throw new Error(`upload ${uploadId}: staged bytes missing at offset ${expected}`);
      expected += row.data.length;
    }
    if (expected !== to) throw new Error(`upload ${uploadId}: staged bytes end at ${expected}, not ${to}`);
    return Buffer.concat(rows.map((r) => r.data));
  }
}

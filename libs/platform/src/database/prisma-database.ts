import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { bootStep } from '../boot/boot-step';

/** What PooledPrisma adds to a Prisma client. */
export interface PooledClient extends OnModuleInit, OnApplicationShutdown {
  readonly pool: Pool;
}

interface PrismaLike {
  $queryRawUnsafe(query: string): Promise<unknown>;
  $disconnect(): Promise<void>;
}

/**
 * A service's database client class: its generated Prisma client over the pg driver adapter (no
 * native query engine), with the pg pool exposed for the per-message path (pgSql, pgTransaction,
 * the outbox relay), a boot check in onModuleInit and a disconnect in onApplicationShutdown. Keep
 * the client in a module of its own, so Nest stops it after the outbox has flushed.
 *
 *   export class MessagingDatabase extends PooledPrisma(PrismaClient, 'MESSAGING_DATABASE_URL') {}
 */
export function PooledPrisma<T extends PrismaLike>(
  Client: new (options: { adapter: PrismaPg }) => T,
  urlVariable: string,
  poolSize = 10,
): new (databaseUrl: string) => T & PooledClient {
  // A class expression over a constructor parameter: its members are what PooledClient declares.
  const Base = Client as unknown as new (options: { adapter: PrismaPg }) => PrismaLike;
  class Pooled extends Base implements PooledClient {
    readonly pool: Pool;

    constructor(databaseUrl: string) {
      const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
      super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
      this.pool = pool;
    }

    async onModuleInit(): Promise<void> {
      await bootStep(`cannot reach Postgres (${urlVariable})`, () => this.$queryRawUnsafe('SELECT 1'));
    }

    /** Last: in-flight calls have finished and the outbox has flushed before this runs. */
    async onApplicationShutdown(): Promise<void> {
      await this.$disconnect();
    }
  }
  return Pooled as unknown as new (databaseUrl: string) => T & PooledClient;
}

import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { bootStep } from '@parley/platform';
import { PrismaPg } from '@prisma/adapter-pg';
import { Pool } from 'pg';
import { PrismaClient } from '../generated/prisma';

/** media's database client: Prisma over the pg driver adapter (no native query engine). */
export class MediaDatabase extends PrismaClient implements OnModuleInit, OnApplicationShutdown {
  /**
   * The pg pool under Prisma's adapter, for the statements on the per-message path (pgSql and
   * pgTransaction in @parley/platform). Ended by $disconnect.
   */
  readonly pool: Pool;

  constructor(databaseUrl: string) {
    const pool = new Pool({ connectionString: databaseUrl, max: 10 });
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
  }

  async onModuleInit(): Promise<void> {
    await bootStep('cannot reach Postgres (MEDIA_DATABASE_URL)', () => this.$queryRaw`SELECT 1`);
  }

  /** Last: in-flight calls have finished and the outbox has flushed before this runs. */
  async onApplicationShutdown(): Promise<void> {
    await this.$disconnect();
  }
}

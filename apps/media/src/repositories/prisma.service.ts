import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma';

/** media's database client: Prisma over the pg driver adapter (no native query engine). */
export class MediaDatabase extends PrismaClient {
  constructor(databaseUrl: string) {
    super({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
  }
}

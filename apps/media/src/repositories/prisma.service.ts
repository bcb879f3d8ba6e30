import { PooledPrisma } from '@parley/platform';
import { PrismaClient } from '../generated/prisma';

/** media's database: its Prisma client over a pg pool, checked at boot, closed last. */
export class MediaDatabase extends PooledPrisma(PrismaClient, 'MEDIA_DATABASE_URL') {}

import { PooledPrisma } from '@parley/platform';
import { PrismaClient } from '../generated/prisma';

/** messaging's database: its Prisma client over a pg pool, checked at boot, closed last. */
export class MessagingDatabase extends PooledPrisma(PrismaClient, 'MESSAGING_DATABASE_URL') {}

import { PooledPrisma } from '@parley/platform';
import { PrismaClient } from '../generated/prisma';

/** session's database: its Prisma client over a pg pool, checked at boot, closed last. */
export class SessionDatabase extends PooledPrisma(PrismaClient, 'SESSION_DATABASE_URL', 5) {}

import { PooledPrisma } from '@parley/platform';
import { PrismaClient } from '../generated/prisma';

/** conversation's database: its Prisma client over a pg pool, checked at boot, closed last. */
export class ConversationDatabase extends PooledPrisma(PrismaClient, 'CONVERSATION_DATABASE_URL') {}

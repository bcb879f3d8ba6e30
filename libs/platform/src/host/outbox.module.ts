import { type DynamicModule, Module } from '@nestjs/common';
import type { PooledClient } from '../database/prisma-database';
import { KafkaBus } from '../kafka/kafka-bus';
import { OutboxRelay, sqlOutbox } from '../outbox/outbox-relay';
import { SERVICE_CONFIG } from './service-identity';

type DatabaseClass = new (databaseUrl: string) => PooledClient;

/** The service's database client (a PooledPrisma class), from its configuration's databaseUrl. */
@Module({})
class DatabaseModule {
  static of(Database: DatabaseClass): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: Database,
          inject: [SERVICE_CONFIG],
          useFactory: (config: { databaseUrl: string }) => new Database(config.databaseUrl),
        },
      ],
      exports: [Database],
    };
  }
}

/**
 * A service's Postgres and its transactional outbox: the database client and the OutboxRelay that
 * publishes its outbox_event rows. Two modules on purpose: Nest stops a module's dependents before
 * the module, so the relay flushes before the database disconnects.
 */
@Module({})
export class OutboxModule {
  static forService(Database: DatabaseClass): DynamicModule {
    const database = DatabaseModule.of(Database);
    return {
      module: OutboxModule,
      imports: [database],
      providers: [
        {
          provide: OutboxRelay,
          inject: [Database, KafkaBus],
          useFactory: (db: PooledClient, bus: KafkaBus) => new OutboxRelay(sqlOutbox(db.pool), bus),
        },
      ],
      exports: [OutboxRelay, database],
    };
  }
}

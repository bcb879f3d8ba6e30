import { Topics, topicSpecs } from '@parley/contracts';
import { KafkaBus, OutboxRelay, sqlOutbox } from '@parley/platform';
import { loadConversationConfig } from './config';
import { rebuildListProjection } from './conversation-list/rebuild-projection';
import { LIST_PROJECTION_GROUP, LIST_PROJECTION_TOPICS } from './consumers/list-projection.consumer';
import { ConversationDatabase } from './repositories/prisma.service';

/** The rebuild-projection command: progress on stdout, one-line error and exit 1 on failure. */
export async function runRebuild(): Promise<void> {
  const started = Date.now();
  let db: ConversationDatabase | undefined;
  let bus: KafkaBus | undefined;
  try {
    const config = loadConversationConfig();
    db = new ConversationDatabase(config.databaseUrl);
    bus = new KafkaBus('parley-conversation-rebuild', config.kafka.brokers);
    await bus.ensureTopics(topicSpecs([...LIST_PROJECTION_TOPICS, Topics.conversationNotifications]));
    await bus.connectProducer();
    const relay = new OutboxRelay(sqlOutbox(db.pool), bus);
    const { events } = await rebuildListProjection(
      db,
      bus,
      relay,
      LIST_PROJECTION_GROUP,
      LIST_PROJECTION_TOPICS,
      (line) => process.stdout.write(`rebuild-projection: ${line}\n`),
    );
    process.stdout.write(
      `rebuild-projection: done, ${events} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    process.exitCode = 0;
  } catch (err) {
    process.stderr.write(`rebuild-projection: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await bus?.disconnect().catch(() => undefined);
    await db?.$disconnect().catch(() => undefined);
  }
}

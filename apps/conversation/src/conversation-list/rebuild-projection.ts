import { decodePayload, type Topics } from '@parley/contracts';
import { decodeEach, type IncomingEvent, type KafkaBus, logger, type OutboxRelay } from '@parley/platform';

type ListTopic = typeof Topics.messagingEvents | typeof Topics.conversationEvents;
import type { ConversationDatabase } from '../repositories/prisma.service';
import { ListProjector } from './list-projector';

/**
 * Drops every conversation list and replays the list's topics from offset 0 into empty tables,
 * without notifying clients, then points the service's consumer group at where the replay ended.
 * The service must be stopped (its group idle); groups and rooms are not touched (they are state,
 * not a projection).
 */
export async function rebuildListProjection(
  db: ConversationDatabase,
  bus: KafkaBus,
  relay: OutboxRelay,
  group: string,
  topics: string[],
  progress: (line: string) => void,
): Promise<{ events: number }> {
  if (!(await bus.groupIsIdle(group)))
    throw new Error(`consumer group ${group} is running: stop the conversation service first`);
  // List actions committed but not yet published must be in Kafka before the replay reads it.
  await relay.stop();
  await db.$executeRawUnsafe('TRUNCATE user_conversation, unread_message, deleted_message, unread_total');
  progress('conversation lists dropped; replaying ' + topics.join(', ') + ' from offset 0');
  const projector = new ListProjector(db);
  let events = 0;
  let lastReport = 0;
  // The replay hands over raw records: decode them as the Kafka transport does (an undecodable one is skipped).
  const apply = (records: IncomingEvent[]) =>
    projector.handleBatch(
      records.flatMap((r) => decodeEach([r], (bytes) => decodePayload(r.topic as ListTopic, bytes))),
    );
  const ends = await bus.replay(topics, apply, (done, total) => {
    events = done;
    if (Date.now() - lastReport > 1000 || done === total) {
      lastReport = Date.now();
      progress(`replayed ${done}/${total} events`);
    }
  });
  await bus.setGroupOffsets(group, ends);
  logger.info({ events, group }, 'conversation-list projection rebuilt');
  return { events };
}

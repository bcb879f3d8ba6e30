import type { Kafka } from 'kafkajs';
import type { IncomingEvent } from './kafka-bus';
import { toIncoming } from './kafka-records';

/**
 * Reads `topics` from offset 0 up to their current ends under a throw-away consumer group, handing
 * each batch to `handleBatch`, and returns the end offsets reached (for setGroupOffsets). Used to
 * rebuild a projection while its service is stopped.
 */
export async function replayTopics(
  kafka: Kafka,
  topics: string[],
  handleBatch: (events: IncomingEvent[]) => Promise<void>,
  onProgress: (done: number, total: number) => void,
): Promise<Map<string, { partition: number; offset: string }[]>> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, { partition: number; offset: string }[]>();
  // Partitions with something left to read (retention may have emptied some).
  const remaining = new Set<string>();
  let total = 0;
  try {
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(
        topic,
        offsets.map((o) => ({ partition: o.partition, offset: o.high })),
      );
      for (const o of offsets) {
        total += Number(BigInt(o.high) - BigInt(o.low));
        if (o.high !== o.low) remaining.add(`${topic}/${o.partition}`);
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (remaining.size === 0) return ends;
  const groupId = `parley-replay-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  let done = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = BigInt(
              ends.get(batch.topic)?.find((o) => o.partition === batch.partition)?.offset ?? '0',
            );
            const wanted = batch.messages.filter((m) => BigInt(m.offset) < end);
            if (wanted.length > 0) {
              await handleBatch(wanted.map((m) => toIncoming(batch.topic, batch.partition, m)));
              done += wanted.length;
              onProgress(done, total);
            }
            if (BigInt(batch.lastOffset()) + 1n >= end) {
              remaining.delete(`${batch.topic}/${batch.partition}`);
              if (remaining.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteGroups([groupId]).catch(() => undefined);
    await cleanup.disconnect();
  }
  return ends;
}

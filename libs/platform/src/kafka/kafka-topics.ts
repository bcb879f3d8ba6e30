import { type Admin, ConfigResourceTypes, type Kafka } from 'kafkajs';
import type { TopicSpec } from '@parley/contracts';

/**
 * Creates missing topics and applies each spec's retention to topics that already exist (a topic
 * created before its retention was specified would otherwise keep Kafka's default).
 */
export async function ensureTopics(kafka: Kafka, specs: TopicSpec[]): Promise<void> {
  const retentionOf = (s: TopicSpec) =>
    s.retentionMs === undefined ? [] : [{ name: 'retention.ms', value: String(s.retentionMs) }];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      // kafkajs' own wait gives up on the first "unknown topic" answer, which a broker gives while
      // it applies a large creation (10 topics at once failed nearly every time): we wait below.
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions,
          replicationFactor: -1,
          configEntries: retentionOf(s),
        })),
      });
    }
    const retained = specs.filter((s) => existing.has(s.topic) && s.retentionMs !== undefined);
    if (retained.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: retained.map((s) => ({
          type: ConfigResourceTypes.TOPIC,
          name: s.topic,
          configEntries: retentionOf(s),
        })),
      });
    }
    await waitForLeaders(
      admin,
      specs.map((s) => s.topic),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * A topic just created (by us, or by another service starting at the same moment) is acknowledged
 * before the broker serves its metadata; consumers that ask in that window fail with "This server
 * does not host this topic-partition". Wait until every partition has a leader.
 */
async function waitForLeaders(admin: Admin, topics: string[], deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    let problem: string;
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const leaderless = found.filter(
        (t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0),
      );
      const unknown = topics.filter((name) => !found.some((t) => t.name === name));
      if (leaderless.length === 0 && unknown.length === 0) return;
      problem = `not served yet: ${[...unknown, ...leaderless.map((t) => t.name)].join(', ')}`;
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() > deadline) throw new Error(`topics not ready: ${problem}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

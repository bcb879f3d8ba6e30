import { ConversationEvent } from './generated/parley/events/v1/conversation_events';
import { ConversationNotification } from './generated/parley/events/v1/conversation_notifications';
import { MediaEvent } from './generated/parley/events/v1/media_events';
import { MessagingEvent } from './generated/parley/events/v1/messaging_events';
import { SessionEvent } from './generated/parley/events/v1/session_events';

/**
 * Kafka topics and who writes them. Payloads are protobuf bytes of the named envelope;
 * keys are conversation keys so one conversation's events stay in order on one partition.
 */
export const Topics = {
  /** MessagingEvent (MessageSent, …) written by messaging. */
  messagingEvents: 'parley.messaging.events.v1',
  /** SessionEvent (SessionEnded, …) written by session; read by every service that checks session tokens. */
  sessionEvents: 'parley.session.events.v1',
  /**
   * ConversationEvent written by conversation: group and room membership (read by messaging) and
   * each user's conversation-list actions (read back by conversation: the list is rebuilt from them).
   */
  conversationEvents: 'parley.conversation.events.v1',
  /** ConversationNotification (conversationChanged, total unread) written by conversation; pushed to clients by session. */
  conversationNotifications: 'parley.conversation.notifications.v1',
  /** MediaEvent (MediaUploaded, MediaProcessed) written by media; read by media (thumbnails) and messaging. */
  mediaEvents: 'parley.media.events.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Kafka header names carried on every Parley event. */
export const EventHeaders = {
  /** Name of the oneof case inside the envelope, so consumers can skip what they ignore without decoding. */
  eventType: 'parley-event-type',
  /** Request/trace ID of the RPC that caused the event. */
  traceId: 'parley-trace-id',
} as const;

/** How each topic is created: partitions, and retention (ms, -1 = forever) where the default (7 days) does not fit. */
export interface TopicSpec {
  topic: string;
  numPartitions: number;
  retentionMs?: number;
}

/** Kept forever: projections (conversation lists, messaging's membership) are rebuilt from offset 0. */
const FOREVER = -1;

const SPECS: Record<Topic, Omit<TopicSpec, 'topic'>> = {
  [Topics.messagingEvents]: { numPartitions: 4, retentionMs: FOREVER },
  // Services replay it at start to learn ended sessions; sessions last at most 24 h (twice that for margin).
  [Topics.sessionEvents]: { numPartitions: 4, retentionMs: 48 * 3600 * 1000 },
  [Topics.conversationEvents]: { numPartitions: 4, retentionMs: FOREVER },
  // Live notifications only: a client that reconnects queries its list, so a day is plenty.
  [Topics.conversationNotifications]: { numPartitions: 4, retentionMs: 24 * 3600 * 1000 },
  [Topics.mediaEvents]: { numPartitions: 4, retentionMs: FOREVER },
};

/** The specs of the given topics plus their dead-letter topics (`<topic>.dlq`), for KafkaBus.ensureTopics. */
export function topicSpecs(topics: Topic[]): TopicSpec[] {
  return topics.flatMap((topic) => [
    { topic, ...SPECS[topic] },
    { topic: `${topic}.dlq`, numPartitions: 1 },
  ]);
}

/** The envelope each topic carries: what a consumer decodes a record's value with. */
export interface TopicPayloads {
  [Topics.messagingEvents]: MessagingEvent;
  [Topics.sessionEvents]: SessionEvent;
  [Topics.conversationEvents]: ConversationEvent;
  [Topics.conversationNotifications]: ConversationNotification;
  [Topics.mediaEvents]: MediaEvent;
}

const CODECS: {
  [T in Topic]: {
    decode(bytes: Uint8Array): TopicPayloads[T];
    encode(message: TopicPayloads[T]): { finish(): Uint8Array };
  };
} = {
  [Topics.messagingEvents]: MessagingEvent,
  [Topics.sessionEvents]: SessionEvent,
  [Topics.conversationEvents]: ConversationEvent,
  [Topics.conversationNotifications]: ConversationNotification,
  [Topics.mediaEvents]: MediaEvent,
};

export function isTopic(name: string): name is Topic {
  return Object.prototype.hasOwnProperty.call(CODECS, name);
}

/** Decodes a record of `topic` with the topic's envelope; throws on an unknown topic or bad bytes. */
export function decodePayload<T extends Topic>(topic: T | string, bytes: Uint8Array): TopicPayloads[T] {
  if (!isTopic(topic)) throw new Error(`no contract for topic ${topic}`);
  return CODECS[topic as T].decode(bytes);
}

/** Encodes an envelope for `topic` with the topic's contract. */
export function encodePayload<T extends Topic>(topic: T, envelope: TopicPayloads[T]): Uint8Array {
  return CODECS[topic].encode(envelope).finish();
}

import { randomUUID } from 'node:crypto';
import { encodePayload, EventHeaders, type Topic, type TopicPayloads } from '@parley/contracts';
import type { OutgoingEvent } from '../kafka/kafka-bus';

/** An envelope as a service fills it: the event ID and time are set here unless given. */
type EnvelopeInput<T extends Topic> = Omit<TopicPayloads[T], 'eventId' | 'occurredAt'> &
  Partial<Pick<TopicPayloads[T], 'eventId' | 'occurredAt'>>;

/**
 * The one way Parley events are built: the topic's envelope with a fresh event ID (consumers
 * dedupe by it) and time, encoded with the topic's contract, keyed so that what must stay in order
 * shares a partition, and headed with the event's type (consumers skip what they ignore without
 * decoding) and the trace ID of the request that caused it. Queue it in the service's outbox.
 */
export function eventEnvelope<T extends Topic>(
  topic: T,
  key: string,
  envelope: EnvelopeInput<T>,
  requestId?: string,
): OutgoingEvent {
  const full = { eventId: randomUUID(), occurredAt: Date.now(), ...envelope } as TopicPayloads[T];
  const eventType = (full as { event?: { $case?: string } }).event?.$case ?? '';
  return {
    topic,
    key,
    value: encodePayload(topic, full),
    headers:
      requestId === undefined
        ? { [EventHeaders.eventType]: eventType }
        : { [EventHeaders.eventType]: eventType, [EventHeaders.traceId]: requestId },
  };
}

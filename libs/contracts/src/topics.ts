/**
 * Kafka topics and who writes them. Payloads are protobuf bytes of the named envelope;
 * keys are conversation keys so one conversation's events stay in order on one partition.
 */
export const Topics = {
  /** MessagingEvent (MessageSent, …) written by messaging. */
  messagingEvents: 'parley.messaging.events.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Kafka header names carried on every Parley event. */
export const EventHeaders = {
  /** Name of the oneof case inside the envelope, so consumers can skip what they ignore without decoding. */
  eventType: 'parley-event-type',
  /** Request/trace ID of the RPC that caused the event. */
  traceId: 'parley-trace-id',
} as const;

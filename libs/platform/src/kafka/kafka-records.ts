import type { IHeaders, KafkaMessage } from 'kafkajs';
import type { IncomingEvent } from './kafka-bus';

/** Kafka headers as plain strings (the first value of each). */
function headersOf(raw: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw ?? {})) {
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) out[k] = first.toString();
  }
  return out;
}

export function toIncoming(topic: string, partition: number, m: KafkaMessage): IncomingEvent {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString() ?? null,
    value: m.value ?? Buffer.alloc(0),
    headers: headersOf(m.headers),
  };
}

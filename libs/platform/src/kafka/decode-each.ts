import type { IncomingEvent } from './kafka-bus';
import { logger } from '../logging/logger';

/**
 * Decodes each record's protobuf payload. A payload that cannot be decoded can never succeed, so it
 * is logged and skipped rather than retried forever, which would block its partition.
 */
export function decodeEach<T>(events: IncomingEvent[], decode: (bytes: Uint8Array) => T): T[] {
  const decoded: T[] = [];
  for (const raw of events) {
    try {
      decoded.push(decode(raw.value));
    } catch (err) {
      logger.error(
        { err, topic: raw.topic, partition: raw.partition, offset: raw.offset },
        'undecodable event skipped',
      );
    }
  }
  return decoded;
}

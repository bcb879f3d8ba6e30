import { EventPattern } from '@nestjs/microservices';
import { type SessionEvent, Topics } from '@parley/contracts';
import { KafkaController } from '../grpc/grpc-controller.decorator';
import { Payloads } from '../kafka/kafka-batch.context';
import { SessionRevocations } from './session-revocations';

/**
 * Every service learns ended sessions from session's events. The set lives in memory, so each process
 * replays the topic (kept for the longest session lifetime) under a consumer group of its own.
 */
@KafkaController()
export class RevocationsConsumer {
  constructor(private readonly revocations: SessionRevocations) {}

  @EventPattern(Topics.sessionEvents, { group: 'revocations', scope: 'process', fromBeginning: true })
  apply(@Payloads() events: SessionEvent[]): void {
    for (const payload of events)
      if (payload.event?.$case === 'sessionEnded')
        this.revocations.revoke(payload.event.value.sessionId, payload.event.value.expiresAt);
  }
}

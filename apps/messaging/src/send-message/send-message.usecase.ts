import { type Message, MessageType, type SendMessageRequest } from '@parley/contracts';
import type { KafkaBus, SessionPrincipal } from '@parley/platform';
import type { MessageLimits } from '../config';
import type { OutboxRelay } from '@parley/platform';
import type { MessageRepository } from '../repositories/message.repository';
import { validateSendMessage } from './outgoing-message';
import type { SendRateLimiter } from './send-rate-limiter';
import { messageSentEvent, toMessage } from './stored-message';

/** ZIM sendMessage: rate-limit, validate, store once (with its MessageSent event), answer with the stored message. */
export class SendMessageUseCase {
  constructor(
    private readonly messages: MessageRepository,
    private readonly outbox: OutboxRelay,
    private readonly bus: KafkaBus,
    private readonly rateLimiter: SendRateLimiter,
    private readonly limits: MessageLimits,
  ) {}

  async execute(sender: SessionPrincipal, request: SendMessageRequest, requestId: string): Promise<Message> {
    // Barrage is exempt from ZIM's send rate limit; everything else counts, valid or not.
    if (request.message?.type !== MessageType.MESSAGE_TYPE_BARRAGE)
      await this.rateLimiter.take(sender.appId, sender.userId);
    const outgoing = validateSendMessage(request, this.limits);
    if (!outgoing.stored) {
      // Relayed, never stored: acknowledged once Kafka has it (no history, no offline delivery, no idempotency).
      const { messageId, participants } = await this.messages.prepareRelay(sender, outgoing);
      const message = toMessage(sender, outgoing, { messageId, seq: 0, sentAt: new Date() });
      const inboxSeqs = Object.fromEntries(participants.map((userId) => [userId, 0]));
      await this.bus.publish([
        messageSentEvent(sender.appId, message, requestId, { inboxSeqs, senderSessionId: sender.sessionId }),
      ]);
      return message;
    }
    const { message, created } = await this.messages.storeOnce(sender, outgoing, requestId);
    // The reply waits for the commit only; publishing starts now and the outbox covers a crash.
    if (created) void this.outbox.flush();
    return message;
  }
}

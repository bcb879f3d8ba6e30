import type { Message, SendMessageRequest } from '@parley/contracts';
import type { SessionPrincipal } from '@parley/platform';
import type { MessageLimits } from '../config';
import type { OutboxRelay } from '../outbox/outbox-relay';
import type { MessageRepository } from '../repositories/message.repository';
import { validateSendMessage } from './outgoing-message';

/** ZIM sendMessage: validate, store once (with its MessageSent event), answer with the stored message. */
export class SendMessageUseCase {
  constructor(
    private readonly messages: MessageRepository,
    private readonly outbox: OutboxRelay,
    private readonly limits: MessageLimits,
  ) {}

  async execute(sender: SessionPrincipal, request: SendMessageRequest, requestId: string): Promise<Message> {
    const outgoing = validateSendMessage(request, this.limits);
    const { message, created } = await this.messages.storeOnce(sender, outgoing, requestId);
    // The reply waits for the commit only; publishing starts now and the outbox covers a crash.
    if (created) void this.outbox.flush();
    return message;
  }
}

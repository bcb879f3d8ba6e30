import { Inject, Injectable } from '@nestjs/common';
import {
  MediaContent,
  type Message,
  MessageType,
  type SendMediaMessageRequest,
  type SendMessageRequest,
} from '@parley/contracts';
import { FileTickets, KafkaBus, OutboxRelay, type SessionPrincipal, ZimError } from '@parley/platform';
import { MESSAGE_LIMITS, type MessageLimits } from '../config';
import { MessageRepository } from '../repositories/message.repository';
import { validateSendMessage } from '../domain/outgoing-message';
import { participantsOf } from '../domain/participants';
import { SendRateLimiter } from './send-rate-limiter';
import { messageSentEvent, toMessage } from '../domain/stored-message';

/** ZIM sendMessage: rate-limit, validate, store once (with its MessageSent event), answer with the stored message. */
@Injectable()
export class SendMessageUseCase {
  constructor(
    private readonly messages: MessageRepository,
    private readonly outbox: OutboxRelay,
    private readonly bus: KafkaBus,
    private readonly rateLimiter: SendRateLimiter,
    @Inject(MESSAGE_LIMITS) private readonly limits: MessageLimits,
    private readonly tickets: FileTickets,
  ) {}

  /** ZIM sendMediaMessage: the same path, for a file media vouched for (its ticket) or a developer-hosted URL. */
  async executeMedia(
    sender: SessionPrincipal,
    request: SendMediaMessageRequest,
    requestId: string,
  ): Promise<Message> {
    await this.rateLimiter.take(sender.appId, sender.userId);
    const content = request.message;
    if (!content) throw ZimError.invalidParams('message is required');
    const media = await this.fileOf(sender, request);
    const outgoing = validateSendMessage({ ...request, message: { ...content, media } }, this.limits, {
      allowMedia: true,
    });
    const { message, created } = await this.messages.storeOnce(sender, outgoing, requestId, participantsOf);
    if (created) void this.outbox.flush();
    return message;
  }

  /** The file as stored: name, size and hash from the verified ticket, never from the client alone. */
  private async fileOf(sender: SessionPrincipal, request: SendMediaMessageRequest): Promise<MediaContent> {
    const given = request.message?.media;
    if (!request.fileTicket) {
      if (given?.fileUid) throw ZimError.invalidParams('an uploaded file is sent with its file_ticket');
      return MediaContent.fromPartial({
        fileUid: '',
        fileName: given?.fileName ?? '',
        fileSize: given?.fileSize ?? 0,
        fileDownloadUrl: given?.fileDownloadUrl ?? '',
        sha256: '',
      });
    }
    const ticket = await this.tickets.verify(request.fileTicket);
    if (ticket.appId !== sender.appId || ticket.userId !== sender.userId)
      throw ZimError.invalidParams('this file_ticket was issued to another user: upload the file yourself');
    if (ticket.messageType !== request.message?.type)
      throw ZimError.invalidParams(
        `the file was uploaded as message type ${ticket.messageType}, not ${request.message?.type}`,
      );
    return MediaContent.fromPartial({
      fileUid: ticket.fileUid,
      fileName: given?.fileName || ticket.fileName,
      fileSize: ticket.fileSize,
      fileDownloadUrl: '',
      sha256: ticket.sha256,
    });
  }

  async execute(sender: SessionPrincipal, request: SendMessageRequest, requestId: string): Promise<Message> {
    // Barrage is exempt from ZIM's send rate limit; everything else counts, valid or not.
    if (request.message?.type !== MessageType.MESSAGE_TYPE_BARRAGE)
      await this.rateLimiter.take(sender.appId, sender.userId);
    const outgoing = validateSendMessage(request, this.limits);
    if (!outgoing.stored) {
      // Relayed, never stored: acknowledged once Kafka has it (no history, no offline delivery, no idempotency).
      const { messageId, participants } = await this.messages.prepareRelay(sender, outgoing, participantsOf);
      const message = toMessage(sender, outgoing, { messageId, seq: 0, sentAt: new Date() });
      const inboxSeqs = Object.fromEntries(participants.map((userId) => [userId, 0]));
      await this.bus.publish([
        messageSentEvent(sender.appId, message, requestId, { inboxSeqs, senderSessionId: sender.sessionId }),
      ]);
      return message;
    }
    const { message, created } = await this.messages.storeOnce(sender, outgoing, requestId, participantsOf);
    // The reply waits for the commit only; publishing starts now and the outbox covers a crash.
    if (created) void this.outbox.flush();
    return message;
  }
}

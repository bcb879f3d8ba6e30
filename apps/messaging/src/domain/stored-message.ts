import { conversationKey, Message, MessageSentStatus, Topics } from '@parley/contracts';
import { eventEnvelope, type OutgoingEvent, type SessionPrincipal } from '@parley/platform';
import type { OutgoingMessage } from './outgoing-message';

/** The server-assigned parts of a message. `seq` is 0 for messages that are never stored. */
export interface Assigned {
  messageId: bigint;
  seq: number;
  sentAt: Date;
}

/** The message as the server acknowledges it (the sender's view of the conversation). */
export function toMessage(sender: SessionPrincipal, outgoing: OutgoingMessage, assigned: Assigned): Message {
  const { content } = outgoing;
  return Message.fromPartial({
    messageId: assigned.messageId.toString(),
    localMessageId: outgoing.localMessageId,
    senderUserId: sender.userId,
    conversationId: outgoing.toConversationId,
    conversationType: outgoing.conversationType,
    type: content.type,
    timestamp: assigned.sentAt.getTime(),
    conversationSeq: assigned.seq,
    orderKey: assigned.seq,
    sentStatus: MessageSentStatus.MESSAGE_SENT_STATUS_SUCCESS,
    text: content.text,
    data: content.data,
    subType: content.subType,
    searchedContent: content.searchedContent,
    extendedData: content.extendedData,
    mentionedUserIds: content.mentionedUserIds,
    isMentionAll: content.isMentionAll,
    config: outgoing.config,
    media: content.media,
  });
}

/** Kafka partition key: one conversation's events stay in order on one partition. */
export function partitionKey(appId: string, message: Message): string {
  return `${appId}/${conversationKey(message.conversationType, message.senderUserId, message.conversationId)}`;
}

/** The MessageSent event for a message (stored or relayed). */
export function messageSentEvent(
  appId: string,
  message: Message,
  requestId: string,
  delivery: { inboxSeqs: Record<string, number>; senderSessionId: string },
): OutgoingEvent {
  const key = conversationKey(message.conversationType, message.senderUserId, message.conversationId);
  return eventEnvelope(
    Topics.messagingEvents,
    partitionKey(appId, message),
    {
      occurredAt: message.timestamp,
      appId,
      event: { $case: 'messageSent', value: { message, conversationKey: key, ...delivery } },
    },
    requestId,
  );
}

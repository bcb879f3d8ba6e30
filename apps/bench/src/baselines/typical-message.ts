// What one Parley text message weighs on the wire and on disk, so the raw baselines move records and
// rows of the same size as Parley's own: the stored payload (message.payload) and the MessageSent
// event on parley.messaging.events.v1, encoded with the same contracts messaging uses.
import {
  ConversationType,
  conversationKey,
  EventHeaders,
  Message,
  MessageSentStatus,
  MessageType,
  MessagingEvent,
  SendConfig,
} from '@parley/contracts';
import { randomUUID } from 'node:crypto';

/** A short chat line, as most messages are (32 bytes). */
export const TYPICAL_TEXT = 'see you at the station at 7 pm!!';

/** A stored text message between two users, as messaging's toMessage builds it (SDK sends an empty config). */
export function typicalMessage(fields: {
  messageId: bigint;
  localMessageId: string;
  senderUserId: string;
  toUserId: string;
  timestamp: number;
  seq: number;
}): Message {
  return Message.fromPartial({
    messageId: fields.messageId.toString(),
    localMessageId: fields.localMessageId,
    senderUserId: fields.senderUserId,
    conversationId: fields.toUserId,
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
    type: MessageType.MESSAGE_TYPE_TEXT,
    timestamp: fields.timestamp,
    conversationSeq: fields.seq,
    orderKey: fields.seq,
    sentStatus: MessageSentStatus.MESSAGE_SENT_STATUS_SUCCESS,
    text: TYPICAL_TEXT,
    config: SendConfig.fromPartial({}),
  });
}

/** A Kafka record shaped like messaging's MessageSent (same key form, headers and value size). */
export interface EventRecord {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** User IDs of a realistic length (as the SDK examples' `user-<time>-<random>`). */
const [SENDER, RECEIVER] = ['user-lw3k9x2a-7f3q', 'user-lw3k9x2b-k2m8'];

/** A typical stored message with realistic IDs, sequence numbers and time. */
function typicalPeerMessage(): Message {
  return typicalMessage({
    messageId: 123_456_789n,
    localMessageId: randomUUID(),
    senderUserId: SENDER,
    toUserId: RECEIVER,
    timestamp: Date.now(),
    seq: 4_321,
  });
}

/** message.payload of a typical text message: what one stored row carries. */
export function typicalStoredPayload(): Buffer {
  return Buffer.from(Message.encode(typicalPeerMessage()).finish());
}

/** The MessageSent event of a typical Peer message (as messaging's messageSentEvent encodes it). */
export function typicalMessageSent(appId: string): EventRecord {
  const [sender, receiver] = [SENDER, RECEIVER];
  const message = typicalPeerMessage();
  const key = conversationKey(ConversationType.CONVERSATION_TYPE_PEER, sender, receiver);
  const value = MessagingEvent.encode({
    eventId: randomUUID(),
    occurredAt: message.timestamp,
    appId,
    event: {
      $case: 'messageSent',
      value: {
        message,
        conversationKey: key,
        inboxSeqs: { [sender]: 98_765, [receiver]: 87_654 },
        senderSessionId: randomUUID(),
      },
    },
  }).finish();
  return {
    key: `${appId}/${key}`,
    value: Buffer.from(value),
    headers: { [EventHeaders.eventType]: 'messageSent', [EventHeaders.traceId]: randomUUID() },
  };
}

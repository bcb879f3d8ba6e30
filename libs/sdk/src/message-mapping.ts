import type { Message } from '@parley/contracts';
import {
  ZIMMessageDirection,
  type ZIMConversationType,
  type ZIMMessageSentStatus,
  type ZIMMessageType,
} from './enums';
import type { ZIMMessage } from './types';

/** Wire message → ZIMMessage as the given user sees it. */
export function toZIMMessage(m: Message, viewerUserID: string): ZIMMessage {
  return {
    type: m.type as number as ZIMMessageType,
    message: m.text,
    messageID: m.messageId,
    localMessageID: m.localMessageId,
    senderUserID: m.senderUserId,
    conversationID: m.conversationId,
    conversationType: m.conversationType as number as ZIMConversationType,
    direction: m.senderUserId === viewerUserID ? ZIMMessageDirection.Send : ZIMMessageDirection.Receive,
    sentStatus: m.sentStatus as number as ZIMMessageSentStatus,
    timestamp: m.timestamp,
    conversationSeq: m.conversationSeq,
    orderKey: m.orderKey,
    extendedData: m.extendedData,
    mentionedUserIDs: m.mentionedUserIds,
    isMentionAll: m.isMentionAll,
  };
}

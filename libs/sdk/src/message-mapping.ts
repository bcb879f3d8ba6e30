import {
  type ConversationType,
  type MediaContent,
  type Message,
  MessageContent,
  type MessagePriority,
  MessageType,
  SendConfig,
  type SendMessageRequest,
} from '@parley/contracts';
import {
  type ZIMConversationType,
  ZIMMessageDirection,
  type ZIMMessageSentStatus,
  ZIMMessageType,
} from './enums';
import type { ZIMMediaMessageType, ZIMMessage, ZIMMessageInput, ZIMMessageSendConfig } from './types';

const MEDIA_TYPES: ReadonlySet<number> = new Set([
  ZIMMessageType.Image,
  ZIMMessageType.File,
  ZIMMessageType.Audio,
  ZIMMessageType.Video,
]);

/** Image, File, Audio and Video messages carry a file. */
export function isMediaMessageType(type: unknown): type is ZIMMediaMessageType {
  return typeof type === 'number' && MEDIA_TYPES.has(type);
}

/** Wire message → ZIMMessage as the given user sees it. */
export function toZIMMessage(m: Message, viewerUserID: string): ZIMMessage {
  return {
    type: m.type as number as ZIMMessageType,
    message: m.type === MessageType.MESSAGE_TYPE_COMMAND ? new Uint8Array(m.data) : m.text,
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
    subType: m.subType,
    searchedContent: m.searchedContent,
    ...(isMediaMessageType(m.type) ? toZIMMediaFields(m.media) : {}),
  };
}

/** The file of a media message; fileLocalPath is the client's to set ('' here). */
function toZIMMediaFields(media: MediaContent | undefined) {
  return {
    fileUID: media?.fileUid ?? '',
    fileName: media?.fileName ?? '',
    fileSize: media?.fileSize ?? 0,
    fileDownloadUrl: media?.fileDownloadUrl ?? '',
    fileLocalPath: '',
    originalImageWidth: media?.imageWidth ?? 0,
    originalImageHeight: media?.imageHeight ?? 0,
    thumbnailReady: media?.thumbnailReady ?? false,
    largeImageReady: media?.largeImageReady ?? false,
  };
}

/** A media message's content: the file's name and size, plus its URL when the developer hosts it. */
export function toMediaMessageContent(
  type: ZIMMediaMessageType,
  file: { fileName: string; fileSize: number; fileDownloadUrl?: string },
  extendedData: string | undefined,
): MessageContent {
  return MessageContent.fromPartial({
    type: type as number as MessageType,
    extendedData: extendedData ?? '',
    media: { fileName: file.fileName, fileSize: file.fileSize, fileDownloadUrl: file.fileDownloadUrl ?? '' },
  });
}

/** ZIM message input → the wire's MessageContent. */
export function toMessageContent(input: ZIMMessageInput): MessageContent {
  const isCommand = input.type === ZIMMessageType.Command;
  return MessageContent.fromPartial({
    type: input.type as number as MessageType,
    text: isCommand ? '' : input.message,
    data: isCommand ? Buffer.from(input.message) : Buffer.alloc(0),
    subType: input.type === ZIMMessageType.Custom ? input.subType : 0,
    searchedContent: input.type === ZIMMessageType.Custom ? (input.searchedContent ?? '') : '',
    extendedData: input.extendedData ?? '',
    mentionedUserIds: input.mentionedUserIDs ?? [],
    isMentionAll: input.isMentionAll ?? false,
  });
}

/** What SendMessage and SendMediaMessage ask alike: the content, under the client's ID, to whom, how. */
export function toSendRequest(
  content: MessageContent,
  localMessageID: string,
  toConversationID: string,
  conversationType: ZIMConversationType,
  config: ZIMMessageSendConfig,
): SendMessageRequest {
  return {
    message: content,
    localMessageId: localMessageID,
    toConversationId: toConversationID,
    conversationType: conversationType as number as ConversationType,
    config: toSendConfig(config),
  };
}

/** ZIMMessageSendConfig → the wire's SendConfig. */
function toSendConfig(config: ZIMMessageSendConfig): SendConfig {
  const push = config.pushConfig;
  return SendConfig.fromPartial({
    priority: (config.priority ?? 0) as number as MessagePriority,
    hasReceipt: config.hasReceipt ?? false,
    isNotifyMentionedUsers: config.isNotifyMentionedUsers ?? false,
    pushConfig: push && {
      title: push.title ?? '',
      content: push.content ?? '',
      payload: push.payload ?? '',
      resourcesId: push.resourcesID ?? '',
      enableBadge: push.enableBadge ?? false,
      badgeIncrement: push.badgeIncrement ?? 0,
    },
  });
}

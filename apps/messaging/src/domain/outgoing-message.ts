import {
  ConversationType,
  type MessageContent,
  MessageType,
  type SendConfig,
  type SendMessageRequest,
} from '@parley/contracts';
import { ZimError } from '@parley/platform';
import type { MessageLimits } from '../config';

/** A send request that passed validation: everything needed to store (or relay) the message. */
export interface OutgoingMessage {
  localMessageId: string;
  toConversationId: string;
  conversationType: ConversationType;
  content: MessageContent;
  config: SendConfig | undefined;
  /** Command and Barrage messages are relayed but never stored (ZIM: no history, no offline delivery). */
  stored: boolean;
}

const MAX_ID_BYTES = 32;
const MAX_LOCAL_ID_LENGTH = 64;
const MAX_MENTIONS = 100;
const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');
const KNOWN_CONVERSATION_TYPES = new Set<number>([
  ConversationType.CONVERSATION_TYPE_PEER,
  ConversationType.CONVERSATION_TYPE_ROOM,
  ConversationType.CONVERSATION_TYPE_GROUP,
]);

function requireText(label: string, text: string, maxBytes: number): void {
  if (text.length === 0) throw ZimError.invalidParams(`a ${label} message needs non-empty text`);
  const size = byteLength(text);
  if (size > maxBytes)
    throw ZimError.invalidParams(`${label} text is ${size} bytes; the limit is ${maxBytes}`);
}

const MAX_FILE_NAME_BYTES = 255;
const MAX_URL_LENGTH = 2048;

/** A media message's file: uploaded (file_uid, filled in from the verified ticket) or developer-hosted (URL). */
function requireMedia(content: MessageContent): void {
  const media = content.media;
  if (!media || (!media.fileUid && !media.fileDownloadUrl))
    throw ZimError.invalidParams(
      'a media message needs an uploaded file (file_ticket) or a file_download_url',
    );
  if (byteLength(media.fileName) > MAX_FILE_NAME_BYTES)
    throw ZimError.invalidParams(`file_name is over ${MAX_FILE_NAME_BYTES} bytes`);
  if (media.fileSize < 0) throw ZimError.invalidParams('file_size cannot be negative');
  if (media.fileDownloadUrl) {
    let url: URL | undefined;
    try {
      url = new URL(media.fileDownloadUrl);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || media.fileDownloadUrl.length > MAX_URL_LENGTH)
      throw ZimError.invalidParams(
        `file_download_url must be an http(s) URL of at most ${MAX_URL_LENGTH} characters`,
      );
  }
}

/** Per-type rules (ZIM's message types and the configured limits). */
function validateContent(
  content: MessageContent,
  type: ConversationType,
  limits: MessageLimits,
  allowMedia: boolean,
): { stored: boolean } {
  switch (content.type) {
    case MessageType.MESSAGE_TYPE_TEXT:
      requireText('Text', content.text, limits.textMaxBytes);
      return { stored: true };
    case MessageType.MESSAGE_TYPE_CUSTOM:
      requireText('Custom', content.text, limits.textMaxBytes);
      if (byteLength(content.searchedContent) > limits.searchedContentMaxBytes) {
        throw ZimError.invalidParams(`searchedContent is over ${limits.searchedContentMaxBytes} bytes`);
      }
      return { stored: true };
    case MessageType.MESSAGE_TYPE_COMMAND:
      if (content.data.length === 0)
        throw ZimError.invalidParams('a Command message needs non-empty binary data');
      if (content.data.length > limits.commandMaxBytes) {
        throw ZimError.invalidParams(
          `Command data is ${content.data.length} bytes; the limit is ${limits.commandMaxBytes}`,
        );
      }
      return { stored: false };
    case MessageType.MESSAGE_TYPE_BARRAGE:
      if (type !== ConversationType.CONVERSATION_TYPE_ROOM)
        throw ZimError.invalidParams('Barrage messages can only be sent to rooms');
      requireText('Barrage', content.text, limits.barrageMaxBytes);
      return { stored: false };
    case MessageType.MESSAGE_TYPE_IMAGE:
    case MessageType.MESSAGE_TYPE_FILE:
    case MessageType.MESSAGE_TYPE_AUDIO:
    case MessageType.MESSAGE_TYPE_VIDEO:
      if (!allowMedia) throw ZimError.invalidParams('media messages are sent with SendMediaMessage');
      requireMedia(content);
      return { stored: true };
    default:
      throw ZimError.invalidParams(
        `message type ${content.type} cannot be sent: use Text (1), Command (2), Barrage (20) or Custom (200)`,
      );
  }
}

/**
 * Checks a SendMessage request against ZIM's rules and the configured limits.
 * Throws a ZimError naming the first problem; nothing is stored for a rejected request.
 */
export function validateSendMessage(
  request: SendMessageRequest,
  limits: MessageLimits,
  { allowMedia = false } = {},
): OutgoingMessage {
  const content = request.message;
  if (!content) throw ZimError.invalidParams('message is required');
  if (!request.localMessageId || request.localMessageId.length > MAX_LOCAL_ID_LENGTH) {
    throw ZimError.invalidParams(`localMessageID is required (at most ${MAX_LOCAL_ID_LENGTH} characters)`);
  }
  if (!request.toConversationId || byteLength(request.toConversationId) > MAX_ID_BYTES) {
    throw ZimError.invalidParams(`toConversationID is required (at most ${MAX_ID_BYTES} bytes)`);
  }
  if (!KNOWN_CONVERSATION_TYPES.has(request.conversationType)) {
    throw ZimError.invalidParams(
      `conversation type ${request.conversationType} is unknown: use Peer (0), Room (1) or Group (2)`,
    );
  }
  if (!allowMedia && content.media) throw ZimError.invalidParams('media is only for media messages');
  const { stored } = validateContent(content, request.conversationType, limits, allowMedia);
  if (byteLength(content.extendedData) > limits.extendedDataMaxBytes) {
    throw ZimError.invalidParams(`extendedData is over ${limits.extendedDataMaxBytes} bytes`);
  }
  if (
    content.mentionedUserIds.length > MAX_MENTIONS ||
    content.mentionedUserIds.some((id) => !id || byteLength(id) > MAX_ID_BYTES)
  ) {
    throw ZimError.invalidParams(
      `mentionedUserIDs: at most ${MAX_MENTIONS} user IDs of 1-${MAX_ID_BYTES} bytes`,
    );
  }
  return {
    localMessageId: request.localMessageId,
    toConversationId: request.toConversationId,
    conversationType: request.conversationType,
    content,
    config: request.config,
    stored,
  };
}

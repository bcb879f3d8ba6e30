import {
  ConversationType,
  MessageType,
  type MessageContent,
  type SendMessageRequest,
} from '@parley/contracts';
import { ZimError } from '@parley/platform';
import type { MessageLimits } from '../config';

/** A send request that passed validation: everything needed to store the message. */
export interface OutgoingMessage {
  localMessageId: string;
  toConversationId: string;
  conversationType: ConversationType;
  content: MessageContent;
}

const MAX_ID_BYTES = 32;
const MAX_LOCAL_ID_LENGTH = 64;
const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * Checks a SendMessage request against ZIM's rules and the configured limits.
 * Throws a ZimError naming the first problem; nothing is stored for a rejected request.
 */
export function validateSendMessage(request: SendMessageRequest, limits: MessageLimits): OutgoingMessage {
  const content = request.message;
  if (!content) throw ZimError.invalidParams('message is required');
  if (!request.localMessageId || request.localMessageId.length > MAX_LOCAL_ID_LENGTH) {
    throw ZimError.invalidParams(`localMessageID is required (at most ${MAX_LOCAL_ID_LENGTH} characters)`);
  }
  if (!request.toConversationId || byteLength(request.toConversationId) > MAX_ID_BYTES) {
    throw ZimError.invalidParams(`toConversationID is required (at most ${MAX_ID_BYTES} bytes)`);
  }
  if (request.conversationType !== ConversationType.CONVERSATION_TYPE_PEER) {
    throw ZimError.unsupported(
      'only Peer conversations are supported so far (Room and Group arrive with the conversation service)',
    );
  }
  if (content.type !== MessageType.MESSAGE_TYPE_TEXT) {
    throw ZimError.unsupported(`message type ${content.type} is not supported yet: send Text (1)`);
  }
  if (content.text.length === 0) throw ZimError.invalidParams('a Text message needs non-empty text');
  if (byteLength(content.text) > limits.textMaxBytes) {
    throw ZimError.invalidParams(
      `text is ${byteLength(content.text)} bytes; the limit is ${limits.textMaxBytes}`,
    );
  }
  if (byteLength(content.extendedData) > limits.extendedDataMaxBytes) {
    throw ZimError.invalidParams(`extendedData is over ${limits.extendedDataMaxBytes} bytes`);
  }
  return {
    localMessageId: request.localMessageId,
    toConversationId: request.toConversationId,
    conversationType: request.conversationType,
    content,
  };
}

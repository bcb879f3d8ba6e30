import type { Metadata, ServiceError } from '@grpc/grpc-js';
import {
  type ConversationType,
  type DeleteAllMessageRequest,
  type MessageContent,
  MessageType,
  type MessagingServiceClient,
  type QueryHistoryMessageResponse,
  type SendMessageResponse,
} from '@parley/contracts';
import type { ZIMConversationType } from './enums';
import { toMessageContent, toSendRequest, toZIMMessage } from './message-mapping';
import { type CallerOf, type RetryPolicy, unary, withRetry } from './rpc';
import { type Sender, sendTracked } from './sending';
import type {
  ZIMMessage,
  ZIMMessageDeleteConfig,
  ZIMMessageDeletedResult,
  ZIMMessageInput,
  ZIMMessageQueriedResult,
  ZIMMessageQueryConfig,
  ZIMMessageSendConfig,
  ZIMMessageSendNotification,
  ZIMMessageSentResult,
} from './types';

/** One attempt that hangs becomes a retry instead of a send that never ends. */
const SEND_ATTEMPT_TIMEOUT_MS = 10_000;
/** Relayed, never stored: the server cannot recognise a repeat, so a retry could deliver them twice. */
const RELAYED_TYPES: ReadonlySet<MessageType> = new Set([
  MessageType.MESSAGE_TYPE_COMMAND,
  MessageType.MESSAGE_TYPE_BARRAGE,
]);
const isRelayed = (content: MessageContent) => RELAYED_TYPES.has(content.type);

/** Sending, paging back and deleting messages (ZIM's message methods). */
export class Messages {
  constructor(
    private readonly messaging: MessagingServiceClient,
    private readonly caller: CallerOf,
    private readonly sender: () => Sender,
    private readonly sendRetry: RetryPolicy,
  ) {}

  async sendMessage(
    message: ZIMMessageInput,
    toConversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageSendConfig = {},
    notification?: ZIMMessageSendNotification,
  ): Promise<ZIMMessageSentResult> {
    const content = toMessageContent(message);
    const sent = await sendTracked(
      this.sender(),
      content,
      toConversationID,
      conversationType,
      notification,
      async (localMessageID) => {
        const attempt = () =>
          unary<SendMessageResponse>((done) =>
            this.messaging.sendMessage(
              toSendRequest(content, localMessageID, toConversationID, conversationType, config),
              this.caller().auth,
              { deadline: Date.now() + SEND_ATTEMPT_TIMEOUT_MS },
              done,
            ),
          );
        // Same localMessageID on every attempt: the server answers a repeat with the message it stored.
        const response = await (isRelayed(content) ? attempt() : withRetry(attempt, this.sendRetry));
        return response.message;
      },
    );
    return { message: sent };
  }

  /** ZIM queryHistoryMessage: a page of the conversation as you see it (nothing you deleted). */
  async queryHistoryMessage(
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageQueryConfig,
  ): Promise<ZIMMessageQueriedResult> {
    const caller = this.caller();
    const response = await unary<QueryHistoryMessageResponse>((done) =>
      this.messaging.queryHistoryMessage(
        {
          ...conversationOf(conversationID, conversationType),
          nextMessageSeq: config.nextMessage?.conversationSeq ?? 0,
          count: config.count,
          reverse: config.reverse ?? false,
        },
        caller.auth,
        done,
      ),
    );
    return {
      conversationID,
      conversationType,
      messageList: response.messages.map((m) => toZIMMessage(m, caller.userID)),
    };
  }

  /** ZIM deleteMessages: deletes messages for you only; the other side keeps its copy. */
  deleteMessages(
    messageList: Pick<ZIMMessage, 'messageID'>[],
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageDeleteConfig,
  ): Promise<ZIMMessageDeletedResult> {
    const messageIds = messageList.map((m) => m.messageID);
    return this.deleteIn(conversationID, conversationType, config, (request, auth, done) =>
      this.messaging.deleteMessages({ ...request, messageIds }, auth, done),
    );
  }

  /** ZIM deleteAllMessage: deletes every message of the conversation for you only. */
  deleteAllMessage(
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageDeleteConfig,
  ): Promise<ZIMMessageDeletedResult> {
    return this.deleteIn(conversationID, conversationType, config, (request, auth, done) =>
      this.messaging.deleteAllMessage(request, auth, done),
    );
  }

  /** A deletion in one conversation: `send` makes the call from the request both deletions share. */
  private async deleteIn(
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageDeleteConfig,
    send: (
      request: DeleteAllMessageRequest,
      auth: Metadata,
      done: (err: ServiceError | null, res: unknown) => void,
    ) => void,
  ): Promise<ZIMMessageDeletedResult> {
    const request = {
      ...conversationOf(conversationID, conversationType),
      isAlsoDeleteServerMessage: config.isAlsoDeleteServerMessage,
    };
    const { auth } = this.caller();
    await unary<unknown>((done) => send(request, auth, done));
    return { conversationID, conversationType };
  }
}

/** A conversation as the messaging contract names it. */
const conversationOf = (conversationID: string, conversationType: ZIMConversationType) => ({
  conversationId: conversationID,
  conversationType: conversationType as number as ConversationType,
});

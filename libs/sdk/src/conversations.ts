import { AreaClient } from './area-client';
import {
  type Conversation,
  type ConversationChange,
  ConversationNotificationStatus,
  type ConversationServiceClient,
  type ConversationType,
  type ClearConversationTotalUnreadMessageCountResponse,
  type ClearConversationUnreadMessageCountResponse,
  type DeleteConversationResponse,
  type QueryConversationListResponse,
  type QueryConversationResponse,
  type QueryConversationTotalUnreadMessageCountResponse,
  type SetConversationDraftResponse,
  type SetConversationNotificationStatusResponse,
  type UpdateConversationPinnedStateResponse,
} from '@parley/contracts';
import {
  type ZIMConversationEvent,
  ZIMConversationNotificationStatus,
  type ZIMConversationType,
} from './enums';
import { toZIMMessage } from './message-mapping';
import { required } from './rpc';
import type {
  ZIMConversation,
  ZIMConversationChangeInfo,
  ZIMConversationDeleteConfig,
  ZIMConversationListQueriedResult,
  ZIMConversationOperatedResult,
  ZIMConversationQueriedResult,
  ZIMConversationQueryConfig,
  ZIMConversationTotalUnreadMessageCountQueriedResult,
} from './types';

/** Wire conversation → ZIMConversation; the viewer decides each lastMessage's direction. */
export function toZIMConversation(c: Conversation, viewerUserID: string): ZIMConversation {
  return {
    conversationID: c.conversationId,
    conversationName: c.conversationName,
    conversationAlias: '',
    conversationAvatarUrl: '',
    type: c.type as number as ZIMConversationType,
    unreadMessageCount: c.unreadMessageCount,
    ...(c.lastMessage && { lastMessage: toZIMMessage(c.lastMessage, viewerUserID) }),
    orderKey: c.orderKey,
    // The wire's Unspecified is never stored (a conversation is Notify until set); read it as Notify anyway.
    notificationStatus:
      c.notificationStatus === ConversationNotificationStatus.CONVERSATION_NOTIFICATION_STATUS_DO_NOT_DISTURB
        ? ZIMConversationNotificationStatus.DoNotDisturb
        : ZIMConversationNotificationStatus.Notify,
    isPinned: c.isPinned,
    draft: c.draft,
    isDisabled: c.isDisabled,
    marks: [],
    mentionedInfoList: [],
  };
}

/** A conversationChanged batch → its infoList; an entry without a conversation carries nothing to show. */
export function toZIMConversationChanges(
  changes: ConversationChange[],
  viewerUserID: string,
): ZIMConversationChangeInfo[] {
  return changes.flatMap(({ action, conversation }) => {
    if (!conversation) return [];
    const info = {
      action: action as number as ZIMConversationEvent,
      conversation: toZIMConversation(conversation, viewerUserID),
    };
    return [info];
  });
}

/** The conversation a request is about, as most ConversationService requests name it. */
function target(conversationID: string, conversationType: ZIMConversationType) {
  return { conversationId: conversationID, conversationType: conversationType as number as ConversationType };
}

/** The conversation-list calls of ZIM (ConversationService): each authenticates as the current caller. */
export class Conversations extends AreaClient<ConversationServiceClient> {
  async queryConversationList(config: ZIMConversationQueryConfig): Promise<ZIMConversationListQueriedResult> {
    const { userID } = this.caller();
    // The server pages by the previous page's last entry as the client holds it, so send just its sort fields.
    const next = config.nextConversation;
    const response = await this.call<QueryConversationListResponse>((auth, done) =>
      this.client.queryConversationList(
        {
          nextConversation: next && {
            conversationId: next.conversationID,
            type: next.type as number as ConversationType,
            isPinned: next.isPinned,
            orderKey: next.orderKey,
          },
          count: config.count,
        },
        auth,
        done,
      ),
    );
    return { conversationList: response.conversations.map((c) => toZIMConversation(c, userID)) };
  }

  async queryConversation(
    conversationID: string,
    conversationType: ZIMConversationType,
  ): Promise<ZIMConversationQueriedResult> {
    const { userID } = this.caller();
    const response = await this.call<QueryConversationResponse>((auth, done) =>
      this.client.queryConversation(target(conversationID, conversationType), auth, done),
    );
    return { conversation: toZIMConversation(required(response.conversation, 'the conversation'), userID) };
  }

  async queryConversationTotalUnreadMessageCount(): Promise<ZIMConversationTotalUnreadMessageCountQueriedResult> {
    const response = await this.call<QueryConversationTotalUnreadMessageCountResponse>((auth, done) =>
      this.client.queryConversationTotalUnreadMessageCount({}, auth, done),
    );
    return { totalUnreadMessageCount: response.totalUnreadMessageCount };
  }

  async clearConversationUnreadMessageCount(
    conversationID: string,
    conversationType: ZIMConversationType,
  ): Promise<ZIMConversationOperatedResult> {
    await this.call<ClearConversationUnreadMessageCountResponse>((auth, done) =>
      this.client.clearConversationUnreadMessageCount(target(conversationID, conversationType), auth, done),
    );
    return { conversationID, conversationType };
  }

  async clearConversationTotalUnreadMessageCount(): Promise<void> {
    await this.call<ClearConversationTotalUnreadMessageCountResponse>((auth, done) =>
      this.client.clearConversationTotalUnreadMessageCount({}, auth, done),
    );
  }

  async setConversationNotificationStatus(
    status: ZIMConversationNotificationStatus,
    conversationID: string,
    conversationType: ZIMConversationType,
  ): Promise<ZIMConversationOperatedResult> {
    await this.call<SetConversationNotificationStatusResponse>((auth, done) =>
      this.client.setConversationNotificationStatus(
        {
          ...target(conversationID, conversationType),
          status: status as number as ConversationNotificationStatus,
        },
        auth,
        done,
      ),
    );
    return { conversationID, conversationType };
  }

  async updateConversationPinnedState(
    isPinned: boolean,
    conversationID: string,
    conversationType: ZIMConversationType,
  ): Promise<ZIMConversationOperatedResult> {
    await this.call<UpdateConversationPinnedStateResponse>((auth, done) =>
      this.client.updateConversationPinnedState(
        { ...target(conversationID, conversationType), isPinned },
        auth,
        done,
      ),
    );
    return { conversationID, conversationType };
  }

  async deleteConversation(
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMConversationDeleteConfig = { isAlsoDeleteServerConversation: true },
  ): Promise<ZIMConversationOperatedResult> {
    // Parley keeps no local copy of the list: without the server deletion there is nothing to delete.
    if (config.isAlsoDeleteServerConversation) {
      await this.call<DeleteConversationResponse>((auth, done) =>
        this.client.deleteConversation(target(conversationID, conversationType), auth, done),
      );
    }
    return { conversationID, conversationType };
  }

  async setConversationDraft(
    draft: string,
    conversationID: string,
    conversationType: ZIMConversationType,
  ): Promise<ZIMConversationOperatedResult> {
    await this.call<SetConversationDraftResponse>((auth, done) =>
      this.client.setConversationDraft({ ...target(conversationID, conversationType), draft }, auth, done),
    );
    return { conversationID, conversationType };
  }
}

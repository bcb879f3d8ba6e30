import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  Conversation,
  ConversationChangeAction,
  ConversationNotificationStatus,
  type ConversationServiceClient,
  ConversationType,
} from '@parley/contracts';
import { Conversations, toZIMConversation, toZIMConversationChanges } from './conversations';
import {
  ZIMConversationEvent,
  ZIMConversationNotificationStatus,
  ZIMConversationType,
  ZIMMessageDirection,
} from './enums';
import { ZIMError } from './errors';
import { fakeClient, loggedInAs } from './fake-client.testing';

const groupConversation = (lastSender: string) =>
  Conversation.fromPartial({
    conversationId: 'g1',
    type: ConversationType.CONVERSATION_TYPE_GROUP,
    conversationName: 'Friends',
    unreadMessageCount: 3,
    lastMessage: {
      messageId: '900',
      senderUserId: lastSender,
      conversationId: 'g1',
      conversationType: ConversationType.CONVERSATION_TYPE_GROUP,
      text: 'hi',
    },
    orderKey: 900,
    notificationStatus: ConversationNotificationStatus.CONVERSATION_NOTIFICATION_STATUS_DO_NOT_DISTURB,
    isPinned: true,
    draft: 'half a thought',
    isDisabled: true,
  });

describe('toZIMConversation', () => {
  it('maps every field with ZIM enum numbers and fills what Parley does not keep', () => {
    expect(toZIMConversation(groupConversation('alice'), 'me')).toEqual({
      conversationID: 'g1',
      conversationName: 'Friends',
      conversationAlias: '',
      conversationAvatarUrl: '',
      type: 2, // ZIMConversationType.Group
      unreadMessageCount: 3,
      lastMessage: expect.objectContaining({ messageID: '900', senderUserID: 'alice', message: 'hi' }),
      orderKey: 900,
      notificationStatus: 2, // ZIMConversationNotificationStatus.DoNotDisturb
      isPinned: true,
      draft: 'half a thought',
      isDisabled: true,
      marks: [],
      mentionedInfoList: [],
    });
  });

  it("gives lastMessage the viewer's direction", () => {
    expect(toZIMConversation(groupConversation('me'), 'me').lastMessage?.direction).toBe(
      ZIMMessageDirection.Send,
    );
    expect(toZIMConversation(groupConversation('alice'), 'me').lastMessage?.direction).toBe(
      ZIMMessageDirection.Receive,
    );
  });

  it('leaves lastMessage out when there is none, and reads an unset notification status as Notify', () => {
    const c = toZIMConversation(Conversation.fromPartial({ conversationId: 'bob' }), 'me');
    expect('lastMessage' in c).toBe(false);
    expect(c.type).toBe(ZIMConversationType.Peer);
    expect(c.notificationStatus).toBe(ZIMConversationNotificationStatus.Notify);
  });
});

describe('toZIMConversationChanges', () => {
  it('keeps each action with its conversation and skips entries without one', () => {
    const infos = toZIMConversationChanges(
      [
        {
          action: ConversationChangeAction.CONVERSATION_CHANGE_ACTION_DELETED,
          conversation: groupConversation('alice'),
        },
        { action: ConversationChangeAction.CONVERSATION_CHANGE_ACTION_UPDATED, conversation: undefined },
        {
          action: ConversationChangeAction.CONVERSATION_CHANGE_ACTION_ADDED,
          conversation: Conversation.fromPartial({ conversationId: 'bob' }),
        },
      ],
      'me',
    );
    expect(infos.map((i) => [i.action, i.conversation.conversationID])).toEqual([
      [ZIMConversationEvent.Deleted, 'g1'],
      [ZIMConversationEvent.Added, 'bob'],
    ]);
  });
});

describe('Conversations', () => {
  it('pages from the anchor of the given conversation, authenticated, and maps the page for the caller', async () => {
    const { client, calls } = fakeClient<ConversationServiceClient>({
      queryConversationList: { conversations: [groupConversation('me')] },
    });
    const anchor = toZIMConversation(groupConversation('alice'), 'me');
    const result = await new Conversations(client, loggedInAs('me')).queryConversationList({
      nextConversation: anchor,
      count: 20,
    });
    expect(calls).toEqual([
      {
        method: 'queryConversationList',
        request: {
          nextConversation: {
            conversationId: 'g1',
            type: ConversationType.CONVERSATION_TYPE_GROUP,
            isPinned: true,
            orderKey: 900,
          },
          count: 20,
        },
        authorization: 'Bearer tok',
      },
    ]);
    expect(result.conversationList[0]?.lastMessage?.direction).toBe(ZIMMessageDirection.Send);
  });

  it('sends no anchor for the first page', async () => {
    const { client, calls } = fakeClient<ConversationServiceClient>({
      queryConversationList: { conversations: [] },
    });
    await new Conversations(client, loggedInAs('me')).queryConversationList({ count: 5 });
    expect(calls[0]?.request).toEqual({ nextConversation: undefined, count: 5 });
  });

  it('passes ZIM enum numbers through and echoes the conversation', async () => {
    const { client, calls } = fakeClient<ConversationServiceClient>({
      setConversationNotificationStatus: {},
    });
    const result = await new Conversations(client, loggedInAs('me')).setConversationNotificationStatus(
      ZIMConversationNotificationStatus.DoNotDisturb,
      'g1',
      ZIMConversationType.Group,
    );
    expect(calls[0]?.request).toEqual({
      status: ConversationNotificationStatus.CONVERSATION_NOTIFICATION_STATUS_DO_NOT_DISTURB,
      conversationId: 'g1',
      conversationType: ConversationType.CONVERSATION_TYPE_GROUP,
    });
    expect(result).toEqual({ conversationID: 'g1', conversationType: ZIMConversationType.Group });
  });

  it('deletes on the server by default, and does nothing when only a local copy is to go', async () => {
    const { client, calls } = fakeClient<ConversationServiceClient>({ deleteConversation: {} });
    const conversations = new Conversations(client, loggedInAs('me'));
    await conversations.deleteConversation('bob', ZIMConversationType.Peer);
    await conversations.deleteConversation('bob', ZIMConversationType.Peer, {
      isAlsoDeleteServerConversation: false,
    });
    expect(calls.map((c) => c.request)).toEqual([
      { conversationId: 'bob', conversationType: ConversationType.CONVERSATION_TYPE_PEER },
    ]);
  });

  it("rejects with the server's ZIM code", async () => {
    const err = Object.assign(new Error('not a member'), {
      code: status.PERMISSION_DENIED,
      details: 'not a member',
      metadata: new Metadata(),
    }) as ServiceError;
    err.metadata.set('zim-error-code', '6000231');
    const { client } = fakeClient<ConversationServiceClient>({ queryConversation: err });
    await expect(
      new Conversations(client, loggedInAs('me')).queryConversation('g1', ZIMConversationType.Group),
    ).rejects.toMatchObject({ name: 'ZIMError', code: 6000231, message: 'not a member' });
  });

  it('rejects without calling the server when nobody is logged in', async () => {
    const { client, calls } = fakeClient<ConversationServiceClient>({
      queryConversationTotalUnreadMessageCount: { totalUnreadMessageCount: 1 },
    });
    const loggedOut = () => {
      throw new ZIMError(6000121, 'not logged in');
    };
    await expect(
      new Conversations(client, loggedOut).queryConversationTotalUnreadMessageCount(),
    ).rejects.toMatchObject({ code: 6000121 });
    expect(calls).toEqual([]);
  });
});

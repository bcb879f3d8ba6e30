import {
  ConversationChangeAction,
  ConversationType,
  Message,
  type SubscribeResponse,
} from '@parley/contracts';
import {
  ZIMConversationEvent,
  ZIMGroupMemberEvent,
  ZIMGroupMemberRole,
  ZIMGroupMemberState,
  ZIMMessageDeleteType,
  ZIMMessageDirection,
} from './enums';
import { receiveEvents, streamEventToZIM } from './event-mapping';

type StreamEvent = SubscribeResponse['event'];

const peer = (id: string, from: string) =>
  Message.fromPartial({
    messageId: id,
    senderUserId: from,
    conversationId: from,
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
  });
const group = (id: string, groupID: string) =>
  Message.fromPartial({
    messageId: id,
    senderUserId: 'x',
    conversationId: groupID,
    conversationType: ConversationType.CONVERSATION_TYPE_GROUP,
  });

describe('receiveEvents', () => {
  it('raises one event per conversation, with the right name, keeping message order', () => {
    const emissions = receiveEvents(
      [peer('1', 'alice'), group('2', 'g'), peer('3', 'alice'), peer('4', 'bob')],
      'me',
      true,
    );
    expect(
      emissions.map((e) => [
        e.name,
        'fromConversationID' in e.data ? e.data.fromConversationID : '',
        'messageList' in e.data ? e.data.messageList.map((m) => m.messageID) : [],
      ]),
    ).toEqual([
      ['receivePeerMessage', 'alice', ['1', '3']],
      ['receiveGroupMessage', 'g', ['2']],
      ['receivePeerMessage', 'bob', ['4']],
    ]);
    expect(emissions.every((e) => 'info' in e.data && e.data.info.isOfflineMessage)).toBe(true);
  });
});

describe('streamEventToZIM', () => {
  it('maps a whole-conversation deletion to ConversationAllMessagesDeleted', () => {
    const event: StreamEvent = {
      $case: 'messageDeleted',
      value: {
        conversationId: 'bob',
        conversationType: ConversationType.CONVERSATION_TYPE_PEER,
        messageIds: [],
        isDeleteConversationAllMessage: true,
      },
    };
    expect(streamEventToZIM({ event }, 'me')).toMatchObject({
      name: 'messageDeleted',
      data: {
        conversationID: 'bob',
        messageDeleteType: ZIMMessageDeleteType.ConversationAllMessagesDeleted,
        messageList: [],
      },
    });
  });

  it("maps a conversationChanged batch with each lastMessage from the viewer's side", () => {
    const event: StreamEvent = {
      $case: 'conversationChanged',
      value: {
        changes: [
          {
            action: ConversationChangeAction.CONVERSATION_CHANGE_ACTION_UPDATED,
            conversation: {
              conversationId: 'bob',
              type: ConversationType.CONVERSATION_TYPE_PEER,
              conversationName: '',
              unreadMessageCount: 0,
              lastMessage: peer('7', 'me'),
              orderKey: 7,
              notificationStatus: 0,
              isPinned: false,
              draft: '',
              isDisabled: false,
            },
          },
        ],
      },
    };
    const emission = streamEventToZIM({ event }, 'me');
    expect(emission?.name).toBe('conversationChanged');
    const infoList = emission?.name === 'conversationChanged' ? emission.data.infoList : [];
    expect(
      infoList.map((i) => [i.action, i.conversation.conversationID, i.conversation.lastMessage?.direction]),
    ).toEqual([[ZIMConversationEvent.Updated, 'bob', ZIMMessageDirection.Send]]);
  });

  it('raises nothing for a conversationChanged batch with no conversation in it', () => {
    const event: StreamEvent = {
      $case: 'conversationChanged',
      value: {
        changes: [
          { action: ConversationChangeAction.CONVERSATION_CHANGE_ACTION_ADDED, conversation: undefined },
        ],
      },
    };
    expect(streamEventToZIM({ event }, 'me')).toBeUndefined();
  });

  it('maps the total unread count update', () => {
    const event: StreamEvent = {
      $case: 'conversationTotalUnreadMessageCountUpdated',
      value: { totalUnreadMessageCount: 12 },
    };
    expect(streamEventToZIM({ event }, 'me')).toEqual({
      name: 'conversationTotalUnreadMessageCountUpdated',
      data: { totalUnreadMessageCount: 12 },
    });
  });

  it.each([
    [true, 'roomMemberJoined'],
    [false, 'roomMemberLeft'],
  ])('maps room members changed (joined %p) to %s with ZIMUserInfo entries', (joined, name) => {
    const event: StreamEvent = {
      $case: 'roomMembersChanged',
      value: { roomId: 'r1', userIds: ['ann', 'bo'], joined },
    };
    expect(streamEventToZIM({ event }, 'me')).toEqual({
      name,
      data: {
        roomID: 'r1',
        memberList: [
          { userID: 'ann', userName: '' },
          { userID: 'bo', userName: '' },
        ],
      },
    });
  });

  it("maps a group member state change with ZIM's numbers", () => {
    const event: StreamEvent = {
      $case: 'groupMemberStateChanged',
      value: { groupId: 'g1', state: 0, event: 4, userIds: ['ann'], operatorUserId: 'owner' },
    };
    const member = (userID: string) => ({
      userID,
      userName: '',
      memberNickname: '',
      memberRole: 3,
      memberAvatarUrl: '',
    });
    expect(streamEventToZIM({ event }, 'me')).toEqual({
      name: 'groupMemberStateChanged',
      data: { groupID: 'g1', state: 0, event: 4, userList: [member('ann')], operatedInfo: member('owner') },
    });
    // The numbers are ZIM's, whatever the enum members are called.
    expect([ZIMGroupMemberState.Quit, ZIMGroupMemberState.Enter]).toEqual([0, 1]);
    expect([
      ZIMGroupMemberEvent.Joined,
      ZIMGroupMemberEvent.Left,
      ZIMGroupMemberEvent.KickedOut,
      ZIMGroupMemberEvent.Invited,
    ]).toEqual([1, 2, 4, 5]);
    expect(ZIMGroupMemberRole.Member).toBe(3);
  });
});

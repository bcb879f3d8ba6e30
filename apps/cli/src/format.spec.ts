import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  type ZIMConversation,
  ZIMConversationEvent,
  ZIMConversationNotificationStatus,
  ZIMConversationType,
  ZIMMessageDeleteType,
  type ZIMMessage,
  ZIMMessageType,
} from '@parley/sdk';
import {
  conversationRows,
  conversationTable,
  eventJSONLine,
  eventLine,
  eventText,
  formatBytes,
  jsonLine,
  messageLine,
  messagePreview,
} from './format';
import { message as fixtureMessage } from './commands.testing';

const at = new Date('2030-01-02T03:04:05.678Z');

/** The commands' message fixture, sent at 2030-01-02T03:04:05Z with seq 7. */
const message = (overrides: Partial<ZIMMessage> = {}): ZIMMessage =>
  fixtureMessage({ timestamp: Date.UTC(2030, 0, 2, 3, 4, 5), conversationSeq: 7, orderKey: 7, ...overrides });

function conversation(overrides: Partial<ZIMConversation> = {}): ZIMConversation {
  return {
    conversationID: 'alice',
    conversationName: '',
    conversationAlias: '',
    conversationAvatarUrl: '',
    type: ZIMConversationType.Peer,
    unreadMessageCount: 2,
    lastMessage: message(),
    orderKey: 1,
    notificationStatus: ZIMConversationNotificationStatus.Notify,
    isPinned: false,
    draft: '',
    isDisabled: false,
    marks: [],
    mentionedInfoList: [],
    ...overrides,
  };
}

describe('message previews', () => {
  it('shows text on one line, and files and commands by what they are', () => {
    expect(messagePreview(message({ message: 'two\nlines' }))).toBe('two\u21b5lines');
    expect(messagePreview(message({ type: ZIMMessageType.Command, message: new Uint8Array(3) }))).toBe(
      '[command, 3 B]',
    );
    expect(
      messagePreview(
        message({ type: ZIMMessageType.Image, message: '', fileName: 'cat.png', fileSize: 2048 }),
      ),
    ).toBe('[image cat.png, 2.0 KiB]');
    expect(messagePreview(message({ type: ZIMMessageType.Custom, subType: 3, message: 'x' }))).toBe(
      '[custom 3] x',
    );
  });

  it('formats sizes', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
  });

  it('prints a history line with seq, time, sender and ID', () => {
    expect(messageLine(message())).toBe('#7 2030-01-02T03:04:05.000Z alice: hello (id m1)');
  });
});

describe('listen lines', () => {
  it('start with the time and name the event', () => {
    const line = eventLine(
      'receivePeerMessage',
      { messageList: [message()], fromConversationID: 'alice', info: { isOfflineMessage: false } },
      at,
    );
    expect(line).toBe('2030-01-02T03:04:05.678Z receivePeerMessage peer:alice #7 alice: hello');
  });

  it('put every message of a batch on the one line, and flag offline ones', () => {
    const text = eventText('receiveGroupMessage', {
      messageList: [
        message({ conversationType: ZIMConversationType.Group, conversationID: 'team' }),
        message({
          conversationType: ZIMConversationType.Group,
          conversationID: 'team',
          conversationSeq: 8,
          message: 'yo',
        }),
      ],
      fromConversationID: 'team',
      info: { isOfflineMessage: true },
    });
    expect(text).toBe('receiveGroupMessage group:team (offline) #7 alice: hello | #8 alice: yo');
  });

  it('describe connection, conversation, unread and deletion events', () => {
    expect(
      eventText('connectionStateChanged', {
        state: ZIMConnectionState.Disconnected,
        event: ZIMConnectionEvent.KickedOut,
        extendedData: 'another login',
      }),
    ).toBe('connectionStateChanged Disconnected (KickedOut): another login');
    expect(
      eventText('conversationChanged', {
        infoList: [{ action: ZIMConversationEvent.Updated, conversation: conversation() }],
      }),
    ).toBe('conversationChanged Updated peer:alice unread 2 last alice: hello');
    expect(eventText('conversationTotalUnreadMessageCountUpdated', { totalUnreadMessageCount: 5 })).toBe(
      'conversationTotalUnreadMessageCountUpdated total unread 5',
    );
    expect(
      eventText('messageDeleted', {
        conversationID: 'bob',
        conversationType: ZIMConversationType.Peer,
        messageDeleteType: ZIMMessageDeleteType.MessageListDeleted,
        isDeleteConversationAllMessage: false,
        messageList: [{ messageID: 'm1', conversationID: 'bob', conversationType: ZIMConversationType.Peer }],
      }),
    ).toBe('messageDeleted peer:bob 1 message(s): m1');
    expect(eventText('error', { code: 6000101, message: 'offline sync failed' })).toBe(
      'error 6000101: offline sync failed',
    );
  });

  it('describe membership events in ZIM shape or the wire shape, and anything else as JSON', () => {
    expect(
      eventText('groupMemberStateChanged', {
        groupID: 'team',
        state: 1,
        event: 1,
        userList: [{ userID: 'carol' }, { userID: 'dave' }],
        operatedInfo: { userID: 'alice' },
      }),
    ).toBe('groupMemberStateChanged group:team Joined (Enter) users carol, dave by alice');
    expect(
      eventText('groupMemberStateChanged', {
        groupId: 'team',
        state: 0,
        event: 4,
        userIds: ['dave'],
        operatorUserId: 'alice',
      }),
    ).toBe('groupMemberStateChanged group:team KickedOut (Quit) users dave by alice');
    expect(
      eventText('roomMemberJoined', { roomID: 'lobby', memberList: [{ userID: 'erin', userName: '' }] }),
    ).toBe('roomMemberJoined room:lobby users erin');
    expect(eventText('somethingNew', { a: 1 })).toBe('somethingNew {"a":1}');
  });
});

describe('JSON lines', () => {
  it('are {"event", "data"} with bytes as base64', () => {
    const data = {
      messageList: [message({ type: ZIMMessageType.Command, message: new Uint8Array([1, 2, 255]) })],
      fromConversationID: 'alice',
      info: { isOfflineMessage: false },
    };
    const line = eventJSONLine('receivePeerMessage', data);
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line) as { event: string; data: { messageList: { message: string }[] } };
    expect(parsed.event).toBe('receivePeerMessage');
    expect(parsed.data.messageList[0]?.message).toBe(Buffer.from([1, 2, 255]).toString('base64'));
  });

  it('turn Buffers and bigints into strings', () => {
    expect(jsonLine({ b: Buffer.from('hi'), n: BigInt(5), list: [new Uint8Array([0])] })).toBe(
      '{"b":"aGk=","n":"5","list":["AA=="]}',
    );
  });
});

describe('conversation table', () => {
  it('has one row per conversation: type, ID, name, unread, pinned, DND, last message', () => {
    expect(
      conversationRows([
        conversation(),
        conversation({
          conversationID: 'team',
          conversationName: 'The team',
          type: ZIMConversationType.Group,
          unreadMessageCount: 0,
          isPinned: true,
          notificationStatus: ZIMConversationNotificationStatus.DoNotDisturb,
          lastMessage: undefined,
          draft: 'later',
        }),
        conversation({ lastMessage: message({ message: 'x'.repeat(100) }) }),
        conversation({
          conversationID: 'old',
          conversationName: 'Old team',
          type: ZIMConversationType.Group,
          isDisabled: true,
        }),
      ]),
    ).toEqual([
      ['peer', 'alice', '', '2', '', '', 'alice: hello'],
      ['group', 'team', 'The team', '0', 'yes', 'yes', 'draft: later'],
      ['peer', 'alice', '', '2', '', '', `alice: ${'x'.repeat(40)}\u2026`],
      ['group', 'old', 'Old team (not a member)', '2', '', '', 'alice: hello'],
    ]);
  });

  it('renders with a header and the total unread count', () => {
    const table = conversationTable([conversation()], 2);
    expect(table).toContain('Last message');
    expect(table).toContain('alice: hello');
    expect(table.split('\n').pop()).toBe('Total unread: 2');
    expect(conversationTable([], 0)).toMatch(/^No conversations yet\./);
  });
});

import { ConversationType, Message, type SubscribeResponse } from '@parley/contracts';
import { ZIMMessageDeleteType } from './enums';
import { receiveEvents, streamEventToZIM } from './event-mapping';

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
    const event: SubscribeResponse = {
      event: {
        $case: 'messageDeleted',
        value: {
          conversationId: 'bob',
          conversationType: ConversationType.CONVERSATION_TYPE_PEER,
          messageIds: [],
          isDeleteConversationAllMessage: true,
        },
      },
    };
    expect(streamEventToZIM(event)).toMatchObject({
      name: 'messageDeleted',
      data: {
        conversationID: 'bob',
        messageDeleteType: ZIMMessageDeleteType.ConversationAllMessagesDeleted,
        messageList: [],
      },
    });
  });
});

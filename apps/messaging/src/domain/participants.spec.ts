import { ConversationType, MessageType } from '@parley/contracts';
import { ZimErrorCode } from '@parley/platform';
import type { OutgoingMessage } from './outgoing-message';
import { participantsOf } from './participants';

const ann = { appId: 'app', userId: 'ann', sessionId: 's', platform: 1 };
const to = (conversationType: ConversationType, toConversationId: string) =>
  ({
    conversationType,
    toConversationId,
    localMessageId: 'l1',
    content: { type: MessageType.MESSAGE_TYPE_TEXT },
  }) as unknown as OutgoingMessage;

describe('who a message is for', () => {
  it('a peer message goes to the pair, whatever the membership tables say', () => {
    expect(participantsOf(ann, to(ConversationType.CONVERSATION_TYPE_PEER, 'bob'), [])).toEqual([
      'ann',
      'bob',
    ]);
  });

  it('a group message goes to every member when the sender is one', () => {
    const members = ['ann', 'bob', 'cat'];
    expect(participantsOf(ann, to(ConversationType.CONVERSATION_TYPE_GROUP, 'g1'), members)).toEqual(members);
  });

  it.each([
    [ConversationType.CONVERSATION_TYPE_GROUP, 'you are not a member of group g1'],
    [ConversationType.CONVERSATION_TYPE_ROOM, 'you are not in room g1'],
  ])('refuses a sender who is not in the group or room (type %s)', (type, message) => {
    expect(() => participantsOf(ann, to(type, 'g1'), ['bob'])).toThrow(
      expect.objectContaining({ code: ZimErrorCode.MessageNotAllowed, message }),
    );
  });
});

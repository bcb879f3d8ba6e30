import { ConversationType } from './generated/parley/common/v1/types';
import { conversationKey, peerConversationIdFor } from './conversation-key';

describe('conversationKey', () => {
  it('gives both sides of a peer conversation the same key', () => {
    expect(conversationKey(ConversationType.CONVERSATION_TYPE_PEER, 'alice', 'bob')).toBe(
      conversationKey(ConversationType.CONVERSATION_TYPE_PEER, 'bob', 'alice'),
    );
  });

  it('keeps group and room keys apart from each other and from peers', () => {
    const keys = [
      conversationKey(ConversationType.CONVERSATION_TYPE_PEER, 'x', 'y'),
      conversationKey(ConversationType.CONVERSATION_TYPE_GROUP, 'x', 'y'),
      conversationKey(ConversationType.CONVERSATION_TYPE_ROOM, 'x', 'y'),
    ];
    expect(new Set(keys).size).toBe(3);
  });

  it('does not confuse users whose IDs contain the separator', () => {
    expect(conversationKey(ConversationType.CONVERSATION_TYPE_PEER, 'a:b', 'c')).not.toBe(
      conversationKey(ConversationType.CONVERSATION_TYPE_PEER, 'a', 'b:c'),
    );
  });
});

describe('peerConversationIdFor', () => {
  it('shows each side the other user', () => {
    expect(peerConversationIdFor('alice', 'alice', 'bob')).toBe('bob');
    expect(peerConversationIdFor('bob', 'alice', 'bob')).toBe('alice');
  });
});

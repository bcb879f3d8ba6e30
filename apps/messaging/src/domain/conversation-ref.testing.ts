import { ConversationType } from '@parley/contracts';
import { ZimErrorCode } from '@parley/platform';
import { expectZimError } from '@parley/testing';

/** Conversation references validateConversationRef refuses (6000001). */
export const BAD_CONVERSATION_REFS: [what: string, conversationId: string, type: ConversationType][] = [
  ['no conversation ID', '', ConversationType.CONVERSATION_TYPE_PEER],
  ['a conversation ID over 32 bytes', 'é'.repeat(17), ConversationType.CONVERSATION_TYPE_GROUP],
  ['an unknown conversation type', 'bob', 7 as ConversationType],
];

/**
 * The cases of every use case that takes a conversation reference: each bad one is refused with
 * 6000001 and `used` (what the fake repository recorded) stays empty.
 */
export function itRefusesBadConversationRefs(
  start: () => {
    attempt: (ref: { conversationId: string; conversationType: ConversationType }) => Promise<unknown>;
    used: unknown[];
  },
): void {
  it.each(BAD_CONVERSATION_REFS)(
    'refuses %s with 6000001',
    async (_what, conversationId, conversationType) => {
      const { attempt, used } = start();
      await expectZimError(attempt({ conversationId, conversationType }), ZimErrorCode.InvalidParams);
      expect(used).toEqual([]);
    },
  );
}

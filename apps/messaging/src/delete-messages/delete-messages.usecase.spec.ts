import {
  ConversationType,
  conversationKey,
  type DeleteAllMessageRequest,
  type DeleteMessagesRequest,
} from '@parley/contracts';
import { type OutboxRelay, ZimError, ZimErrorCode } from '@parley/platform';
import { expectZimError, FakeOutbox, principal } from '@parley/testing';
import { itRefusesBadConversationRefs } from '../domain/conversation-ref.testing';
import type { HistoryRepository } from '../repositories/history.repository';
import { DeleteMessagesUseCase } from './delete-messages.usecase';

const ann = principal('ann');
const annAndBob = conversationKey(ConversationType.CONVERSATION_TYPE_PEER, 'ann', 'bob');

/**
 * Per-user deletion in memory. Like the repository, it refuses IDs that are not messages of the
 * conversation (changing nothing), and notes how many outbox flushes had been asked for when each
 * deletion committed: the MessagesDeleted event is only in the outbox once it has.
 */
function fakeHistory(outbox: FakeOutbox, messagesByKey: Record<string, bigint[]>) {
  const deletions: {
    userId: string;
    key: string;
    what: bigint[] | 'all';
    requestId: string;
    flushesBefore: number;
  }[] = [];
  const repo: Pick<HistoryRepository, 'deleteMessages' | 'deleteAll'> = {
    async deleteMessages(user, conversation, ids, requestId) {
      const missing = ids.filter((id) => !(messagesByKey[conversation.key] ?? []).includes(id));
      if (missing.length > 0)
        throw ZimError.invalidParams(`not messages of this conversation: ${missing.join(', ')}`);
      deletions.push({
        userId: user.userId,
        key: conversation.key,
        what: ids,
        requestId,
        flushesBefore: outbox.flushes,
      });
    },
    async deleteAll(user, conversation, requestId) {
      deletions.push({
        userId: user.userId,
        key: conversation.key,
        what: 'all',
        requestId,
        flushesBefore: outbox.flushes,
      });
    },
  };
  return { repo: repo as HistoryRepository, deletions };
}

function setUp() {
  const outbox = new FakeOutbox();
  const history = fakeHistory(outbox, { [annAndBob]: [5n, 6n, 7n] });
  const useCase = new DeleteMessagesUseCase(history.repo, outbox as unknown as OutboxRelay);
  return { useCase, outbox, deletions: history.deletions };
}

const toBob = {
  conversationId: 'bob',
  conversationType: ConversationType.CONVERSATION_TYPE_PEER,
  isAlsoDeleteServerMessage: true,
};
const deleting = (
  messageIds: string[],
  overrides: Partial<DeleteMessagesRequest> = {},
): DeleteMessagesRequest => ({
  messageIds,
  ...toBob,
  ...overrides,
});
const clearing = (overrides: Partial<DeleteAllMessageRequest> = {}): DeleteAllMessageRequest => ({
  ...toBob,
  ...overrides,
});

describe('DeleteMessagesUseCase.deleteMessages', () => {
  it("deletes the messages from the caller's view once each, then flushes the outbox after the commit", async () => {
    const { useCase, outbox, deletions } = setUp();
    await useCase.deleteMessages(ann, deleting(['5', '7', '5']), 'r1');
    expect(deletions).toEqual([
      { userId: 'ann', key: annAndBob, what: [5n, 7n], requestId: 'r1', flushesBefore: 0 },
    ]);
    expect(outbox.flushes).toBe(1);
  });

  it('accepts up to 50 IDs in one call', async () => {
    const { useCase, deletions } = setUp();
    await useCase.deleteMessages(ann, deleting(Array(50).fill('6')), 'r1');
    expect(deletions).toHaveLength(1);
  });

  it.each([
    ['no ID', [], 'messageIDs: 1-50'],
    ['51 IDs', Array(51).fill('6'), 'messageIDs: 1-50'],
    ['an ID that is not a number', ['5', 'abc'], 'is not a message ID'],
    ['a negative ID', ['-5'], 'is not a message ID'],
    ['an ID of 20 digits', ['1'.repeat(20)], 'is not a message ID'],
  ])('refuses %s with 6000001, deleting nothing', async (_what, ids, words) => {
    const { useCase, outbox, deletions } = setUp();
    await expectZimError(useCase.deleteMessages(ann, deleting(ids), 'r1'), ZimErrorCode.InvalidParams, words);
    expect(deletions).toEqual([]);
    expect(outbox.flushes).toBe(0);
  });

  it('deletes nothing without isAlsoDeleteServerMessage, but still validates the request', async () => {
    const { useCase, outbox, deletions } = setUp();
    const clientOnly = { isAlsoDeleteServerMessage: false };
    await useCase.deleteMessages(ann, deleting(['5'], clientOnly), 'r1');
    await expectZimError(
      useCase.deleteMessages(ann, deleting(['x'], clientOnly), 'r2'),
      ZimErrorCode.InvalidParams,
    );
    expect(deletions).toEqual([]);
    expect(outbox.flushes).toBe(0);
  });

  it('asks for no flush when the deletion is refused (an ID of another conversation)', async () => {
    const { useCase, outbox } = setUp();
    await expectZimError(
      useCase.deleteMessages(ann, deleting(['5', '99']), 'r1'),
      ZimErrorCode.InvalidParams,
      '99',
    );
    expect(outbox.flushes).toBe(0);
  });
});

describe('DeleteMessagesUseCase.deleteAll', () => {
  it("clears the caller's view of the conversation, then flushes the outbox after the commit", async () => {
    const { useCase, outbox, deletions } = setUp();
    await useCase.deleteAll(ann, clearing(), 'r1');
    expect(deletions).toEqual([
      { userId: 'ann', key: annAndBob, what: 'all', requestId: 'r1', flushesBefore: 0 },
    ]);
    expect(outbox.flushes).toBe(1);
  });

  it('clears nothing without isAlsoDeleteServerMessage', async () => {
    const { useCase, outbox, deletions } = setUp();
    await useCase.deleteAll(ann, clearing({ isAlsoDeleteServerMessage: false }), 'r1');
    expect(deletions).toEqual([]);
    expect(outbox.flushes).toBe(0);
  });
});

describe('DeleteMessagesUseCase: the conversation reference', () => {
  describe('deleteMessages', () =>
    itRefusesBadConversationRefs(() => {
      const { useCase, deletions } = setUp();
      return { attempt: (ref) => useCase.deleteMessages(ann, deleting(['5'], ref), 'r1'), used: deletions };
    }));
  describe('deleteAll', () =>
    itRefusesBadConversationRefs(() => {
      const { useCase, deletions } = setUp();
      return { attempt: (ref) => useCase.deleteAll(ann, clearing(ref), 'r1'), used: deletions };
    }));
});

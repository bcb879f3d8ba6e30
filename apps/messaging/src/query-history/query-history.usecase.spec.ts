import {
  ConversationType,
  conversationKey,
  Message,
  type QueryHistoryMessageRequest,
} from '@parley/contracts';
import { type SessionPrincipal, ZimErrorCode } from '@parley/platform';
import { expectZimError, principal } from '@parley/testing';
import { itRefusesBadConversationRefs } from '../domain/conversation-ref.testing';
import type { ConversationRef, HistoryRepository } from '../repositories/history.repository';
import type { MembershipRepository } from '../repositories/membership.repository';
import { QueryHistoryUseCase } from './query-history.usecase';

const {
  CONVERSATION_TYPE_PEER: PEER,
  CONVERSATION_TYPE_GROUP: GROUP,
  CONVERSATION_TYPE_ROOM: ROOM,
} = ConversationType;
const ann = principal('ann');
const bob = principal('bob');

/** Pages of stored history by conversation key; every read is recorded with what it asked for. */
function fakeHistory(byKey: Record<string, Message[]>) {
  const reads: {
    userId: string;
    conversation: ConversationRef;
    cursor: number;
    count: number;
    reverse: boolean;
  }[] = [];
  const repo: Pick<HistoryRepository, 'page'> = {
    async page(user, conversation, cursor, count, reverse) {
      reads.push({ userId: user.userId, conversation, cursor, count, reverse });
      return byKey[conversation.key] ?? [];
    },
  };
  return { repo: repo as HistoryRepository, reads };
}

/** The membership projection: the members of each `type/id`, in app 1001 only. */
function fakeMembership(members: Record<string, string[]>) {
  const repo: Pick<MembershipRepository, 'isMember'> = {
    async isMember(appId, type, conversationId, userId) {
      return appId === '1001' && (members[`${type}/${conversationId}`] ?? []).includes(userId);
    },
  };
  return repo as MembershipRepository;
}

const peerMessage = Message.fromPartial({ messageId: '1', senderUserId: 'ann', text: 'hi bob' });
const groupMessage = Message.fromPartial({ messageId: '2', senderUserId: 'cat', text: 'hi all' });

function setUp() {
  const history = fakeHistory({
    [conversationKey(PEER, 'ann', 'bob')]: [peerMessage],
    [conversationKey(GROUP, 'ann', 'g1')]: [groupMessage],
  });
  const membership = fakeMembership({ [`${GROUP}/g1`]: ['ann', 'cat'], [`${ROOM}/r1`]: ['cat'] });
  const useCase = new QueryHistoryUseCase(history.repo, membership);
  const query = (user: SessionPrincipal, request: Partial<QueryHistoryMessageRequest>) =>
    useCase.execute(user, {
      conversationId: 'bob',
      conversationType: PEER,
      nextMessageSeq: 0,
      count: 0,
      reverse: true,
      ...request,
    });
  return { query, reads: history.reads };
}

describe('QueryHistoryUseCase', () => {
  it('answers a page of the conversation under the ID the caller gave', async () => {
    const { query } = setUp();
    expect(await query(ann, {})).toEqual({
      conversationId: 'bob',
      conversationType: PEER,
      messages: [peerMessage],
    });
  });

  it('reads the same peer conversation for both sides, with no membership needed', async () => {
    const { query } = setUp();
    const fromBob = await query(bob, { conversationId: 'ann' });
    expect(fromBob).toEqual({ conversationId: 'ann', conversationType: PEER, messages: [peerMessage] });
  });

  it('pages with 20 messages when count is 0, and passes the cursor and direction on', async () => {
    const { query, reads } = setUp();
    await query(ann, {});
    await query(ann, { count: 100, nextMessageSeq: 41, reverse: false });
    expect(reads.map(({ cursor, count, reverse }) => ({ cursor, count, reverse }))).toEqual([
      { cursor: 0, count: 20, reverse: true },
      { cursor: 41, count: 100, reverse: false },
    ]);
  });

  it.each([
    ['a count over 100', { count: 101 }, 'count must be 1-100'],
    ['a negative count', { count: -1 }, 'count must be 1-100'],
    ['a negative cursor', { nextMessageSeq: -1 }, 'nextMessage'],
    ['a cursor beyond safe integers', { nextMessageSeq: 2 ** 53 }, 'nextMessage'],
  ])('refuses %s with 6000001 without reading history', async (_what, request, words) => {
    const { query, reads } = setUp();
    await expectZimError(query(ann, request), ZimErrorCode.InvalidParams, words);
    expect(reads).toEqual([]);
  });

  itRefusesBadConversationRefs(() => {
    const { query, reads } = setUp();
    return { attempt: (ref) => query(ann, ref), used: reads };
  });

  it("shows a group's history to its members", async () => {
    const { query } = setUp();
    const page = await query(ann, { conversationId: 'g1', conversationType: GROUP });
    expect(page.messages).toEqual([groupMessage]);
  });

  it.each([
    ['the group', 'bob', 'g1', GROUP],
    ['the room', 'ann', 'r1', ROOM],
    ['a room that has the ID of their group', 'ann', 'g1', ROOM],
  ])(
    'refuses a caller who is not a member of %s with 6000231',
    async (_what, userId, conversationId, type) => {
      const { query, reads } = setUp();
      await expectZimError(
        query(principal(userId), { conversationId, conversationType: type }),
        ZimErrorCode.MessageNotAllowed,
        conversationId,
      );
      expect(reads).toEqual([]);
    },
  );

  it('does not take a membership in one app for the same group ID in another', async () => {
    const { query } = setUp();
    const elsewhere = principal('ann', { appId: '2002' });
    await expectZimError(
      query(elsewhere, { conversationId: 'g1', conversationType: GROUP }),
      ZimErrorCode.MessageNotAllowed,
    );
  });
});

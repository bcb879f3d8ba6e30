import { Message, type SyncInboxRequest } from '@parley/contracts';
import { type SessionPrincipal, ZimErrorCode } from '@parley/platform';
import { expectZimError, principal } from '@parley/testing';
import type { InboxRepository } from '../repositories/inbox.repository';
import { SyncInboxUseCase } from './sync-inbox.usecase';

const annPhone = principal('ann', { platform: 2 });
/** Another device of ann's, never seen: it starts from the beginning. */
const annDesktop = principal('ann', { platform: 4 });
const device = (d: SessionPrincipal) => `${d.appId}/${d.userId}/${d.platform}`;

/**
 * One user's inbox (its messages' inbox seqs, with gaps where the user deleted one) and each device's
 * acknowledged position, with the repository's contract: pages after a position, positions that never move back.
 */
function fakeInbox(inboxSeqs: number[], acked: Record<string, number>) {
  const pages: { after: number; limit: number }[] = [];
  const repo: Pick<InboxRepository, 'acknowledged' | 'acknowledge' | 'page'> = {
    async acknowledged(d) {
      return acked[device(d)] ?? 0;
    },
    async acknowledge(d, seq) {
      acked[device(d)] = Math.max(acked[device(d)] ?? 0, seq);
      return acked[device(d)] ?? 0;
    },
    async page(_user, afterSeq, limit) {
      pages.push({ after: afterSeq, limit });
      const seqs = inboxSeqs.filter((s) => s > afterSeq);
      const messages = seqs
        .slice(0, limit)
        .map((s) => Message.fromPartial({ messageId: `m${s}`, inboxSeq: s }));
      return {
        messages,
        afterSeq,
        lastSeq: messages.at(-1)?.inboxSeq ?? afterSeq,
        hasMore: seqs.length > limit,
      };
    },
  };
  return { repo: repo as InboxRepository, pages, acked };
}

function setUp() {
  const inbox = fakeInbox([1, 2, 3, 5, 6], { [device(annPhone)]: 2 });
  const useCase = new SyncInboxUseCase(inbox.repo);
  const sync = (d: SessionPrincipal, request: Partial<SyncInboxRequest> = {}) =>
    useCase.sync(d, { start: undefined, limit: 0, ...request });
  return { useCase, sync, pages: inbox.pages, acked: inbox.acked };
}

const seqsOf = (messages: Message[]) => messages.map((m) => m.inboxSeq);

describe('SyncInboxUseCase.sync', () => {
  it.each([
    ['no start', undefined],
    ['fromAcknowledged', { $case: 'fromAcknowledged' as const, value: true }],
  ])('with %s, resumes after what this device acknowledged', async (_what, start) => {
    const { sync } = setUp();
    const page = await sync(annPhone, { start });
    expect(page).toEqual({ messages: expect.any(Array), afterInboxSeq: 2, lastInboxSeq: 6, hasMore: false });
    expect(seqsOf(page.messages)).toEqual([3, 5, 6]);
  });

  it('starts after the position given, even 0, whatever the device acknowledged', async () => {
    const { sync } = setUp();
    const fromStart = await sync(annPhone, { start: { $case: 'afterInboxSeq', value: 0 } });
    const fromFour = await sync(annPhone, { start: { $case: 'afterInboxSeq', value: 4 } });
    expect(seqsOf(fromStart.messages)).toEqual([1, 2, 3, 5, 6]);
    expect(seqsOf(fromFour.messages)).toEqual([5, 6]);
  });

  it('pages through the inbox: hasMore until the last page, each page starting after the previous one', async () => {
    const { sync } = setUp();
    const first = await sync(annDesktop, { limit: 3 });
    const next = await sync(annDesktop, {
      limit: 3,
      start: { $case: 'afterInboxSeq', value: first.lastInboxSeq },
    });
    expect([first, next].map((p) => [seqsOf(p.messages), p.lastInboxSeq, p.hasMore])).toEqual([
      [[1, 2, 3], 3, true],
      [[5, 6], 6, false],
    ]);
  });

  it('reads 100 messages when limit is 0, and up to 500 when asked', async () => {
    const { sync, pages } = setUp();
    await sync(annPhone);
    await sync(annPhone, { limit: 500 });
    expect(pages.map((p) => p.limit)).toEqual([100, 500]);
  });

  it.each([
    ['a limit over 500', { limit: 501 }, 'limit must be 1-500'],
    ['a negative limit', { limit: -1 }, 'limit must be 1-500'],
    ['a negative start', { start: { $case: 'afterInboxSeq' as const, value: -1 } }, 'cannot be negative'],
  ])('refuses %s with 6000001 without reading the inbox', async (_what, request, words) => {
    const { sync, pages } = setUp();
    await expectZimError(sync(annPhone, request), ZimErrorCode.InvalidParams, words);
    expect(pages).toEqual([]);
  });
});

describe('SyncInboxUseCase.acknowledge', () => {
  it('answers the position after the call: an older acknowledgement does not move it back', async () => {
    const { useCase } = setUp();
    expect(await useCase.acknowledge(annPhone, 4)).toEqual({ acknowledgedInboxSeq: 4 });
    expect(await useCase.acknowledge(annPhone, 3)).toEqual({ acknowledgedInboxSeq: 4 });
  });

  it.each([-1, 1.5, 2 ** 53])('refuses inbox_seq %s with 6000001, moving nothing', async (inboxSeq) => {
    const { useCase, acked } = setUp();
    await expectZimError(useCase.acknowledge(annPhone, inboxSeq), ZimErrorCode.InvalidParams, 'inbox_seq');
    expect(acked).toEqual({ [device(annPhone)]: 2 });
  });
});

import { Message, type SyncInboxResponse } from '@parley/contracts';
import { type InboxPort, InboxSync } from './inbox-sync';

const msg = (inboxSeq: number) =>
  Message.fromPartial({ messageId: `m${inboxSeq}`, inboxSeq, text: `t${inboxSeq}` });

function fakePort(pages: SyncInboxResponse[]) {
  const delivered: { ids: string[]; offline: boolean }[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const port: InboxPort = {
    pull: async () => {
      await gate;
      return pages.shift() ?? { messages: [], afterInboxSeq: 0, lastInboxSeq: 0, hasMore: false };
    },
    acknowledge: async () => undefined,
    deliver: (messages, offline) => delivered.push({ ids: messages.map((m) => m.messageId), offline }),
  };
  return { port, delivered, release };
}

describe('InboxSync', () => {
  it('delivers what was missed first, flagged offline, then live messages it did not already pull', async () => {
    const { port, delivered, release } = fakePort([
      { messages: [msg(1), msg(2)], afterInboxSeq: 0, lastInboxSeq: 2, hasMore: false },
    ]);
    const sync = new InboxSync(port);
    const done = sync.catchUp();
    // Live deliveries during the catch-up: one the pull also returns, one that is newer.
    expect(sync.live([msg(2), msg(3)])).toEqual([]);
    release();
    await done;
    sync.stop();
    expect(delivered).toEqual([
      { ids: ['m1', 'm2'], offline: true },
      { ids: ['m3'], offline: false },
    ]);
  });

  it('drops a live message already delivered', async () => {
    const { port, release } = fakePort([{ messages: [], afterInboxSeq: 0, lastInboxSeq: 0, hasMore: false }]);
    const sync = new InboxSync(port);
    release();
    await sync.catchUp();
    expect(sync.live([msg(1)])).toHaveLength(1);
    expect(sync.live([msg(1)])).toHaveLength(0);
    sync.stop();
  });
});

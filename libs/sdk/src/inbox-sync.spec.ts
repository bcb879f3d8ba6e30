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

  it("does not hand this device's own message to the app when a pull finds it before the reply", async () => {
    const own = Message.fromPartial({ messageId: 'mine', inboxSeq: 1, localMessageId: 'local-1' });
    const { port, delivered, release } = fakePort([
      { messages: [own, msg(2)], afterInboxSeq: 0, lastInboxSeq: 2, hasMore: false },
    ]);
    const sync = new InboxSync(port);
    sync.sending('local-1');
    release();
    await sync.catchUp();
    sync.sent(own);
    sync.stop();
    expect(delivered).toEqual([{ ids: ['m2'], offline: true }]);
  });

  it('holds live messages back during a gap pull, so a conversation stays in order', async () => {
    const pages: SyncInboxResponse[] = [
      { messages: [], afterInboxSeq: 0, lastInboxSeq: 0, hasMore: false },
      { messages: [msg(2), msg(3)], afterInboxSeq: 1, lastInboxSeq: 3, hasMore: true },
      { messages: [msg(4)], afterInboxSeq: 3, lastInboxSeq: 4, hasMore: false },
    ];
    const delivered: string[] = [];
    let release: () => void = () => undefined;
    const port: InboxPort = {
      pull: async () => {
        const page = pages.shift();
        if (pages.length === 1) await new Promise<void>((r) => (release = r)); // the gap pull's first page waits
        return page ?? { messages: [], afterInboxSeq: 0, lastInboxSeq: 0, hasMore: false };
      },
      acknowledge: async () => undefined,
      deliver: (messages) => delivered.push(...messages.map((m) => m.messageId)),
    };
    const sync = new InboxSync(port);
    await sync.catchUp();
    delivered.push(...sync.live([msg(1)]).map((m) => m.messageId));
    const gapPull = (
      sync as unknown as { pull(start: { $case: 'afterInboxSeq'; value: number }): Promise<void> }
    ).pull({ $case: 'afterInboxSeq', value: 1 });
    expect(sync.live([msg(5)])).toEqual([]); // newer live message waits for the pull
    release();
    await gapPull;
    sync.stop();
    expect(delivered).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
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

  it('resume pulls after the last position it has without a gap, dropping what it already had', async () => {
    const starts: unknown[] = [];
    const pages: SyncInboxResponse[] = [
      { messages: [msg(1)], afterInboxSeq: 0, lastInboxSeq: 1, hasMore: false },
      { messages: [msg(2), msg(3), msg(4)], afterInboxSeq: 1, lastInboxSeq: 4, hasMore: false },
    ];
    const delivered: { ids: string[]; offline: boolean }[] = [];
    const sync = new InboxSync({
      pull: async (start) => {
        starts.push(start);
        return pages.shift() ?? { messages: [], afterInboxSeq: 0, lastInboxSeq: 0, hasMore: false };
      },
      acknowledge: async () => undefined,
      deliver: (messages, offline) => delivered.push({ ids: messages.map((m) => m.messageId), offline }),
    });
    await sync.catchUp();
    expect(sync.live([msg(3)]).map((m) => m.messageId)).toEqual(['m3']); // live before the drop; 2 missing
    await sync.resume();
    sync.stop();
    expect(starts).toEqual([
      { $case: 'fromAcknowledged', value: true },
      { $case: 'afterInboxSeq', value: 1 },
    ]);
    expect(delivered).toEqual([
      { ids: ['m1'], offline: true },
      { ids: ['m2', 'm4'], offline: true },
    ]);
  });

  it('resume during a running pull pulls once more after it, holding live messages back', async () => {
    const starts: unknown[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const pages: SyncInboxResponse[] = [
      { messages: [msg(1)], afterInboxSeq: 0, lastInboxSeq: 1, hasMore: false },
      { messages: [msg(2)], afterInboxSeq: 1, lastInboxSeq: 2, hasMore: false },
    ];
    const delivered: string[] = [];
    const sync = new InboxSync({
      pull: async (start) => {
        starts.push(start);
        if (starts.length === 1) await gate; // read before the drop, answered after it
        return pages.shift() ?? { messages: [], afterInboxSeq: 0, lastInboxSeq: 0, hasMore: false };
      },
      acknowledge: async () => undefined,
      deliver: (messages) => delivered.push(...messages.map((m) => m.messageId)),
    });
    const catchUp = sync.catchUp();
    const resumed = sync.resume();
    expect(sync.live([msg(3)])).toEqual([]);
    release();
    await Promise.all([catchUp, resumed]);
    sync.stop();
    expect(starts).toEqual([
      { $case: 'fromAcknowledged', value: true },
      { $case: 'afterInboxSeq', value: 1 },
    ]);
    expect(delivered).toEqual(['m1', 'm2', 'm3']);
  });
});

import { participantsOf } from '../domain/participants';
import { randomUUID } from 'node:crypto';
import { textTo } from './outgoing.fixture';
import { InboxRepository } from './inbox.repository';
import { MessageRepository } from './message.repository';
import { MessagingDatabase } from './prisma.service';

// Runs against the real Postgres of infra/local (npm test provides MESSAGING_DATABASE_URL, migrated).
const db = new MessagingDatabase(process.env['MESSAGING_DATABASE_URL'] ?? '');
const messages = new MessageRepository(db);
const inbox = new InboxRepository(db);
const appId = `it-${randomUUID().slice(0, 8)}`;
const user = (userId: string, platform = 1) => ({ appId, userId, sessionId: `${userId}-s`, platform });

afterAll(() => db.$disconnect());

describe('inbox on Postgres', () => {
  it("numbers a user's inbox 1..n without gaps when many senders write at once", async () => {
    const sends = Array.from({ length: 30 }, (_, i) =>
      messages.storeOnce(user(`sender${i % 5}`), textTo('hub', `m${i}`), 'r', participantsOf),
    );
    await Promise.all(sends);
    const page = await inbox.page(user('hub'), 0, 100);
    expect(page.messages.map((m) => m.inboxSeq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(page.hasMore).toBe(false);
    // Each message shows up as the hub sees it: the conversation is the sender.
    expect(page.messages.every((m) => m.conversationId === m.senderUserId)).toBe(true);
  });

  it("puts a sent message in the sender's inbox too and tells the sender its position", async () => {
    const { message } = await messages.storeOnce(user('writer'), textTo('reader', 'w1'), 'r', participantsOf);
    expect(message.inboxSeq).toBe(1);
    const retry = await messages.storeOnce(user('writer'), textTo('reader', 'w1'), 'r', participantsOf);
    expect(retry.message.inboxSeq).toBe(1);
    const [own] = (await inbox.page(user('writer'), 0, 10)).messages;
    expect(own).toMatchObject({ conversationId: 'reader', inboxSeq: 1 });
  });

  it('pages in order with has_more', async () => {
    for (let i = 0; i < 5; i++)
      await messages.storeOnce(user('pager-src'), textTo('pager', `p${i}`), 'r', participantsOf);
    const first = await inbox.page(user('pager'), 0, 2);
    const second = await inbox.page(user('pager'), first.lastSeq, 2);
    const third = await inbox.page(user('pager'), second.lastSeq, 2);
    expect([first, second, third].map((p) => [p.messages.map((m) => m.text), p.hasMore])).toEqual([
      [['p0', 'p1'], true],
      [['p2', 'p3'], true],
      [['p4'], false],
    ]);
  });

  it("keeps each device's acknowledged position separately and never moves it back", async () => {
    expect(await inbox.acknowledged(user('acker', 1))).toBe(0);
    expect(await inbox.acknowledge(user('acker', 1), 7)).toBe(7);
    expect(await inbox.acknowledge(user('acker', 1), 3)).toBe(7);
    expect(await inbox.acknowledged(user('acker', 2))).toBe(0);
  });
});

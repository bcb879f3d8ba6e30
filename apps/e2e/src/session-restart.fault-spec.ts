import { type ZIM, ZIMConnectionState, ZIMConversationType, ZIMMessageType } from '@parley/sdk';
import { eventually, loggedIn, uniqueUser } from './harness';
import { ServiceProcess } from './service-process';

const MESSAGES = 100;

describe.each([
  ['SIGKILL', (s: ServiceProcess) => s.kill()],
  // A graceful stop ends every stream with a reconnect hint and exits 0.
  ['SIGTERM', async (s: ServiceProcess) => expect(await s.stop()).toBe(0)],
])('session restarted (%s) while messages flow', (_signal, bringDown) => {
  jest.setTimeout(180_000);
  const session = new ServiceProcess('session');
  const clients: ZIM[] = [];
  beforeAll(() => session.start());
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await session.stop();
  });

  it('the SDK reconnects by itself and the app gets every message exactly once', async () => {
    const receiverID = uniqueUser('stay');
    const [sender, receiver] = await Promise.all([loggedIn(uniqueUser('talk')), loggedIn(receiverID)]);
    clients.push(sender, receiver);
    const times = new Map<string, number>();
    receiver.on('receivePeerMessage', (_z, { messageList }) =>
      messageList.forEach((m) => times.set(m.messageID, (times.get(m.messageID) ?? 0) + 1)),
    );
    const states: ZIMConnectionState[] = [];
    receiver.on('connectionStateChanged', (_z, { state }) => states.push(state));

    const sent: string[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      const { message } = await sender.sendMessage(
        { type: ZIMMessageType.Text, message: `m${n}` },
        receiverID,
        ZIMConversationType.Peer,
      );
      sent.push(message.messageID);
      if (n === 30) await bringDown(session);
      if (n === 60) await session.start();
      await new Promise((r) => setTimeout(r, 110)); // under ZIM's 10 sends per second
    }

    await eventually('every message to reach the receiver', () => sent.every((id) => times.has(id)), 60_000);
    await new Promise((r) => setTimeout(r, 1000)); // room for a late duplicate to show up
    expect([...times.values()].filter((count) => count !== 1)).toEqual([]);
    expect(times.size).toBe(MESSAGES);
    // It noticed, reconnected, and is connected now.
    expect(states).toContain(ZIMConnectionState.Reconnecting);
    expect(states.at(-1)).toBe(ZIMConnectionState.Connected);
  });
});

import {
  generateToken,
  ZIM,
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationType,
  type ZIMEventOfConnectionStateChangedResult,
  ZIMMessageType,
  ZIMPlatformType,
} from '@parley/sdk';
import { eventually, loggedIn, nextEvent, rawLogin, rawSend, stackUnderTest, uniqueUser } from './harness';
import { ConversationType, MessageContent, MessageType } from '@parley/contracts';

describe('sessions', () => {
  const clients: ZIM[] = [];
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));

  const text = { type: ZIMMessageType.Text as const, message: 'hi' };
  const rawText = (to: string, localMessageId: string) => ({
    message: MessageContent.fromPartial({ type: MessageType.MESSAGE_TYPE_TEXT, text: 'hi' }),
    localMessageId,
    toConversationId: to,
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
    config: undefined,
  });

  it('kicks out the earlier login of a user on the same platform, whose calls then fail', async () => {
    const userID = uniqueUser('twice');
    const first = await loggedIn(userID, { platform: ZIMPlatformType.Android });
    clients.push(first);
    const states: ZIMEventOfConnectionStateChangedResult[] = [];
    first.on('connectionStateChanged', (_z, data) => states.push(data));

    const second = await loggedIn(userID, { platform: ZIMPlatformType.Android });
    clients.push(second);
    await eventually('the kick-out event', () => states.length > 0);
    expect(states[0]).toMatchObject({
      state: ZIMConnectionState.Disconnected,
      event: ZIMConnectionEvent.KickedOut,
    });
    await expect(first.sendMessage(text, uniqueUser('x'), ZIMConversationType.Peer)).rejects.toMatchObject({
      code: 6000121,
    });
    await expect(second.sendMessage(text, uniqueUser('x'), ZIMConversationType.Peer)).resolves.toBeDefined();
  });

  it("refuses a kicked session's token on the server too (6000103)", async () => {
    const userID = uniqueUser('raw');
    const old = await rawLogin(userID);
    try {
      await rawSend(old, rawText(uniqueUser('x'), 'l1'));
      const replacement = await rawLogin(userID); // same platform: ends the first session
      replacement.close();
      // Revocations reach messaging through Kafka: the old token stops working within moments.
      const deadline = Date.now() + 10_000;
      let error: unknown;
      for (let i = 2; Date.now() < deadline; i++) {
        error = await rawSend(old, rawText(uniqueUser('x'), `l${i}`)).then(
          () => undefined,
          (e: unknown) => e,
        );
        if (error) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(error).toBeDefined();
      expect(
        String((error as { metadata?: { get(k: string): unknown[] } }).metadata?.get('zim-error-code')),
      ).toBe('6000103');
    } finally {
      old.close();
    }
  });

  it('keeps logins of one user on different platforms side by side, each with its own stream', async () => {
    const userID = uniqueUser('multi');
    const senderID = uniqueUser('sender');
    const phone = await loggedIn(userID, { platform: ZIMPlatformType.IPhoneOS });
    const web = await loggedIn(userID, { platform: ZIMPlatformType.Web });
    const sender = await loggedIn(senderID);
    clients.push(phone, web, sender);
    const onPhone = nextEvent((l) => phone.on('receivePeerMessage', (_z, d) => l(d)));
    const onWeb = nextEvent((l) => web.on('receivePeerMessage', (_z, d) => l(d)));
    await sender.sendMessage(text, userID, ZIMConversationType.Peer);
    await expect(onPhone).resolves.toMatchObject({ fromConversationID: senderID });
    await expect(onWeb).resolves.toMatchObject({ fromConversationID: senderID });
  });

  it('logs out: the stream closes and the session token stops working', async () => {
    const userID = uniqueUser('leaver');
    const zim = await loggedIn(userID);
    clients.push(zim);
    await zim.logout();
    await expect(zim.sendMessage(text, uniqueUser('x'), ZIMConversationType.Peer)).rejects.toMatchObject({
      code: 6000121,
    });
  });

  it.each([
    [
      'a token for another user',
      async (stack: ReturnType<typeof stackUnderTest>) =>
        generateToken(stack.appID, stack.appSecret, 'someone-else', 60),
    ],
    [
      'a token issued by another app',
      async (stack: ReturnType<typeof stackUnderTest>) => generateToken('1', stack.appSecret, 'me', 60),
    ],
    [
      'a token with a bad signature',
      async (stack: ReturnType<typeof stackUnderTest>) =>
        (await generateToken(stack.appID, stack.appSecret, 'me', 60)).slice(0, -3) + 'AAA',
    ],
  ])('refuses to log in with %s (6000103)', async (_name, makeToken) => {
    const stack = stackUnderTest();
    const zim = ZIM.create({ appID: stack.appID, endpoint: stack.endpoint });
    clients.push(zim);
    await expect(zim.login('me', { token: await makeToken(stack) })).rejects.toMatchObject({ code: 6000103 });
  });

  it('warns about 30 s before the token expires, and renewToken keeps the session going', async () => {
    const userID = uniqueUser('expiring');
    const stack = stackUnderTest();
    const zim = await loggedIn(userID, { ttlSeconds: 33 });
    clients.push(zim);
    const warning = await nextEvent<{ second: number }>(
      (l) => zim.on('tokenWillExpire', (_z, d) => l(d)),
      15_000,
    );
    expect(warning.second).toBeGreaterThan(25);
    expect(warning.second).toBeLessThanOrEqual(30);
    await zim.renewToken(await generateToken(stack.appID, stack.appSecret, userID, 3600));
    await expect(zim.sendMessage(text, uniqueUser('x'), ZIMConversationType.Peer)).resolves.toBeDefined();
  });

  it('refuses to renew with a token for another user', async () => {
    const userID = uniqueUser('renewer');
    const stack = stackUnderTest();
    const zim = await loggedIn(userID);
    clients.push(zim);
    await expect(
      zim.renewToken(await generateToken(stack.appID, stack.appSecret, 'other', 60)),
    ).rejects.toMatchObject({ code: 6000103 });
  });

  it('renews the session through tokenProvider, and reports a failing provider on the error event', async () => {
    const stack = stackUnderTest();
    const asked: string[] = [];
    const good = ZIM.create({
      appID: stack.appID,
      endpoint: stack.endpoint,
      tokenProvider: async (userID) => {
        asked.push(userID);
        return generateToken(stack.appID, stack.appSecret, userID, 3600);
      },
    });
    const bad = ZIM.create({
      appID: stack.appID,
      endpoint: stack.endpoint,
      tokenProvider: () => Promise.reject(new Error('the app server is down')),
    });
    clients.push(good, bad);
    const errors: { code: number; message: string }[] = [];
    const goodErrors: unknown[] = [];
    bad.on('error', (_z, e) => errors.push(e));
    good.on('error', (_z, e) => goodErrors.push(e));
    const [goodID, badID] = [uniqueUser('renews'), uniqueUser('cannot')];
    // 32-second tokens: tokenWillExpire (30 s before) comes about two seconds after login.
    await good.login(goodID, { token: await generateToken(stack.appID, stack.appSecret, goodID, 32) });
    await bad.login(badID, { token: await generateToken(stack.appID, stack.appSecret, badID, 32) });
    await eventually(
      'the provider to be asked and the failure reported',
      () => asked.length === 1 && errors.length === 1,
      15_000,
    );
    expect(asked).toEqual([goodID]);
    expect(errors[0]?.message).toMatch(/app server is down/);
    await new Promise((r) => setTimeout(r, 500));
    expect(goodErrors).toEqual([]);
  });
});

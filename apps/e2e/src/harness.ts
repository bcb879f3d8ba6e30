import { credentials, Metadata } from '@grpc/grpc-js';
import {
  type LoginResponse,
  MessagingServiceClient,
  type SendMessageRequest,
  type SendMessageResponse,
  SessionServiceClient,
} from '@parley/contracts';
import {
  generateToken,
  ZIM,
  type ZIMConversationType,
  ZIMError,
  type ZIMMessage,
  type ZIMPlatformType,
} from '@parley/sdk';

/** The running stack, as `npm test` (or `npm start`, via .env.local) describes it. */
export function stackUnderTest() {
  const need = (name: string) => {
    const value = process.env[name];
    if (!value)
      throw new Error(
        `${name} is not set: run the e2e tests through \`npm test\`, or source .env.local after \`npm start\``,
      );
    return value;
  };
  return {
    endpoint: need('PARLEY_ENDPOINT'),
    appID: need('PARLEY_DEV_APP_ID'),
    appSecret: need('PARLEY_DEV_APP_SECRET'),
  };
}

/** A user ID no earlier run has used, so tests never see each other's data. */
export function uniqueUser(name: string): string {
  return `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A logged-in SDK client, closed by the returned `close`. */
export async function loggedIn(
  userID: string,
  options: { platform?: ZIMPlatformType; ttlSeconds?: number } = {},
): Promise<ZIM> {
  const stack = stackUnderTest();
  const zim = ZIM.create({ appID: stack.appID, endpoint: stack.endpoint, platform: options.platform });
  const token = await generateToken(stack.appID, stack.appSecret, userID, options.ttlSeconds ?? 3600);
  await zim.login(userID, { userName: userID, token });
  return zim;
}

/** Resolves with the next payload of `event`, or rejects after `ms`. */
export function nextEvent<T>(subscribe: (listener: (data: T) => void) => void, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
    subscribe((data) => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

/** A user logged in over raw gRPC (no SDK), for requests the SDK never makes, such as a retry with the same localMessageID. */
export async function rawLogin(userID: string): Promise<{
  messaging: MessagingServiceClient;
  metadata: Metadata;
  sessionToken: string;
  close: () => void;
}> {
  const stack = stackUnderTest();
  const session = new SessionServiceClient(stack.endpoint, credentials.createInsecure());
  const token = await generateToken(stack.appID, stack.appSecret, userID, 3600);
  const login = await new Promise<LoginResponse>((resolve, reject) =>
    session.login({ appId: stack.appID, userId: userID, userName: '', token, platform: 0 }, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
  session.close();
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${login.sessionToken}`);
  const messaging = new MessagingServiceClient(stack.endpoint, credentials.createInsecure());
  return { messaging, metadata, sessionToken: login.sessionToken, close: () => messaging.close() };
}

export function rawSend(
  client: { messaging: MessagingServiceClient; metadata: Metadata },
  request: SendMessageRequest,
): Promise<SendMessageResponse> {
  return new Promise((resolve, reject) =>
    client.messaging.sendMessage(request, client.metadata, (err, res) => (err ? reject(err) : resolve(res))),
  );
}

/** Collects every message a client receives from one conversation partner, in arrival order. */
export function collectPeerMessages(zim: ZIM): ZIMMessage[] {
  const received: ZIMMessage[] = [];
  zim.on('receivePeerMessage', (_zim, { messageList }) => received.push(...messageList));
  return received;
}

/** Polls `condition` until it holds or `ms` pass (then throws with `what`). */
export async function eventually(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Retries `check` until it passes (the projection is asynchronous), then returns; rethrows the last failure. */
export async function settled(check: () => Promise<void>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** The value, or a test failure naming what was missing. */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`expected ${what}`);
  return value;
}

/** Waits until messaging has applied a membership (the member's history query stops being refused). */
export async function membershipApplied(
  member: ZIM,
  conversationID: string,
  type: ZIMConversationType,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const refused = await member.queryHistoryMessage(conversationID, type, { count: 1 }).then(
      () => false,
      (e: unknown) => e instanceof ZIMError && e.code === 6000231,
    );
    if (!refused) return;
    if (Date.now() > deadline) throw new Error(`membership of ${conversationID} never reached messaging`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

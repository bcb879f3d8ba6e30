import {
  type ZIM,
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationNotificationStatus,
  ZIMConversationType,
  ZIMError,
  ZIMMessageDirection,
  type ZIMMessage,
  ZIMMessageSentStatus,
  ZIMMessageType,
  ZIMPlatformType,
} from '@parley/sdk';
import { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers } from './commands';
import { readConfig } from './config';
import { CliError } from './errors';
import type { Output } from './program';

// The commands against a stand-in client: session.ts is replaced, so nothing touches the network.
jest.mock('./session', () => {
  const actual = jest.requireActual<typeof import('./session')>('./session');
  const openSession = jest.fn();
  const closeSession = jest.fn(async (_zim: unknown) => undefined);
  return {
    ...actual,
    openSession,
    closeSession,
    signToken: jest.fn(async () => 'fresh-token'),
    withSession: async (
      connection: unknown,
      userID: string,
      platform: number,
      work: (zim: unknown) => Promise<unknown>,
    ) => {
      const zim: unknown = await openSession(connection, userID, platform);
      try {
        return await work(zim);
      } finally {
        await closeSession(zim);
      }
    },
  };
});
const session = jest.requireMock<typeof import('./session')>('./session');
const openSession = session.openSession as jest.Mock;
const closeSession = session.closeSession as jest.Mock;

function message(overrides: Partial<ZIMMessage> = {}): ZIMMessage {
  return {
    type: ZIMMessageType.Text,
    message: 'hello',
    messageID: 'm1',
    localMessageID: 'l1',
    senderUserID: 'alice',
    conversationID: 'alice',
    conversationType: ZIMConversationType.Peer,
    direction: ZIMMessageDirection.Receive,
    sentStatus: ZIMMessageSentStatus.Success,
    timestamp: Date.UTC(2030, 0, 1),
    conversationSeq: 1,
    orderKey: 1,
    extendedData: '',
    mentionedUserIDs: [],
    isMentionAll: false,
    subType: 0,
    searchedContent: '',
    ...overrides,
  };
}

/** A stand-in ZIM: the methods the commands call, and `fire` to raise events. */
function fakeZIM() {
  const events = new EventEmitter();
  const fake = {
    on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
    fire: (event: string, data: unknown) => events.emit(event, fake, data),
    sendMessage: jest.fn(),
    sendMediaMessage: jest.fn(),
    queryHistoryMessage: jest.fn(),
    downloadMediaFile: jest.fn(),
    queryConversationList: jest.fn(),
    queryConversationTotalUnreadMessageCount: jest.fn(),
    renewToken: jest.fn(async () => ({ token: 'fresh-token' })),
  };
  return fake;
}

describe('commands', () => {
  let dir: string;
  let env: Record<string, string>;
  let stdout: string[];
  let stderr: string[];
  let output: Output;
  let zim: ReturnType<typeof fakeZIM>;
  const globals = { endpoint: 'test:1', appId: 'app', appSecret: 'secret' };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-cmd-'));
    env = { PARLEY_CLI_HOME: dir };
    stdout = [];
    stderr = [];
    output = { out: (l) => stdout.push(l), err: (l) => stderr.push(l) };
    zim = fakeZIM();
    openSession.mockReset();
    closeSession.mockClear();
    openSession.mockImplementation(
      async (_c: unknown, _u: string, _p: number, prepare?: (z: ZIM) => void) => {
        prepare?.(zim as unknown as ZIM);
        return zim;
      },
    );
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const handlers = () => createHandlers(output, env);
  const json = <T>(line: string | undefined) => JSON.parse(line ?? 'null') as T;

  it('login logs in and out as platform Other and remembers the user', async () => {
    await handlers().login({ userID: 'alice', json: false }, globals);
    expect(openSession).toHaveBeenCalledWith(
      { endpoint: 'test:1', appID: 'app', appSecret: 'secret' },
      'alice',
      ZIMPlatformType.Other,
    );
    expect(closeSession).toHaveBeenCalledTimes(1);
    expect(await readConfig(env)).toEqual({ userID: 'alice' });
    expect(stdout[0]).toMatch(/logged in as alice at test:1/);
  });

  it('send acts as the remembered user, prints the stored message and logs out', async () => {
    await handlers().login({ userID: 'alice', json: false }, globals);
    zim.sendMessage.mockResolvedValue({ message: message({ conversationSeq: 4, messageID: 'm9' }) });
    await handlers().send(
      { conversationID: 'bob', text: 'hi', conversationType: ZIMConversationType.Peer, json: true },
      globals,
    );
    expect(openSession).toHaveBeenLastCalledWith(expect.anything(), 'alice', ZIMPlatformType.Other);
    expect(zim.sendMessage).toHaveBeenCalledWith(
      { type: ZIMMessageType.Text, message: 'hi' },
      'bob',
      ZIMConversationType.Peer,
    );
    expect(json<{ message: ZIMMessage }>(stdout[1]).message).toMatchObject({
      messageID: 'm9',
      conversationSeq: 4,
    });
    expect(closeSession).toHaveBeenCalledTimes(2);
  });

  it('send without a user is a usage error before any login', async () => {
    await expect(
      handlers().send({ conversationID: 'bob', text: 'hi', conversationType: 0, json: false }, globals),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(openSession).not.toHaveBeenCalled();
  });

  it('logs out when the command fails', async () => {
    zim.sendMessage.mockRejectedValue(new ZIMError(6000231, 'you are not a member of group g'));
    await expect(
      handlers().send(
        {
          conversationID: 'g',
          text: 'hi',
          conversationType: ZIMConversationType.Group,
          user: 'a',
          json: false,
        },
        globals,
      ),
    ).rejects.toMatchObject({ code: 6000231 });
    expect(closeSession).toHaveBeenCalledTimes(1);
  });

  it('history prints oldest first', async () => {
    zim.queryHistoryMessage.mockResolvedValue({
      messageList: [
        message({ conversationSeq: 3, message: 'c' }),
        message({ conversationSeq: 2, message: 'b' }),
      ],
    });
    await handlers().history(
      {
        conversationID: 'alice',
        conversationType: ZIMConversationType.Peer,
        count: 2,
        user: 'bob',
        json: false,
      },
      globals,
    );
    expect(zim.queryHistoryMessage).toHaveBeenCalledWith('alice', ZIMConversationType.Peer, {
      count: 2,
      reverse: true,
    });
    expect(stdout.map((l) => l.split(' ')[0])).toEqual(['#2', '#3']);
    stdout.length = 0;
    await handlers().history(
      {
        conversationID: 'alice',
        conversationType: ZIMConversationType.Peer,
        count: 2,
        user: 'bob',
        json: true,
      },
      globals,
    );
    expect(json<{ messageList: ZIMMessage[] }>(stdout[0]).messageList.map((m) => m.message)).toEqual([
      'b',
      'c',
    ]);
  });

  it('conversations prints a table and the total, or JSON', async () => {
    zim.queryConversationList.mockResolvedValue({
      conversationList: [
        {
          conversationID: 'alice',
          conversationName: '',
          type: ZIMConversationType.Peer,
          unreadMessageCount: 3,
          lastMessage: message(),
          notificationStatus: ZIMConversationNotificationStatus.Notify,
          isPinned: false,
          draft: '',
        },
      ],
    });
    zim.queryConversationTotalUnreadMessageCount.mockResolvedValue({ totalUnreadMessageCount: 3 });
    await handlers().conversations({ user: 'bob', json: false }, globals);
    expect(zim.queryConversationList).toHaveBeenCalledWith({ count: 100 });
    expect(stdout[0]).toMatch(/alice: hello/);
    expect(stdout[0]).toMatch(/Total unread: 3$/);
    stdout.length = 0;
    await handlers().conversations({ user: 'bob', json: true }, globals);
    expect(json<{ totalUnreadMessageCount: number; conversationList: unknown[] }>(stdout[0])).toMatchObject({
      totalUnreadMessageCount: 3,
      conversationList: [{ conversationID: 'alice', unreadMessageCount: 3 }],
    });
  });

  it('send-file guesses the type, passes the chunk size and prints JSON progress and the message', async () => {
    const file = join(dir, 'cat.png');
    await writeFile(file, Buffer.alloc(100));
    zim.sendMediaMessage.mockImplementation(
      async (
        input: unknown,
        _to: string,
        _type: number,
        _config: unknown,
        notification: { onMediaUploadingProgress: (m: unknown, c: number, t: number) => void },
      ) => {
        notification.onMediaUploadingProgress({}, 64, 100);
        notification.onMediaUploadingProgress({}, 100, 100);
        return {
          message: message({ type: ZIMMessageType.Image, message: '', fileName: 'cat.png', fileSize: 100 }),
        };
      },
    );
    await handlers().sendFile(
      {
        conversationID: 'bob',
        path: file,
        conversationType: ZIMConversationType.Peer,
        chunkSize: 65536,
        user: 'alice',
        json: true,
      },
      globals,
    );
    expect(zim.sendMediaMessage).toHaveBeenCalledWith(
      { type: ZIMMessageType.Image, fileLocalPath: file },
      'bob',
      ZIMConversationType.Peer,
      { uploadChunkSize: 65536 },
      expect.anything(),
    );
    expect(stdout.map((l) => json<object>(l))).toEqual([
      { progress: { currentFileSize: 64, totalFileSize: 100 } },
      { progress: { currentFileSize: 100, totalFileSize: 100 } },
      { message: expect.objectContaining({ fileName: 'cat.png' }) },
    ]);
  });

  it('send-file refuses a missing file before logging in', async () => {
    await expect(
      handlers().sendFile(
        { conversationID: 'bob', path: join(dir, 'nope.png'), conversationType: 0, user: 'a', json: false },
        globals,
      ),
    ).rejects.toThrow(CliError);
    expect(openSession).not.toHaveBeenCalled();
  });

  it('download pages back through history to the message and writes into a folder under its name', async () => {
    const newest = Array.from({ length: 100 }, (_, i) =>
      message({ messageID: `t${i + 101}`, conversationSeq: i + 101 }),
    );
    const image = message({
      messageID: 'img',
      conversationSeq: 50,
      type: ZIMMessageType.Image,
      message: '',
      fileName: 'cat.png',
      fileSize: 3,
    });
    zim.queryHistoryMessage
      .mockResolvedValueOnce({ messageList: newest })
      .mockResolvedValueOnce({ messageList: [image] });
    zim.downloadMediaFile.mockImplementation(async (m: ZIMMessage, path: string) => {
      await writeFile(path, 'abc');
      return { message: { ...m, fileLocalPath: path } };
    });
    await handlers().download(
      { conversationID: 'alice', messageID: 'img', path: dir, conversationType: 0, user: 'bob', json: true },
      globals,
    );
    expect(zim.queryHistoryMessage).toHaveBeenLastCalledWith('alice', 0, {
      count: 100,
      reverse: true,
      nextMessage: newest[0],
    });
    expect(await readFile(join(dir, 'cat.png'), 'utf8')).toBe('abc');
    expect(json<{ path: string; size: number }>(stdout[stdout.length - 1])).toMatchObject({
      path: join(dir, 'cat.png'),
      size: 3,
    });
  });

  it('download fails clearly for a missing or a text message', async () => {
    zim.queryHistoryMessage.mockResolvedValue({ messageList: [message()] });
    const download = (messageID: string) =>
      handlers().download(
        {
          conversationID: 'alice',
          messageID,
          path: join(dir, 'x'),
          conversationType: 0,
          user: 'bob',
          json: false,
        },
        globals,
      );
    await expect(download('gone')).rejects.toThrow(/not in peer:alice/);
    await expect(download('m1')).rejects.toThrow(/carries no file/);
  });

  it('listen logs in as Linux, prints each event as a JSON line and logs out on SIGTERM', async () => {
    const done = handlers().listen({ user: 'bob', json: true }, globals);
    await new Promise((r) => setImmediate(r));
    expect(openSession).toHaveBeenCalledWith(
      expect.anything(),
      'bob',
      ZIMPlatformType.Linux,
      expect.any(Function),
    );
    zim.fire('connectionStateChanged', {
      state: ZIMConnectionState.Connected,
      event: ZIMConnectionEvent.Success,
      extendedData: '',
    });
    zim.fire('receivePeerMessage', {
      messageList: [message({ message: 'hi bob' })],
      fromConversationID: 'alice',
      info: { isOfflineMessage: false },
    });
    zim.fire('groupMemberStateChanged', { groupID: 'g', state: 1, event: 1, userList: [] });
    zim.fire('tokenWillExpire', { second: 30 });
    await new Promise((r) => setImmediate(r));
    expect(zim.renewToken).toHaveBeenCalledWith('fresh-token');
    process.emit('SIGTERM', 'SIGTERM');
    await done;
    expect(closeSession).toHaveBeenCalledTimes(1);
    const lines = stdout.map((l) =>
      json<{ event: string; data: { messageList?: { message: string }[] } }>(l),
    );
    expect(lines.map((l) => l.event)).toEqual([
      'connectionStateChanged',
      'receivePeerMessage',
      'groupMemberStateChanged',
      'tokenWillExpire',
    ]);
    expect(lines[1]?.data.messageList?.[0]?.message).toBe('hi bob');
  });

  it('listen ends with an error when the server disconnects it', async () => {
    const done = handlers().listen({ user: 'bob', json: false }, globals);
    await new Promise((r) => setImmediate(r));
    zim.fire('connectionStateChanged', {
      state: ZIMConnectionState.Disconnected,
      event: ZIMConnectionEvent.KickedOut,
      extendedData: 'logged in elsewhere',
    });
    await expect(done).rejects.toThrow(/disconnected from Parley \(KickedOut: logged in elsewhere\)/);
    expect(closeSession).toHaveBeenCalledTimes(1);
    expect(stdout[0]).toMatch(/^\S+Z connectionStateChanged Disconnected \(KickedOut\)/);
  });
});

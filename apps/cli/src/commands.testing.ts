// Fixtures of the command specs: a stand-in for session.ts (registered here, so nothing touches the
// network), a fake ZIM, messages, and the per-test context (a temporary CLI home, captured output).
import {
  type ZIM,
  ZIMConversationType,
  ZIMMessageDirection,
  type ZIMMessage,
  ZIMMessageSentStatus,
  ZIMMessageType,
} from '@parley/sdk';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers } from './commands';
import type { Output } from './program';

// Every spec that imports these fixtures runs the commands against a stand-in client: session.ts is
// replaced for the whole spec file (jest.mock is hoisted above the imports, so ./commands gets the stand-in).
jest.mock('./session', () => sessionModuleMock());

/** The stand-in for session.ts: the real module with its session calls replaced. */
function sessionModuleMock() {
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
}

const session = () => jest.requireMock<typeof import('./session')>('./session');
export const openSession = () => session().openSession as jest.Mock;
export const closeSession = () => session().closeSession as jest.Mock;

export function message(overrides: Partial<ZIMMessage> = {}): ZIMMessage {
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
export function fakeZIM() {
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

/** Per test: a temporary CLI home, captured stdout and stderr, a fresh fake ZIM behind openSession. */
export function commandContext() {
  const ctx = {
    dir: '',
    env: {} as Record<string, string>,
    stdout: [] as string[],
    stderr: [] as string[],
    output: undefined as unknown as Output,
    zim: undefined as unknown as ReturnType<typeof fakeZIM>,
    globals: { endpoint: 'test:1', appId: 'app', appSecret: 'secret' },
    handlers: () => createHandlers(ctx.output, ctx.env),
  };
  beforeEach(async () => {
    ctx.dir = await mkdtemp(join(tmpdir(), 'parley-cmd-'));
    ctx.env = { PARLEY_CLI_HOME: ctx.dir };
    ctx.stdout = [];
    ctx.stderr = [];
    ctx.output = { out: (l) => ctx.stdout.push(l), err: (l) => ctx.stderr.push(l) };
    ctx.zim = fakeZIM();
    openSession().mockReset();
    closeSession().mockClear();
    openSession().mockImplementation(
      async (_c: unknown, _u: string, _p: number, prepare?: (z: ZIM) => void) => {
        prepare?.(ctx.zim as unknown as ZIM);
        return ctx.zim;
      },
    );
  });
  afterEach(() => rm(ctx.dir, { recursive: true, force: true }));
  return ctx;
}

export const json = <T>(line: string | undefined) => JSON.parse(line ?? 'null') as T;

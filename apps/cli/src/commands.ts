// The commands, through @parley/sdk. Each one-shot command logs in as platform Other, does its work
// and logs out; listen logs in as platform Linux and stays until Ctrl-C.
import {
  type ZIM,
  ZIMConnectionEvent,
  ZIMConnectionState,
  type ZIMConversationType,
  type ZIMMessage,
  ZIMMessageType,
} from '@parley/sdk';
import { constants as fsConstants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type Connection, resolveConnection, resolveUser, userPath, writeConfig } from './config';
import { CliError } from './errors';
import {
  conversationLabel,
  conversationTable,
  eventJSONLine,
  eventLine,
  formatBytes,
  jsonLine,
  messageLine,
  messagePreview,
} from './format';
import { guessMediaType, mediaTypeName } from './options';
import type { Globals, Handlers, Output } from './program';
import { jsonProgress, type Progress, progressBar } from './progress';
import {
  closeSession,
  LISTEN_PLATFORM,
  ONE_SHOT_PLATFORM,
  openSession,
  signToken,
  withSession,
} from './session';

/**
 * The events listen prints. The last three are printed once the SDK raises them (membership
 * changes); subscribing to an event the SDK does not raise yet is harmless.
 */
export const LISTENED_EVENTS = [
  'connectionStateChanged',
  'receivePeerMessage',
  'receiveGroupMessage',
  'receiveRoomMessage',
  'conversationChanged',
  'conversationTotalUnreadMessageCountUpdated',
  'messageDeleted',
  'tokenWillExpire',
  'error',
  'groupMemberStateChanged',
  'roomMemberJoined',
  'roomMemberLeft',
] as const;

type AnyListener = (zim: ZIM, data: unknown) => void;

/** zim.on for an event by name, including events newer than this SDK's ZIMEventHandler type. */
function onEvent(zim: ZIM, event: string, listener: (data: unknown) => void): void {
  (zim.on as unknown as (this: ZIM, event: string, listener: AnyListener) => void).call(
    zim,
    event,
    (_zim, data) => listener(data),
  );
}

const isMedia = (m: ZIMMessage) =>
  m.type === ZIMMessageType.Image ||
  m.type === ZIMMessageType.File ||
  m.type === ZIMMessageType.Audio ||
  m.type === ZIMMessageType.Video;

/** Finds a message by ID, paging from the newest to the oldest. */
async function findMessage(
  zim: ZIM,
  conversationID: string,
  conversationType: ZIMConversationType,
  messageID: string,
): Promise<ZIMMessage> {
  const count = 100;
  let nextMessage: ZIMMessage | undefined;
  for (;;) {
    const { messageList } = await zim.queryHistoryMessage(conversationID, conversationType, {
      count,
      reverse: true,
      nextMessage,
    });
    const found = messageList.find((m) => m.messageID === messageID);
    if (found) return found;
    const oldest = [...messageList].sort((a, b) => a.conversationSeq - b.conversationSeq)[0];
    if (messageList.length < count || !oldest) break;
    nextMessage = oldest;
  }
  throw new CliError(
    `message ${messageID} is not in ${conversationLabel(conversationType, conversationID)} (as you see it)`,
  );
}

/** A file the user named that the CLI will read: it must exist and be readable. */
async function readableFile(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError(`${path} is not a file`);
    await access(path, fsConstants.R_OK);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
}

/** The commands, writing to `output`; `env` supplies settings (tests pass their own). */
export function createHandlers(
  output: Output,
  env: Record<string, string | undefined> = process.env,
): Handlers {
  const connect = (globals: Globals): Connection => resolveConnection(globals, env);
  const progressFor = (json: boolean, label: string): Progress =>
    json ? jsonProgress(output.out) : progressBar(label);

  return {
    async login({ userID, json }, globals) {
      const connection = connect(globals);
      await withSession(connection, userID, ONE_SHOT_PLATFORM, async () => undefined);
      const path = await writeConfig({ userID }, env);
      output.out(
        json
          ? jsonLine({ userID, endpoint: connection.endpoint, configPath: path })
          : `logged in as ${userID} at ${connection.endpoint}; later commands act as ${userID} (saved in ${path})`,
      );
    },

    async send({ conversationID, text, conversationType, user, json }, globals) {
      const connection = connect(globals);
      const userID = await resolveUser(user, env);
      const { message } = await withSession(connection, userID, ONE_SHOT_PLATFORM, (zim) =>
        zim.sendMessage({ type: ZIMMessageType.Text, message: text }, conversationID, conversationType),
      );
      output.out(
        json
          ? jsonLine({ message })
          : `sent to ${conversationLabel(conversationType, conversationID)}: ${messageLine(message)}`,
      );
    },

    async listen({ user, json }, globals) {
      const connection = connect(globals);
      const userID = await resolveUser(user, env);
      const print = (event: string, data: unknown) =>
        output.out(json ? eventJSONLine(event, data) : eventLine(event, data));
      let closing = false;
      let finish: (outcome: { signal?: NodeJS.Signals; disconnected?: string }) => void = () => undefined;
      const finished = new Promise<{ signal?: NodeJS.Signals; disconnected?: string }>((resolve) => {
        finish = resolve;
      });

      const zim = await openSession(connection, userID, LISTEN_PLATFORM, (z) => {
        for (const event of LISTENED_EVENTS) onEvent(z, event, (data) => print(event, data));
        z.on('connectionStateChanged', (_z, { state, event, extendedData }) => {
          if (state !== ZIMConnectionState.Disconnected || closing) return;
          const reason = ZIMConnectionEvent[event] ?? String(event);
          finish({ disconnected: `${reason}${extendedData ? `: ${extendedData}` : ''}` });
        });
        // Keep the session alive past the token's lifetime: sign a fresh token and renew.
        z.on('tokenWillExpire', () => {
          void signToken(connection, userID)
            .then((token) => z.renewToken(token))
            .catch((err: unknown) => output.err(`warning: could not renew the login token: ${String(err)}`));
        });
      });
      const stop = (signal: NodeJS.Signals) => finish({ signal });
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      if (!json)
        output.err(`listening as ${userID} at ${connection.endpoint} (platform Linux); Ctrl-C to stop`);
      try {
        const outcome = await finished;
        if (outcome.disconnected !== undefined)
          throw new CliError(`disconnected from Parley (${outcome.disconnected})`);
      } finally {
        closing = true;
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await closeSession(zim);
      }
    },

    async sendFile({ conversationID, path, conversationType, type, chunkSize, user, json }, globals) {
      const connection = connect(globals);
      const userID = await resolveUser(user, env);
      const file = userPath(path, env);
      await readableFile(file);
      const messageType = type ?? guessMediaType(file);
      const { message } = await withSession(connection, userID, ONE_SHOT_PLATFORM, async (zim) => {
        const progress = progressFor(json, `upload ${basename(file)}`);
        try {
          return await zim.sendMediaMessage(
            { type: messageType, fileLocalPath: file },
            conversationID,
            conversationType,
            chunkSize === undefined ? {} : { uploadChunkSize: chunkSize },
            { onMediaUploadingProgress: (_m, current, total) => progress.update(current, total) },
          );
        } finally {
          progress.stop();
        }
      });
      output.out(
        json
          ? jsonLine({ message })
          : `sent ${mediaTypeName(message.type)} to ${conversationLabel(conversationType, conversationID)}: ${messageLine(message)}`,
      );
    },

    async download({ conversationID, messageID, path, conversationType, user, json }, globals) {
      const connection = connect(globals);
      const userID = await resolveUser(user, env);
      let target = userPath(path, env);
      const result = await withSession(connection, userID, ONE_SHOT_PLATFORM, async (zim) => {
        const message = await findMessage(zim, conversationID, conversationType, messageID);
        if (!isMedia(message))
          throw new CliError(`message ${messageID} carries no file (${messagePreview(message)})`);
        const existing = await stat(target).catch(() => undefined);
        if (existing?.isDirectory()) target = join(target, basename(message.fileName || messageID));
        const progress = progressFor(json, `download ${basename(target)}`);
        try {
          return await zim.downloadMediaFile(message, target, (_m, current, total) =>
            progress.update(current, total),
          );
        } finally {
          progress.stop();
        }
      });
      const size = (await stat(target)).size;
      output.out(
        json
          ? jsonLine({ message: result.message, path: target, size })
          : `downloaded ${result.message.fileName || messageID} (${formatBytes(size)}) to ${target}`,
      );
    },

    async conversations({ user, json }, globals) {
      const connection = connect(globals);
      const userID = await resolveUser(user, env);
      const [{ conversationList }, { totalUnreadMessageCount }] = await withSession(
        connection,
        userID,
        ONE_SHOT_PLATFORM,
        (zim) =>
          Promise.all([
            zim.queryConversationList({ count: 100 }),
            zim.queryConversationTotalUnreadMessageCount(),
          ]),
      );
      output.out(
        json
          ? jsonLine({ totalUnreadMessageCount, conversationList })
          : conversationTable(conversationList, totalUnreadMessageCount),
      );
    },

    async history({ conversationID, conversationType, count, user, json }, globals) {
      const connection = connect(globals);
      const userID = await resolveUser(user, env);
      const { messageList } = await withSession(connection, userID, ONE_SHOT_PLATFORM, (zim) =>
        zim.queryHistoryMessage(conversationID, conversationType, { count, reverse: true }),
      );
      const oldestFirst = [...messageList].sort((a, b) => a.conversationSeq - b.conversationSeq);
      if (json) {
        output.out(jsonLine({ conversationID, conversationType, messageList: oldestFirst }));
        return;
      }
      if (oldestFirst.length === 0)
        output.out(`no messages in ${conversationLabel(conversationType, conversationID)}`);
      for (const message of oldestFirst) output.out(messageLine(message));
    },
  };
}

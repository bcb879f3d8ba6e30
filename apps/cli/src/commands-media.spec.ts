import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationType,
  type ZIMMessage,
  ZIMMessageType,
  ZIMPlatformType,
} from '@parley/sdk';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './errors';
// commands.testing replaces ./session with a stand-in: nothing here touches the network.
import { closeSession, commandContext, json, message, openSession } from './commands.testing';

describe('commands: files, downloads and listening', () => {
  const ctx = commandContext();

  it('send-file guesses the type, passes the chunk size and prints JSON progress and the message', async () => {
    const file = join(ctx.dir, 'cat.png');
    await writeFile(file, Buffer.alloc(100));
    ctx.zim.sendMediaMessage.mockImplementation(
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
    await ctx.handlers().sendFile(
      {
        conversationID: 'bob',
        path: file,
        conversationType: ZIMConversationType.Peer,
        chunkSize: 65536,
        user: 'alice',
        json: true,
      },
      ctx.globals,
    );
    expect(ctx.zim.sendMediaMessage).toHaveBeenCalledWith(
      { type: ZIMMessageType.Image, fileLocalPath: file },
      'bob',
      ZIMConversationType.Peer,
      { uploadChunkSize: 65536 },
      expect.anything(),
    );
    expect(ctx.stdout.map((l) => json<object>(l))).toEqual([
      { progress: { currentFileSize: 64, totalFileSize: 100 } },
      { progress: { currentFileSize: 100, totalFileSize: 100 } },
      { message: expect.objectContaining({ fileName: 'cat.png' }) },
    ]);
  });

  it('send-file refuses a missing file before logging in', async () => {
    await expect(
      ctx.handlers().sendFile(
        {
          conversationID: 'bob',
          path: join(ctx.dir, 'nope.png'),
          conversationType: 0,
          user: 'a',
          json: false,
        },
        ctx.globals,
      ),
    ).rejects.toThrow(CliError);
    expect(openSession()).not.toHaveBeenCalled();
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
    ctx.zim.queryHistoryMessage
      .mockResolvedValueOnce({ messageList: newest })
      .mockResolvedValueOnce({ messageList: [image] });
    ctx.zim.downloadMediaFile.mockImplementation(async (m: ZIMMessage, path: string) => {
      await writeFile(path, 'abc');
      return { message: { ...m, fileLocalPath: path } };
    });
    await ctx.handlers().download(
      {
        conversationID: 'alice',
        messageID: 'img',
        path: ctx.dir,
        conversationType: 0,
        user: 'bob',
        json: true,
      },
      ctx.globals,
    );
    expect(ctx.zim.queryHistoryMessage).toHaveBeenLastCalledWith('alice', 0, {
      count: 100,
      reverse: true,
      nextMessage: newest[0],
    });
    expect(await readFile(join(ctx.dir, 'cat.png'), 'utf8')).toBe('abc');
    expect(json<{ path: string; size: number }>(ctx.stdout[ctx.stdout.length - 1])).toMatchObject({
      path: join(ctx.dir, 'cat.png'),
      size: 3,
    });
  });

  it('download fails clearly for a missing or a text message', async () => {
    ctx.zim.queryHistoryMessage.mockResolvedValue({ messageList: [message()] });
    const download = (messageID: string) =>
      ctx.handlers().download(
        {
          conversationID: 'alice',
          messageID,
          path: join(ctx.dir, 'x'),
          conversationType: 0,
          user: 'bob',
          json: false,
        },
        ctx.globals,
      );
    await expect(download('gone')).rejects.toThrow(/not in peer:alice/);
    await expect(download('m1')).rejects.toThrow(/carries no file/);
  });

  it('listen logs in as Linux, prints each event as a JSON line and logs out on SIGTERM', async () => {
    const done = ctx.handlers().listen({ user: 'bob', json: true }, ctx.globals);
    await new Promise((r) => setImmediate(r));
    expect(openSession()).toHaveBeenCalledWith(
      expect.anything(),
      'bob',
      ZIMPlatformType.Linux,
      expect.any(Function),
    );
    ctx.zim.fire('connectionStateChanged', {
      state: ZIMConnectionState.Connected,
      event: ZIMConnectionEvent.Success,
      extendedData: '',
    });
    ctx.zim.fire('receivePeerMessage', {
      messageList: [message({ message: 'hi bob' })],
      fromConversationID: 'alice',
      info: { isOfflineMessage: false },
    });
    ctx.zim.fire('groupMemberStateChanged', { groupID: 'g', state: 1, event: 1, userList: [] });
    ctx.zim.fire('tokenWillExpire', { second: 30 });
    await new Promise((r) => setImmediate(r));
    expect(ctx.zim.renewToken).toHaveBeenCalledWith('fresh-token');
    process.emit('SIGTERM', 'SIGTERM');
    await done;
    expect(closeSession()).toHaveBeenCalledTimes(1);
    const lines = ctx.stdout.map((l) =>
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
    const done = ctx.handlers().listen({ user: 'bob', json: false }, ctx.globals);
    await new Promise((r) => setImmediate(r));
    ctx.zim.fire('connectionStateChanged', {
      state: ZIMConnectionState.Disconnected,
      event: ZIMConnectionEvent.KickedOut,
      extendedData: 'logged in elsewhere',
    });
    await expect(done).rejects.toThrow(/disconnected from Parley \(KickedOut: logged in elsewhere\)/);
    expect(closeSession()).toHaveBeenCalledTimes(1);
    expect(ctx.stdout[0]).toMatch(/^\S+Z connectionStateChanged Disconnected \(KickedOut\)/);
  });
});

import {
  ZIMConversationNotificationStatus,
  ZIMConversationType,
  ZIMError,
  type ZIMMessage,
  ZIMMessageType,
  ZIMPlatformType,
} from '@parley/sdk';
import { readConfig } from './config';
// commands.testing replaces ./session with a stand-in: nothing here touches the network.
import { closeSession, commandContext, json, message, openSession } from './commands.testing';

describe('commands: login, send, history and conversations', () => {
  const ctx = commandContext();

  it('login logs in and out as platform Other and remembers the user', async () => {
    await ctx.handlers().login({ userID: 'alice', json: false }, ctx.globals);
    expect(openSession()).toHaveBeenCalledWith(
      { endpoint: 'test:1', appID: 'app', appSecret: 'secret' },
      'alice',
      ZIMPlatformType.Other,
    );
    expect(closeSession()).toHaveBeenCalledTimes(1);
    expect(await readConfig(ctx.env)).toEqual({ userID: 'alice' });
    expect(ctx.stdout[0]).toMatch(/logged in as alice at test:1/);
  });

  it('send acts as the remembered user, prints the stored message and logs out', async () => {
    await ctx.handlers().login({ userID: 'alice', json: false }, ctx.globals);
    ctx.zim.sendMessage.mockResolvedValue({ message: message({ conversationSeq: 4, messageID: 'm9' }) });
    await ctx
      .handlers()
      .send(
        { conversationID: 'bob', text: 'hi', conversationType: ZIMConversationType.Peer, json: true },
        ctx.globals,
      );
    expect(openSession()).toHaveBeenLastCalledWith(expect.anything(), 'alice', ZIMPlatformType.Other);
    expect(ctx.zim.sendMessage).toHaveBeenCalledWith(
      { type: ZIMMessageType.Text, message: 'hi' },
      'bob',
      ZIMConversationType.Peer,
    );
    expect(json<{ message: ZIMMessage }>(ctx.stdout[1]).message).toMatchObject({
      messageID: 'm9',
      conversationSeq: 4,
    });
    expect(closeSession()).toHaveBeenCalledTimes(2);
  });

  it('send without a user is a usage error before any login', async () => {
    await expect(
      ctx
        .handlers()
        .send({ conversationID: 'bob', text: 'hi', conversationType: 0, json: false }, ctx.globals),
    ).rejects.toMatchObject({ exitCode: 2 });
    expect(openSession()).not.toHaveBeenCalled();
  });

  it('logs out when the command fails', async () => {
    ctx.zim.sendMessage.mockRejectedValue(new ZIMError(6000231, 'you are not a member of group g'));
    await expect(
      ctx.handlers().send(
        {
          conversationID: 'g',
          text: 'hi',
          conversationType: ZIMConversationType.Group,
          user: 'a',
          json: false,
        },
        ctx.globals,
      ),
    ).rejects.toMatchObject({ code: 6000231 });
    expect(closeSession()).toHaveBeenCalledTimes(1);
  });

  it('history prints oldest first', async () => {
    ctx.zim.queryHistoryMessage.mockResolvedValue({
      messageList: [
        message({ conversationSeq: 3, message: 'c' }),
        message({ conversationSeq: 2, message: 'b' }),
      ],
    });
    await ctx.handlers().history(
      {
        conversationID: 'alice',
        conversationType: ZIMConversationType.Peer,
        count: 2,
        user: 'bob',
        json: false,
      },
      ctx.globals,
    );
    expect(ctx.zim.queryHistoryMessage).toHaveBeenCalledWith('alice', ZIMConversationType.Peer, {
      count: 2,
      reverse: true,
    });
    expect(ctx.stdout.map((l) => l.split(' ')[0])).toEqual(['#2', '#3']);
    ctx.stdout.length = 0;
    await ctx.handlers().history(
      {
        conversationID: 'alice',
        conversationType: ZIMConversationType.Peer,
        count: 2,
        user: 'bob',
        json: true,
      },
      ctx.globals,
    );
    expect(json<{ messageList: ZIMMessage[] }>(ctx.stdout[0]).messageList.map((m) => m.message)).toEqual([
      'b',
      'c',
    ]);
  });

  it('conversations prints a table and the total, or JSON', async () => {
    ctx.zim.queryConversationList.mockResolvedValue({
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
    ctx.zim.queryConversationTotalUnreadMessageCount.mockResolvedValue({ totalUnreadMessageCount: 3 });
    await ctx.handlers().conversations({ user: 'bob', json: false }, ctx.globals);
    expect(ctx.zim.queryConversationList).toHaveBeenCalledWith({ count: 100 });
    expect(ctx.stdout[0]).toMatch(/alice: hello/);
    expect(ctx.stdout[0]).toMatch(/Total unread: 3$/);
    ctx.stdout.length = 0;
    await ctx.handlers().conversations({ user: 'bob', json: true }, ctx.globals);
    expect(
      json<{ totalUnreadMessageCount: number; conversationList: unknown[] }>(ctx.stdout[0]),
    ).toMatchObject({
      totalUnreadMessageCount: 3,
      conversationList: [{ conversationID: 'alice', unreadMessageCount: 3 }],
    });
  });
});

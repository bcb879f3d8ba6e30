// Fixtures of the ZIM specs: fake clients behind a ZIM built with fast timings.
import { status } from '@grpc/grpc-js';
import {
  ConversationType,
  Message,
  type MessagingServiceClient,
  type SendMessageRequest,
  type SyncInboxRequest,
} from '@parley/contracts';
import { ZIMConnectionEvent, ZIMConnectionState, ZIMMessageType, ZIMPlatformType } from './enums';
import { fakeClient, fakeSessionService, grpcError } from './fake-client.testing';
import { SEND_RETRY_POLICY, type ZIMClients, type ZIMSetup } from './setup';
import type { ZIMEventHandler } from './types';
import { ZIM } from './zim';

export const closable = <C>(client: object) => ({ ...client, close: () => undefined }) as C;

/** A messaging service with one device inbox: SyncInbox pages through it, SendMessage stores once per localMessageId. */
export function fakeMessagingService(options: { sendFailures?: number } = {}) {
  const inbox: Message[] = [];
  let acknowledged = 0;
  let sendFailures = options.sendFailures ?? 0;
  const stored = new Map<string, Message>();
  const fake = fakeClient<MessagingServiceClient>({
    syncInbox: (request: SyncInboxRequest) => {
      const after = request.start?.$case === 'afterInboxSeq' ? request.start.value : acknowledged;
      const messages = inbox.filter((m) => m.inboxSeq > after);
      return {
        messages,
        afterInboxSeq: after,
        lastInboxSeq: messages.at(-1)?.inboxSeq ?? after,
        hasMore: false,
      };
    },
    ackInbox: (request: { inboxSeq: number }) => {
      acknowledged = Math.max(acknowledged, request.inboxSeq);
      return { acknowledgedInboxSeq: acknowledged };
    },
    sendMessage: (request: SendMessageRequest) => {
      // The first attempts commit and then fail, as when the reply is lost in a restart.
      const message =
        stored.get(request.localMessageId) ??
        Message.fromPartial({
          messageId: `sent-${stored.size + 1}`,
          localMessageId: request.localMessageId,
          senderUserId: 'me',
          conversationId: request.toConversationId,
          conversationType: request.conversationType,
          text: request.message?.text ?? '',
          type: request.message?.type ?? 0,
        });
      stored.set(request.localMessageId, message);
      if (sendFailures-- > 0) return grpcError(status.UNAVAILABLE, 'no healthy upstream');
      return { message };
    },
  });
  return { client: closable<MessagingServiceClient>(fake.client), calls: fake.calls, inbox, stored };
}

export const fromBob = (inboxSeq: number) =>
  Message.fromPartial({
    messageId: `m${inboxSeq}`,
    inboxSeq,
    senderUserId: 'bob',
    conversationId: 'bob',
    conversationType: ConversationType.CONVERSATION_TYPE_PEER,
    text: `hi ${inboxSeq}`,
  });

export function setUp(options: { tokenProvider?: ZIMSetup['tokenProvider']; sendFailures?: number } = {}) {
  const session = fakeSessionService();
  const messaging = fakeMessagingService(options);
  const stub = closable<never>({});
  const clients: ZIMClients = {
    session: session.client,
    messaging: messaging.client,
    conversation: stub,
    group: stub,
    room: stub,
    media: stub,
  };
  const setup: ZIMSetup = {
    appID: 'app',
    endpoint: 'test',
    platform: ZIMPlatformType.Linux,
    tokenProvider: options.tokenProvider,
    clients,
    reconnect: { initialDelayMs: 250, maxDelayMs: 8_000, random: () => 0 },
    sendRetry: SEND_RETRY_POLICY,
  };
  // The constructor is private: apps use ZIM.create, tests hand in fakes.
  const zim = Reflect.construct(ZIM, [setup]) as ZIM;
  const states: ZIMEventHandler['connectionStateChanged'][] = [];
  const received: { ids: string[]; offline: boolean }[] = [];
  const errors: ZIMEventHandler['error'][] = [];
  zim.on('connectionStateChanged', (_z, data) => states.push(data));
  zim.on('receivePeerMessage', (_z, data) =>
    received.push({ ids: data.messageList.map((m) => m.messageID), offline: data.info.isOfflineMessage }),
  );
  zim.on('error', (_z, data) => errors.push(data));
  const receivedIds = () => received.flatMap((r) => r.ids);
  return { zim, session, messaging, states, received, receivedIds, errors };
}

export const connected = { state: ZIMConnectionState.Connected, event: ZIMConnectionEvent.Success };
export const reconnecting = {
  state: ZIMConnectionState.Reconnecting,
  event: ZIMConnectionEvent.LoginInterrupted,
};
export const text = { type: ZIMMessageType.Text as const, message: 'hello' };

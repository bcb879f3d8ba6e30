import { credentials, Metadata, type ServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import {
  type ConversationType,
  MessageContent,
  type MessagePriority,
  type MessageType,
  MessagingServiceClient,
  type SendMessageResponse,
  SessionServiceClient,
  type SubscribeResponse,
} from '@parley/contracts';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  ZIMConversationType,
  ZIMMessageDirection,
  ZIMMessageSentStatus,
} from './enums';
import { ZIMError, ZIMErrorCode } from './errors';
import { toZIMMessage } from './message-mapping';
import type {
  ZIMAppConfig,
  ZIMEventHandler,
  ZIMLoginConfig,
  ZIMMessage,
  ZIMMessageInput,
  ZIMMessageSendConfig,
  ZIMMessageSendNotification,
  ZIMMessageSentResult,
} from './types';

export const DEFAULT_ENDPOINT = '127.0.0.1:50050';

type Listener<K extends keyof ZIMEventHandler> = (zim: ZIM, data: ZIMEventHandler[K]) => void;

interface LoggedIn {
  userID: string;
  sessionToken: string;
  stream: ReturnType<SessionServiceClient['subscribe']>;
}

const RECEIVE_EVENT: Record<number, keyof ZIMEventHandler> = {
  [ZIMConversationType.Peer]: 'receivePeerMessage',
  [ZIMConversationType.Room]: 'receiveRoomMessage',
  [ZIMConversationType.Group]: 'receiveGroupMessage',
};

/** Parley's client, shaped after ZIM's Web SDK: `ZIM.create`, `login`, `sendMessage`, `on(event)`. */
export class ZIM {
  private readonly events = new EventEmitter();
  private readonly session: SessionServiceClient;
  private readonly messaging: MessagingServiceClient;
  private current: LoggedIn | undefined;

  private constructor(
    readonly appID: string,
    readonly endpoint: string,
  ) {
    const channelOptions = { 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_permit_without_calls': 1 };
    this.session = new SessionServiceClient(endpoint, credentials.createInsecure(), channelOptions);
    this.messaging = new MessagingServiceClient(endpoint, credentials.createInsecure(), channelOptions);
  }

  static create(config: ZIMAppConfig): ZIM {
    const endpoint = config.endpoint ?? process.env['PARLEY_ENDPOINT'] ?? DEFAULT_ENDPOINT;
    return new ZIM(String(config.appID), endpoint);
  }

  on<K extends keyof ZIMEventHandler>(event: K, listener: Listener<K>): void {
    this.events.on(event, listener);
  }

  off<K extends keyof ZIMEventHandler>(event: K): void {
    this.events.removeAllListeners(event);
  }

  private emit<K extends keyof ZIMEventHandler>(event: K, data: ZIMEventHandler[K]): void {
    this.events.emit(event, this, data);
  }

  /** Logs in and opens the event stream; resolves once the stream is live, so no later event is missed. */
  async login(userID: string, config: ZIMLoginConfig): Promise<void> {
    if (this.current) throw new ZIMError(6000111, 'already logged in: call logout first');
    const login = await new Promise<{ sessionToken: string }>((resolve, reject) =>
      this.session.login(
        { appId: this.appID, userId: userID, userName: config.userName ?? '', token: config.token },
        (err, res) => (err ? reject(ZIMError.fromGrpc(err)) : resolve(res)),
      ),
    );
    const stream = this.session.subscribe({}, this.auth(login.sessionToken));
    this.current = { userID, sessionToken: login.sessionToken, stream };
    await new Promise<void>((resolve, reject) => {
      let live = false;
      stream.on('data', (event: SubscribeResponse) => {
        if (!live && event.event?.$case === 'connectionStateChanged') {
          live = true;
          resolve();
        }
        this.dispatch(event, userID);
      });
      stream.on('error', (err: ServiceError) => {
        if (err.code === GrpcStatus.CANCELLED && !this.current) return; // our own logout
        this.current = undefined;
        if (!live) reject(ZIMError.fromGrpc(err));
        this.emit('connectionStateChanged', {
          state: ZIMConnectionState.Disconnected,
          event: ZIMConnectionEvent.LoginInterrupted,
          extendedData: err.details,
        });
      });
      stream.on('end', () => {
        if (!this.current) return;
        this.current = undefined;
        this.emit('connectionStateChanged', {
          state: ZIMConnectionState.Disconnected,
          event: ZIMConnectionEvent.LoginInterrupted,
          extendedData: '',
        });
      });
    });
  }

  logout(): void {
    const current = this.current;
    this.current = undefined;
    current?.stream.cancel();
    if (current)
      this.emit('connectionStateChanged', {
        state: ZIMConnectionState.Disconnected,
        event: ZIMConnectionEvent.Success,
        extendedData: '',
      });
  }

  /** Closes the connections; the instance cannot be used afterwards. */
  destroy(): void {
    this.logout();
    this.session.close();
    this.messaging.close();
    this.events.removeAllListeners();
  }

  async sendMessage(
    message: ZIMMessageInput,
    toConversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageSendConfig = {},
    notification?: ZIMMessageSendNotification,
  ): Promise<ZIMMessageSentResult> {
    const current = this.requireLogin();
    const localMessageID = randomUUID();
    const attached: ZIMMessage = {
      type: message.type,
      message: message.message,
      messageID: '',
      localMessageID,
      senderUserID: current.userID,
      conversationID: toConversationID,
      conversationType,
      direction: ZIMMessageDirection.Send,
      sentStatus: ZIMMessageSentStatus.Sending,
      timestamp: Date.now(),
      conversationSeq: 0,
      orderKey: 0,
      extendedData: message.extendedData ?? '',
      mentionedUserIDs: message.mentionedUserIDs ?? [],
      isMentionAll: message.isMentionAll ?? false,
    };
    notification?.onMessageAttached?.(attached);
    const response = await new Promise<SendMessageResponse>((resolve, reject) =>
      this.messaging.sendMessage(
        {
          message: MessageContent.fromPartial({
            type: message.type as number as MessageType,
            text: message.message,
            extendedData: attached.extendedData,
            mentionedUserIds: attached.mentionedUserIDs,
            isMentionAll: attached.isMentionAll,
          }),
          localMessageId: localMessageID,
          toConversationId: toConversationID,
          conversationType: conversationType as number as ConversationType,
          config: {
            priority: (config.priority ?? 0) as number as MessagePriority,
            hasReceipt: config.hasReceipt ?? false,
            isNotifyMentionedUsers: config.isNotifyMentionedUsers ?? false,
          },
        },
        this.auth(current.sessionToken),
        (err, res) => (err ? reject(ZIMError.fromGrpc(err)) : resolve(res)),
      ),
    );
    if (!response.message) throw new ZIMError(6000203, 'server answered without the stored message');
    return { message: toZIMMessage(response.message, current.userID) };
  }

  private requireLogin(): LoggedIn {
    if (!this.current) throw new ZIMError(ZIMErrorCode.NotLoggedIn, 'not logged in: call login first');
    return this.current;
  }

  private auth(sessionToken: string): Metadata {
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${sessionToken}`);
    return metadata;
  }

  private dispatch(event: SubscribeResponse, userID: string): void {
    switch (event.event?.$case) {
      case 'connectionStateChanged': {
        const { state, event: reason, extendedData } = event.event.value;
        this.emit('connectionStateChanged', { state, event: reason, extendedData });
        return;
      }
      case 'messagesReceived': {
        const batch = event.event.value;
        const name = RECEIVE_EVENT[batch.conversationType];
        if (!name || name === 'connectionStateChanged' || name === 'error') return;
        this.emit(name, {
          messageList: batch.messages.map((m) => toZIMMessage(m, userID)),
          fromConversationID: batch.fromConversationId,
          info: { isOfflineMessage: batch.isOfflineMessage },
        });
        return;
      }
    }
  }
}

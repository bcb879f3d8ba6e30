import { EventEmitter } from 'node:events';
import { Conversations } from './conversations';
import { type ZIMConversationType, ZIMPlatformType } from './enums';
import { DEFAULT_RECONNECT_POLICY } from './event-stream';
import { Groups } from './groups';
import { Media } from './media';
import { Messages } from './messages';
import { Rooms } from './rooms';
import { Session } from './session';
import { delegate } from './delegate';
import { connect, SEND_RETRY_POLICY, type ZIMSetup } from './setup';
import type {
  ZIMAppConfig,
  ZIMEventHandler,
  ZIMLoginConfig,
  ZIMMessage,
  ZIMMessageDeleteConfig,
  ZIMMessageInput,
  ZIMMessageQueryConfig,
  ZIMMessageSendConfig,
  ZIMMessageSendNotification,
} from './types';

export const DEFAULT_ENDPOINT = '127.0.0.1:15050';

type Listener<K extends keyof ZIMEventHandler> = (zim: ZIM, data: ZIMEventHandler[K]) => void;

/**
 * Parley's client, shaped after ZIM's Web SDK: `ZIM.create`, `login`, `sendMessage`, `on(event)`.
 * A facade: each area lives in a module of its own (session, messages, media, conversations,
 * groups, rooms) and ZIM's methods delegate to it; the areas' methods ZIM exposes unchanged are
 * declared by the interface below and attached by `delegate`.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface below
export class ZIM {
  private readonly events = new EventEmitter();
  private readonly session: Session;
  private readonly messages: Messages;
  private readonly conversations: Conversations;
  private readonly groups: Groups;
  private readonly rooms: Rooms;
  private readonly media: Media;
  readonly appID: string;
  readonly endpoint: string;
  /** One session per user and platform: a second login on the same platform kicks the first out. */
  readonly platform: ZIMPlatformType;

  private constructor(private readonly setup: ZIMSetup) {
    this.appID = setup.appID;
    this.endpoint = setup.endpoint;
    this.platform = setup.platform;
    const { clients } = setup;
    this.session = new Session(setup, (event, data) => this.events.emit(event, this, data));
    // Each area owns its client; destroy closes them all. They ask the session who is calling, per call.
    const caller = () => this.session.caller();
    const sender = () => this.session.sender();
    this.messages = new Messages(clients.messaging, caller, sender, setup.sendRetry);
    this.conversations = new Conversations(clients.conversation, caller);
    this.groups = new Groups(clients.group, caller);
    this.rooms = new Rooms(clients.room, caller);
    // Media sends its messages through the messaging client, with sendMessage's status flow.
    this.media = new Media(clients.media, clients.messaging, caller, sender);
  }

  static create(config: ZIMAppConfig): ZIM {
    const endpoint = config.endpoint ?? process.env['PARLEY_ENDPOINT'] ?? DEFAULT_ENDPOINT;
    return new ZIM({
      appID: String(config.appID),
      endpoint,
      platform: config.platform ?? ZIMPlatformType.Linux,
      tokenProvider: config.tokenProvider,
      clients: connect(endpoint),
      reconnect: DEFAULT_RECONNECT_POLICY,
      sendRetry: SEND_RETRY_POLICY,
    });
  }

  on<K extends keyof ZIMEventHandler>(event: K, listener: Listener<K>): void {
    this.events.on(event, listener);
  }

  off<K extends keyof ZIMEventHandler>(event: K): void {
    this.events.removeAllListeners(event);
  }

  // --- Session (session.ts) ---

  /** Logs in and opens the event stream; resolves once the stream is live, so no later event is missed. */
  login(userID: string, config: ZIMLoginConfig): Promise<void> {
    return this.session.login(userID, config);
  }

  /** Ends the session on the server (its token stops working everywhere) and closes the event stream. */
  logout(): Promise<void> {
    return this.session.logout();
  }

  /** Extends the session with a fresh token from your app server (answer to tokenWillExpire). */
  renewToken(token: string): Promise<{ token: string }> {
    return this.session.renewToken(token);
  }

  /** Closes the connections; the instance cannot be used afterwards. */
  destroy(): void {
    this.session.close();
    const { clients } = this.setup;
    clients.session.close();
    clients.messaging.close();
    this.conversations.close();
    this.groups.close();
    this.rooms.close();
    this.media.close();
    this.events.removeAllListeners();
  }

  // --- Messages (messages.ts) ---

  sendMessage(
    message: ZIMMessageInput,
    toConversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageSendConfig = {},
    notification?: ZIMMessageSendNotification,
  ) {
    return this.messages.sendMessage(message, toConversationID, conversationType, config, notification);
  }

  /** ZIM queryHistoryMessage: a page of the conversation as you see it (nothing you deleted). */
  queryHistoryMessage(
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageQueryConfig,
  ) {
    return this.messages.queryHistoryMessage(conversationID, conversationType, config);
  }

  /** ZIM deleteMessages: deletes messages for you only; the other side keeps its copy. */
  deleteMessages(
    messageList: Pick<ZIMMessage, 'messageID'>[],
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageDeleteConfig,
  ) {
    return this.messages.deleteMessages(messageList, conversationID, conversationType, config);
  }

  /** ZIM deleteAllMessage: deletes every message of the conversation for you only. */
  deleteAllMessage(
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageDeleteConfig,
  ) {
    return this.messages.deleteAllMessage(conversationID, conversationType, config);
  }
}

// The areas' own methods, called on ZIM exactly as ZIM's SDK names them (documented in their modules).
const MEDIA_METHODS = ['sendMediaMessage', 'queryMediaDownloadUrl', 'downloadMediaFile'] as const;
const CONVERSATION_METHODS = [
  'queryConversationList',
  'queryConversation',
  'queryConversationTotalUnreadMessageCount',
  'clearConversationUnreadMessageCount',
  'clearConversationTotalUnreadMessageCount',
  'setConversationNotificationStatus',
  'updateConversationPinnedState',
  'deleteConversation',
  'setConversationDraft',
] as const;
const GROUP_METHODS = [
  'createGroup',
  'joinGroup',
  'leaveGroup',
  'dismissGroup',
  'inviteUsersIntoGroup',
  'kickGroupMembers',
  'setGroupMemberRole',
  'queryGroupMemberList',
  'queryGroupInfo',
] as const;
const ROOM_METHODS = ['createRoom', 'enterRoom', 'leaveRoom', 'queryRoomMemberList'] as const;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the delegated methods, typed from their areas
export interface ZIM
  extends Pick<Media, (typeof MEDIA_METHODS)[number]>,
    Pick<Conversations, (typeof CONVERSATION_METHODS)[number]>,
    Pick<Groups, (typeof GROUP_METHODS)[number]>,
    Pick<Rooms, (typeof ROOM_METHODS)[number]> {}

delegate(ZIM, 'media', MEDIA_METHODS);
delegate(ZIM, 'conversations', CONVERSATION_METHODS);
delegate(ZIM, 'groups', GROUP_METHODS);
delegate(ZIM, 'rooms', ROOM_METHODS);

import {
  type ConversationType,
  type LoginResponse,
  type LogoutResponse,
  type Message,
  type MessageContent,
  MessageType,
  type MessagingServiceClient,
  type RenewTokenResponse,
  type SyncInboxResponse,
  type QueryHistoryMessageResponse,
  type DeleteMessagesResponse,
  type DeleteAllMessageResponse,
  type AckInboxResponse,
  type SendMessageResponse,
  type SessionServiceClient,
  type SubscribeResponse,
} from '@parley/contracts';
import { EventEmitter } from 'node:events';
import { Conversations } from './conversations';
import {
  ZIMConnectionEvent,
  ZIMConnectionState,
  type ZIMConversationNotificationStatus,
  ZIMConversationType,
  type ZIMMediaFileType,
  type ZIMGroupMemberRole,
  ZIMPlatformType,
} from './enums';
import { ZIMError, ZIMErrorCode } from './errors';
import { receiveEvents, streamEventToZIM } from './event-mapping';
import { DEFAULT_RECONNECT_POLICY, EventStream } from './event-stream';
import { Groups } from './groups';
import { InboxSync } from './inbox-sync';
import { Media } from './media';
import { toMessageContent, toSendConfig, toZIMMessage } from './message-mapping';
import { Rooms } from './rooms';
import { authMetadata, type Caller, unary, withRetry } from './rpc';
import { type Sender, sendTracked } from './sending';
import { connect, SEND_RETRY_POLICY, type ZIMSetup } from './setup';
import type {
  ZIMAppConfig,
  ZIMConversationDeleteConfig,
  ZIMConversationQueryConfig,
  ZIMEventHandler,
  ZIMGroupAdvancedConfig,
  ZIMGroupMemberListQueryConfig,
  ZIMLoginConfig,
  ZIMMediaDownloadingProgress,
  ZIMMediaMessageInput,
  ZIMMediaMessageSendConfig,
  ZIMMediaMessageSendNotification,
  ZIMMessage,
  ZIMMessageDeleteConfig,
  ZIMMessageDeletedResult,
  ZIMMessageInput,
  ZIMMessageQueriedResult,
  ZIMMessageQueryConfig,
  ZIMMessageSendConfig,
  ZIMMessageSendNotification,
  ZIMMessageSentResult,
  ZIMRoomInfo,
  ZIMRoomMemberQueryConfig,
} from './types';

export const DEFAULT_ENDPOINT = '127.0.0.1:15050';

type Listener<K extends keyof ZIMEventHandler> = (zim: ZIM, data: ZIMEventHandler[K]) => void;

interface LoggedIn {
  userID: string;
  sessionToken: string;
  events: EventStream;
  inbox: InboxSync;
}

/** One attempt that hangs becomes a retry instead of a send that never ends. */
const SEND_ATTEMPT_TIMEOUT_MS = 10_000;
/** Relayed, never stored: the server cannot recognise a repeat, so a retry could deliver them twice. */
const RELAYED_TYPES: ReadonlySet<MessageType> = new Set([
  MessageType.MESSAGE_TYPE_COMMAND,
  MessageType.MESSAGE_TYPE_BARRAGE,
]);

/** Parley's client, shaped after ZIM's Web SDK: `ZIM.create`, `login`, `sendMessage`, `on(event)`. */
export class ZIM {
  private readonly events = new EventEmitter();
  private readonly session: SessionServiceClient;
  private readonly messaging: MessagingServiceClient;
  // Conversation list, groups, rooms and media live in their own modules; ZIM's methods for them delegate.
  private readonly conversations: Conversations;
  private readonly groups: Groups;
  private readonly rooms: Rooms;
  private readonly media: Media;
  private current: LoggedIn | undefined;
  readonly appID: string;
  readonly endpoint: string;
  /** One session per user and platform: a second login on the same platform kicks the first out. */
  readonly platform: ZIMPlatformType;

  private constructor(private readonly setup: ZIMSetup) {
    this.appID = setup.appID;
    this.endpoint = setup.endpoint;
    this.platform = setup.platform;
    const { clients } = setup;
    this.session = clients.session;
    this.messaging = clients.messaging;
    // Each of these modules owns its client; destroy closes them with the rest.
    const caller = () => this.caller();
    this.conversations = new Conversations(clients.conversation, caller);
    this.groups = new Groups(clients.group, caller);
    this.rooms = new Rooms(clients.room, caller);
    // Media sends its messages through ZIM's messaging client, with sendMessage's status flow.
    this.media = new Media(clients.media, this.messaging, caller, () => this.sender());
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

  private emit<K extends keyof ZIMEventHandler>(event: K, data: ZIMEventHandler[K]): void {
    this.events.emit(event, this, data);
  }

  /**
   * Logs in and opens the event stream; resolves once the stream is live, so no later event is missed.
   * The stream is then kept open: a drop raises Reconnecting and the SDK re-opens it (event-stream.ts).
   */
  async login(userID: string, config: ZIMLoginConfig): Promise<void> {
    if (this.current) throw new ZIMError(6000111, 'already logged in: call logout first');
    const login = await unary<LoginResponse>((done) =>
      this.session.login(
        {
          appId: this.appID,
          userId: userID,
          userName: config.userName ?? '',
          token: config.token,
          platform: this.platform,
        },
        done,
      ),
    );
    const current: LoggedIn = {
      userID,
      sessionToken: login.sessionToken,
      inbox: this.inboxFor(() => current),
      events: this.eventsFor(() => current),
    };
    this.current = current;
    try {
      await current.events.start();
    } catch (err) {
      if (this.current === current) this.current = undefined;
      current.inbox.stop();
      throw err;
    }
    // Now that live deliveries flow, pull what this device missed; InboxSync drops what arrives twice.
    // A failed catch-up does not undo the login: it is reported, and the next gap check pulls again.
    await current.inbox.catchUp().catch((err: unknown) => this.report('offline sync failed', err));
  }

  private inboxFor(login: () => LoggedIn): InboxSync {
    const auth = () => authMetadata(login().sessionToken); // read per call: RenewToken replaces the token
    return new InboxSync({
      pull: (start) =>
        unary<SyncInboxResponse>((done) => this.messaging.syncInbox({ start, limit: 200 }, auth(), done)),
      acknowledge: async (inboxSeq) => {
        await unary<AckInboxResponse>((done) => this.messaging.ackInbox({ inboxSeq }, auth(), done));
      },
      deliver: (messages, isOfflineMessage) => this.deliver(messages, login().userID, isOfflineMessage),
    });
  }

  /** The login's event stream; what it reports counts only while that login is the current one. */
  private eventsFor(login: () => LoggedIn): EventStream {
    const active = () => (this.current === login() ? login() : undefined);
    return new EventStream(
      {
        subscribe: () => this.session.subscribe({}, authMetadata(login().sessionToken)),
        event: (event) => {
          const current = active();
          if (current) this.dispatch(event, current);
        },
        state: (change) => {
          if (active()) this.emit('connectionStateChanged', change);
        },
        // Back after a drop: pull what arrived meanwhile (flagged offline; duplicates of live ones dropped).
        resumed: () =>
          void active()
            ?.inbox.resume()
            .catch((err: unknown) => this.report('offline sync failed', err)),
        ended: (change) => {
          const current = active();
          if (!current) return;
          this.current = undefined;
          current.inbox.stop();
          this.emit('connectionStateChanged', change);
        },
      },
      this.setup.reconnect,
    );
  }

  /** Ends the session on the server (its token stops working everywhere) and closes the event stream. */
  async logout(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    current.events.close(); // no reconnecting and no stream events from here on
    current.inbox.stop();
    try {
      // What this device received must not come back as offline messages on its next login.
      await current.inbox.flush().catch(() => undefined);
      await unary<LogoutResponse>((done) =>
        this.session.logout({}, authMetadata(current.sessionToken), done),
      );
    } finally {
      this.emit('connectionStateChanged', {
        state: ZIMConnectionState.Disconnected,
        event: ZIMConnectionEvent.Success,
        extendedData: '',
      });
    }
  }

  /** Extends the session with a fresh token from your app server (answer to tokenWillExpire). */
  async renewToken(token: string): Promise<{ token: string }> {
    return this.renew(this.requireLogin(), token);
  }

  private async renew(current: LoggedIn, token: string): Promise<{ token: string }> {
    const renewed = await unary<RenewTokenResponse>((done) =>
      this.session.renewToken({ token }, authMetadata(current.sessionToken), done),
    );
    current.sessionToken = renewed.sessionToken;
    return { token };
  }

  /** Closes the connections; the instance cannot be used afterwards. */
  destroy(): void {
    const current = this.current;
    this.current = undefined;
    current?.events.close();
    current?.inbox.stop();
    this.session.close();
    this.messaging.close();
    this.conversations.close();
    this.groups.close();
    this.rooms.close();
    this.media.close();
    this.events.removeAllListeners();
  }

  async sendMessage(
    message: ZIMMessageInput,
    toConversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageSendConfig = {},
    notification?: ZIMMessageSendNotification,
  ): Promise<ZIMMessageSentResult> {
    const content = toMessageContent(message);
    const sent = await sendTracked(
      this.sender(),
      content,
      toConversationID,
      conversationType,
      notification,
      async (localMessageID) => {
        const attempt = () =>
          unary<SendMessageResponse>((done) =>
            this.messaging.sendMessage(
              {
                message: content,
                localMessageId: localMessageID,
                toConversationId: toConversationID,
                conversationType: conversationType as number as ConversationType,
                config: toSendConfig(config),
              },
              this.caller().auth,
              { deadline: Date.now() + SEND_ATTEMPT_TIMEOUT_MS },
              done,
            ),
          );
        // Same localMessageID on every attempt: the server answers a repeat with the message it stored.
        const response = await (isRelayed(content) ? attempt() : withRetry(attempt, this.setup.sendRetry));
        return response.message;
      },
    );
    return { message: sent };
  }

  /** ZIM queryHistoryMessage: a page of the conversation as you see it (nothing you deleted). */
  async queryHistoryMessage(
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageQueryConfig,
  ): Promise<ZIMMessageQueriedResult> {
    const current = this.requireLogin();
    const response = await unary<QueryHistoryMessageResponse>((done) =>
      this.messaging.queryHistoryMessage(
        {
          conversationId: conversationID,
          conversationType: conversationType as number as ConversationType,
          nextMessageSeq: config.nextMessage?.conversationSeq ?? 0,
          count: config.count,
          reverse: config.reverse ?? false,
        },
        authMetadata(current.sessionToken),
        done,
      ),
    );
    return {
      conversationID,
      conversationType,
      messageList: response.messages.map((m) => toZIMMessage(m, current.userID)),
    };
  }

  /** ZIM deleteMessages: deletes messages for you only; the other side keeps its copy. */
  async deleteMessages(
    messageList: Pick<ZIMMessage, 'messageID'>[],
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageDeleteConfig,
  ): Promise<ZIMMessageDeletedResult> {
    const current = this.requireLogin();
    await unary<DeleteMessagesResponse>((done) =>
      this.messaging.deleteMessages(
        {
          messageIds: messageList.map((m) => m.messageID),
          conversationId: conversationID,
          conversationType: conversationType as number as ConversationType,
          isAlsoDeleteServerMessage: config.isAlsoDeleteServerMessage,
        },
        authMetadata(current.sessionToken),
        done,
      ),
    );
    return { conversationID, conversationType };
  }

  /** ZIM deleteAllMessage: deletes every message of the conversation for you only. */
  async deleteAllMessage(
    conversationID: string,
    conversationType: ZIMConversationType,
    config: ZIMMessageDeleteConfig,
  ): Promise<ZIMMessageDeletedResult> {
    const current = this.requireLogin();
    await unary<DeleteAllMessageResponse>((done) =>
      this.messaging.deleteAllMessage(
        {
          conversationId: conversationID,
          conversationType: conversationType as number as ConversationType,
          isAlsoDeleteServerMessage: config.isAlsoDeleteServerMessage,
        },
        authMetadata(current.sessionToken),
        done,
      ),
    );
    return { conversationID, conversationType };
  }

  // --- Media messages (media.ts) ---

  /**
   * ZIM sendMediaMessage: Image, File, Audio or Video, from a local file (fileLocalPath, uploaded
   * in resumable chunks first, with onMediaUploadingProgress) or a file you host (fileDownloadUrl).
   */
  async sendMediaMessage(
    message: ZIMMediaMessageInput,
    toConversationID: string,
    conversationType: ZIMConversationType,
    config?: ZIMMediaMessageSendConfig,
    notification?: ZIMMediaMessageSendNotification,
  ) {
    return this.media.sendMediaMessage(message, toConversationID, conversationType, config, notification);
  }

  /** Parley extension: a URL for the message's file, or an image's thumbnail / large image (an uploaded file's expires at expiresAt). */
  async queryMediaDownloadUrl(message: ZIMMessage, fileType?: ZIMMediaFileType) {
    return this.media.queryMediaDownloadUrl(message, fileType);
  }

  /** ZIM downloadMediaFile: writes the message's file (or an image's thumbnail / large image) to fileLocalPath. */
  async downloadMediaFile(
    message: ZIMMessage,
    fileLocalPath: string,
    progress?: ZIMMediaDownloadingProgress,
    fileType?: ZIMMediaFileType,
  ) {
    return this.media.downloadMediaFile(message, fileLocalPath, progress, fileType);
  }

  // --- Conversation list (conversations.ts) ---

  /** ZIM queryConversationList: a page of your conversations, pinned first, then newest first. */
  queryConversationList(config: ZIMConversationQueryConfig) {
    return this.conversations.queryConversationList(config);
  }

  queryConversation(conversationID: string, conversationType: ZIMConversationType) {
    return this.conversations.queryConversation(conversationID, conversationType);
  }

  /** Sum of unread counts over conversations that are not DoNotDisturb. */
  queryConversationTotalUnreadMessageCount() {
    return this.conversations.queryConversationTotalUnreadMessageCount();
  }

  /** Moves your read position to the newest message: the conversation's unread count becomes 0. */
  clearConversationUnreadMessageCount(conversationID: string, conversationType: ZIMConversationType) {
    return this.conversations.clearConversationUnreadMessageCount(conversationID, conversationType);
  }

  clearConversationTotalUnreadMessageCount() {
    return this.conversations.clearConversationTotalUnreadMessageCount();
  }

  setConversationNotificationStatus(
    status: ZIMConversationNotificationStatus,
    conversationID: string,
    conversationType: ZIMConversationType,
  ) {
    return this.conversations.setConversationNotificationStatus(status, conversationID, conversationType);
  }

  updateConversationPinnedState(
    isPinned: boolean,
    conversationID: string,
    conversationType: ZIMConversationType,
  ) {
    return this.conversations.updateConversationPinnedState(isPinned, conversationID, conversationType);
  }

  /** Removes the conversation (and its unread count) from your list until a newer message arrives. */
  deleteConversation(
    conversationID: string,
    conversationType: ZIMConversationType,
    config?: ZIMConversationDeleteConfig,
  ) {
    return this.conversations.deleteConversation(conversationID, conversationType, config);
  }

  /** An empty draft clears it. */
  setConversationDraft(draft: string, conversationID: string, conversationType: ZIMConversationType) {
    return this.conversations.setConversationDraft(draft, conversationID, conversationType);
  }

  // --- Groups (groups.ts) ---

  /** You become the owner; userIDs (up to 100) become members, those that cannot come back in errorUserList. */
  createGroup(
    groupInfo: { groupID?: string; groupName?: string },
    userIDs: string[],
    config?: ZIMGroupAdvancedConfig,
  ) {
    return this.groups.createGroup(groupInfo, userIDs, config);
  }

  joinGroup(groupID: string) {
    return this.groups.joinGroup(groupID);
  }

  /** An owner who leaves hands the group on; the last member's leaving dismisses it. */
  leaveGroup(groupID: string) {
    return this.groups.leaveGroup(groupID);
  }

  /** Owner only. */
  dismissGroup(groupID: string) {
    return this.groups.dismissGroup(groupID);
  }

  inviteUsersIntoGroup(userIDs: string[], groupID: string) {
    return this.groups.inviteUsersIntoGroup(userIDs, groupID);
  }

  /** The owner may kick anyone else; an admin may kick plain members. */
  kickGroupMembers(userIDs: string[], groupID: string) {
    return this.groups.kickGroupMembers(userIDs, groupID);
  }

  /** Owner only: makes a member an admin or an admin a member. */
  setGroupMemberRole(role: ZIMGroupMemberRole, forUserID: string, groupID: string) {
    return this.groups.setGroupMemberRole(role, forUserID, groupID);
  }

  /** Members only, in join order; pass the result's nextFlag back for the next page (0: no more). */
  queryGroupMemberList(groupID: string, config: ZIMGroupMemberListQueryConfig) {
    return this.groups.queryGroupMemberList(groupID, config);
  }

  queryGroupInfo(groupID: string) {
    return this.groups.queryGroupInfo(groupID);
  }

  // --- Rooms (rooms.ts) ---

  /** Fails with 6000323 when the room exists; enterRoom creates it if needed. */
  createRoom(roomInfo: ZIMRoomInfo) {
    return this.rooms.createRoom(roomInfo);
  }

  /** Creates the room when it does not exist; you receive its messages while you are in it. */
  enterRoom(roomInfo: ZIMRoomInfo) {
    return this.rooms.enterRoom(roomInfo);
  }

  leaveRoom(roomID: string) {
    return this.rooms.leaveRoom(roomID);
  }

  /** Members only, in entry order; pass the result's nextFlag back for the next page ('': no more). */
  queryRoomMemberList(roomID: string, config: ZIMRoomMemberQueryConfig) {
    return this.rooms.queryRoomMemberList(roomID, config);
  }

  private requireLogin(): LoggedIn {
    if (!this.current) throw new ZIMError(ZIMErrorCode.NotLoggedIn, 'not logged in: call login first');
    return this.current;
  }

  /** What a send needs from the session: the sender, the device's inbox, the status event. */
  private sender(): Sender {
    const current = this.requireLogin();
    return {
      userID: current.userID,
      inbox: current.inbox,
      statusChanged: (data) => this.emit('messageSentStatusChanged', data),
    };
  }

  /** The logged-in user and metadata for one call; read per call, as renewToken replaces the token. */
  private caller(): Caller {
    const current = this.requireLogin();
    return { userID: current.userID, auth: authMetadata(current.sessionToken) };
  }

  private dispatch(event: SubscribeResponse, current: LoggedIn): void {
    if (event.event?.$case === 'messagesReceived') {
      const batch = event.event.value;
      this.deliver(current.inbox.live(batch.messages), current.userID, batch.isOfflineMessage);
      return;
    }
    const emission = streamEventToZIM(event, current.userID);
    if (emission) this.events.emit(emission.name, this, emission.data);
    if (emission?.name === 'tokenWillExpire' && this.setup.tokenProvider)
      void this.renewWith(this.setup.tokenProvider, current);
  }

  /** tokenProvider set: renew before the token runs out; a failure is reported, the app can still renew. */
  private async renewWith(provider: (userID: string) => Promise<string>, current: LoggedIn): Promise<void> {
    try {
      const token = await provider(current.userID);
      if (this.current === current) await this.renew(current, token);
    } catch (err) {
      if (this.current === current) this.report('token renewal failed', err);
    }
  }

  /** Something the SDK did on its own failed: the app hears of it through the error event. */
  private report(what: string, err: unknown): void {
    const error = err instanceof ZIMError ? err : new ZIMError(ZIMErrorCode.NetworkError, String(err));
    this.emit('error', { code: error.code, message: `${what}: ${error.message}` });
  }

  private deliver(messages: Message[], userID: string, isOfflineMessage: boolean): void {
    for (const { name, data } of receiveEvents(messages, userID, isOfflineMessage))
      this.events.emit(name, this, data);
  }
}

const isRelayed = (content: MessageContent) => RELAYED_TYPES.has(content.type);

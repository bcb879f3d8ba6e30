import type {
  AckInboxResponse,
  LoginResponse,
  LogoutResponse,
  Message,
  RenewTokenResponse,
  SubscribeResponse,
  SyncInboxResponse,
} from '@parley/contracts';
import { ZIMConnectionEvent, ZIMConnectionState } from './enums';
import { ZIMError, ZIMErrorCode } from './errors';
import { receiveEvents, streamEventToZIM } from './event-mapping';
import { EventStream } from './event-stream';
import { InboxSync } from './inbox-sync';
import { authMetadata, type Caller, unary } from './rpc';
import type { Sender } from './sending';
import type { ZIMSetup } from './setup';
import type { ZIMEventHandler, ZIMLoginConfig } from './types';

interface LoggedIn {
  userID: string;
  sessionToken: string;
  events: EventStream;
  inbox: InboxSync;
}

/** Raises a ZIM event on the app's ZIM instance (ZIM passes itself as the first listener argument). */
export type EmitZIMEvent = <K extends keyof ZIMEventHandler>(event: K, data: ZIMEventHandler[K]) => void;

/**
 * The login: session token, event stream and offline sync of the logged-in user. Every other area
 * asks it for the caller (`caller()`, `sender()`), so a renewed token is used from the next call on.
 */
export class Session {
  private current: LoggedIn | undefined;

  constructor(
    private readonly setup: ZIMSetup,
    private readonly emit: EmitZIMEvent,
  ) {}

  private get session() {
    return this.setup.clients.session;
  }

  private get messaging() {
    return this.setup.clients.messaging;
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
          appId: this.setup.appID,
          userId: userID,
          userName: config.userName ?? '',
          token: config.token,
          platform: this.setup.platform,
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

  /** Stops the stream and sync without telling the server (destroy). */
  close(): void {
    const current = this.current;
    this.current = undefined;
    current?.events.close();
    current?.inbox.stop();
  }

  requireLogin(): LoggedIn {
    if (!this.current) throw new ZIMError(ZIMErrorCode.NotLoggedIn, 'not logged in: call login first');
    return this.current;
  }

  /** What a send needs from the session: the sender, the device's inbox, the status event. */
  sender(): Sender {
    const current = this.requireLogin();
    return {
      userID: current.userID,
      inbox: current.inbox,
      statusChanged: (data) => this.emit('messageSentStatusChanged', data),
    };
  }

  /** The logged-in user and metadata for one call; read per call, as renewToken replaces the token. */
  caller(): Caller {
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
    if (emission) this.emit(emission.name, emission.data as never);
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
      this.emit(name, data as never);
  }
}

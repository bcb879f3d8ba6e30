// How an app creates a client and logs in.
import type { ZIMPlatformType } from '../enums';

export interface ZIMAppConfig {
  appID: number | string;
  /** host:port of Parley's edge; defaults to PARLEY_ENDPOINT, then the local stack's 127.0.0.1:15050. */
  endpoint?: string;
  /** The device's platform (default Linux): a second login of the same user on the same platform kicks the first out. */
  platform?: ZIMPlatformType;
  /**
   * Parley extension: fetches a fresh login token for `userID` from your app server. When set, the SDK
   * answers tokenWillExpire itself (it still raises the event): it calls this, then renewToken with the
   * result; a failure of either is reported through the `error` event. Without it, call renewToken yourself.
   */
  tokenProvider?: (userID: string) => Promise<string>;
}

export interface ZIMLoginConfig {
  userName?: string;
  /** JWT from your app server (see generateToken). */
  token: string;
}

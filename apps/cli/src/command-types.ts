// What the parsed commands hand to their handlers, and where the program writes.
import type { ZIMConversationType, ZIMMediaMessageType } from '@parley/sdk';
import type { ConnectionFlags } from './config';

export type Globals = ConnectionFlags;

interface AsUser {
  /** --user; undefined: the user `parley login` remembered. */
  user?: string;
  json: boolean;
}

export interface LoginOptions {
  userID: string;
  json: boolean;
}

export interface SendOptions extends AsUser {
  conversationID: string;
  text: string;
  conversationType: ZIMConversationType;
}

export type ListenOptions = AsUser;

export interface SendFileOptions extends AsUser {
  conversationID: string;
  path: string;
  conversationType: ZIMConversationType;
  /** undefined: guessed from the file's extension. */
  type?: ZIMMediaMessageType;
  /** undefined: the SDK's default (1 MiB). */
  chunkSize?: number;
}

export interface DownloadOptions extends AsUser {
  conversationID: string;
  messageID: string;
  path: string;
  conversationType: ZIMConversationType;
}

export type ConversationsOptions = AsUser;

export interface HistoryOptions extends AsUser {
  conversationID: string;
  conversationType: ZIMConversationType;
  count: number;
}

/** What each command does once its arguments are parsed. */
export interface Handlers {
  login(options: LoginOptions, globals: Globals): Promise<void>;
  send(options: SendOptions, globals: Globals): Promise<void>;
  listen(options: ListenOptions, globals: Globals): Promise<void>;
  sendFile(options: SendFileOptions, globals: Globals): Promise<void>;
  download(options: DownloadOptions, globals: Globals): Promise<void>;
  conversations(options: ConversationsOptions, globals: Globals): Promise<void>;
  history(options: HistoryOptions, globals: Globals): Promise<void>;
}

/** Where the program writes: stdout and stderr, one line per call (no newline in `line`). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export const stdio: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export const DEFAULT_HISTORY_COUNT = 20;

import { credentials } from '@grpc/grpc-js';
import {
  ConversationServiceClient,
  GroupServiceClient,
  MediaServiceClient,
  MessagingServiceClient,
  RoomServiceClient,
  SessionServiceClient,
} from '@parley/contracts';
import type { ZIMPlatformType } from './enums';
import type { ReconnectPolicy } from './event-stream';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './rpc';

/** The gRPC clients ZIM talks through: real ones from ZIM.create, fakes in tests. Each is closed by destroy. */
export interface ZIMClients {
  session: SessionServiceClient;
  messaging: MessagingServiceClient;
  conversation: ConversationServiceClient;
  group: GroupServiceClient;
  room: RoomServiceClient;
  media: MediaServiceClient;
}

/** Everything a ZIM instance is made of (tests build one with fake clients and fast timings). */
export interface ZIMSetup {
  appID: string;
  endpoint: string;
  platform: ZIMPlatformType;
  tokenProvider?: (userID: string) => Promise<string>;
  clients: ZIMClients;
  /** Re-opening a dropped event stream. */
  reconnect: ReconnectPolicy;
  /** Retrying a send after transient failures, with the same localMessageID (the server stores it once). */
  sendRetry: RetryPolicy;
}

/** A send is retried for about this long: long enough to ride out a messaging or edge restart. */
export const SEND_RETRY_POLICY: RetryPolicy = { ...DEFAULT_RETRY_POLICY, budgetMs: 30_000 };

/** One client per service on the endpoint, with keepalives so a dead connection is noticed. */
export function connect(endpoint: string): ZIMClients {
  const channelOptions = { 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_permit_without_calls': 1 };
  const channel = [endpoint, credentials.createInsecure(), channelOptions] as const;
  return {
    session: new SessionServiceClient(...channel),
    messaging: new MessagingServiceClient(...channel),
    conversation: new ConversationServiceClient(...channel),
    group: new GroupServiceClient(...channel),
    room: new RoomServiceClient(...channel),
    media: new MediaServiceClient(...channel),
  };
}

import { commonEnv, loadConfig } from '@parley/platform';
import { z } from 'zod';

const schema = z
  .object({
    PARLEY_CONVERSATION_HOST: z.string().default('127.0.0.1'),
    PARLEY_CONVERSATION_PORT: commonEnv.grpcPort,
    CONVERSATION_DATABASE_URL: commonEnv.databaseUrl,
    KAFKA_BROKERS: commonEnv.kafkaBrokers,
    PARLEY_SESSION_SECRET: commonEnv.sessionSecret,
    /** ZIM: a group holds at most 500 members unless created with a lower maxMemberCount. */
    PARLEY_GROUP_MAX_MEMBERS: z.coerce.number().int().min(2).max(100_000).default(500),
    /** ZIM: createGroup takes at most 100 initial members. */
    PARLEY_GROUP_MAX_INITIAL_MEMBERS: z.coerce.number().int().min(1).max(1000).default(100),
    PARLEY_MAX_PINNED_CONVERSATIONS: z.coerce.number().int().min(1).max(10_000).default(100),
    PARLEY_DRAFT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(64 * 1024)
      .default(2048),
  })
  .transform((e) => ({
    grpc: { host: e.PARLEY_CONVERSATION_HOST, port: e.PARLEY_CONVERSATION_PORT },
    databaseUrl: e.CONVERSATION_DATABASE_URL,
    kafka: { brokers: e.KAFKA_BROKERS },
    sessionSecret: e.PARLEY_SESSION_SECRET,
    limits: {
      groupMaxMembers: e.PARLEY_GROUP_MAX_MEMBERS,
      groupMaxInitialMembers: e.PARLEY_GROUP_MAX_INITIAL_MEMBERS,
      maxPinned: e.PARLEY_MAX_PINNED_CONVERSATIONS,
      draftMaxBytes: e.PARLEY_DRAFT_MAX_BYTES,
    },
  }));

export type ConversationConfig = z.infer<typeof schema>;
export type ConversationLimits = ConversationConfig['limits'];
export const CONVERSATION_CONFIG = Symbol('CONVERSATION_CONFIG');

export function loadConversationConfig(env: NodeJS.ProcessEnv = process.env): ConversationConfig {
  return loadConfig('conversation', schema, env);
}

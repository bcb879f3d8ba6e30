import { commonEnv, loadConfig } from '@parley/platform';
import { z } from 'zod';

const schema = z
  .object({
    PARLEY_CONVERSATION_HOST: z.string().default('127.0.0.1'),
    PARLEY_CONVERSATION_PORT: commonEnv.grpcPort,
    KAFKA_BROKERS: commonEnv.kafkaBrokers,
  })
  .transform((e) => ({
    grpc: { host: e.PARLEY_CONVERSATION_HOST, port: e.PARLEY_CONVERSATION_PORT },
    kafka: { brokers: e.KAFKA_BROKERS },
  }));

export type ConversationConfig = z.infer<typeof schema>;
export const CONVERSATION_CONFIG = Symbol('CONVERSATION_CONFIG');

export function loadConversationConfig(env: NodeJS.ProcessEnv = process.env): ConversationConfig {
  return loadConfig('conversation', schema, env);
}

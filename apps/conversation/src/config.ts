import { loadServiceConfig } from '@parley/platform';
import { z } from 'zod';

const schema = z
  .object({
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
    limits: {
      groupMaxMembers: e.PARLEY_GROUP_MAX_MEMBERS,
      groupMaxInitialMembers: e.PARLEY_GROUP_MAX_INITIAL_MEMBERS,
      maxPinned: e.PARLEY_MAX_PINNED_CONVERSATIONS,
      draftMaxBytes: e.PARLEY_DRAFT_MAX_BYTES,
    },
  }));

export type ConversationConfig = ReturnType<typeof loadConversationConfig>;
export type ConversationLimits = ConversationConfig['limits'];
export const CONVERSATION_CONFIG = Symbol('CONVERSATION_CONFIG');
export const CONVERSATION_LIMITS = Symbol('CONVERSATION_LIMITS');

export function loadConversationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('conversation', 'CONVERSATION_DATABASE_URL', schema, env);
}

import { loadServiceConfig } from '@parley/platform';
import { z } from 'zod';

/** A size limit in bytes, up to `max`, defaulting to ZIM's documented value. */
const byteLimit = (max: number, fallback: number) =>
  z.coerce.number().int().min(0).max(max).default(fallback);

const schema = z
  .object({
    /** ZIM's default text limit is 2 KB, configurable up to 32 KB. */
    PARLEY_TEXT_MAX_BYTES: byteLimit(32 * 1024, 2 * 1024),
    PARLEY_EXTENDED_DATA_MAX_BYTES: byteLimit(64 * 1024, 1024),
    PARLEY_COMMAND_MAX_BYTES: byteLimit(64 * 1024, 5 * 1024),
    PARLEY_BARRAGE_MAX_BYTES: byteLimit(64 * 1024, 5 * 1024),
    PARLEY_SEARCHED_CONTENT_MAX_BYTES: byteLimit(4096, 64),
    /** ZIM: no more than 10 sends per second per user (Barrage exempt). */
    PARLEY_SEND_RATE_PER_SECOND: z.coerce.number().int().min(1).default(10),
  })
  .transform((e) => ({
    limits: {
      textMaxBytes: e.PARLEY_TEXT_MAX_BYTES,
      extendedDataMaxBytes: e.PARLEY_EXTENDED_DATA_MAX_BYTES,
      commandMaxBytes: e.PARLEY_COMMAND_MAX_BYTES,
      barrageMaxBytes: e.PARLEY_BARRAGE_MAX_BYTES,
      searchedContentMaxBytes: e.PARLEY_SEARCHED_CONTENT_MAX_BYTES,
    },
    sendRatePerSecond: e.PARLEY_SEND_RATE_PER_SECOND,
  }));

export type MessagingConfig = ReturnType<typeof loadMessagingConfig>;
export type MessageLimits = MessagingConfig['limits'];

export const MESSAGING_CONFIG = Symbol('MESSAGING_CONFIG');
export const MESSAGE_LIMITS = Symbol('MESSAGE_LIMITS');

export function loadMessagingConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadServiceConfig('messaging', 'MESSAGING_DATABASE_URL', schema, env);
}

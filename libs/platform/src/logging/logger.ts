import pino from 'pino';
import { currentTraceId } from '../observability/trace';

/**
 * JSON logs on stdout, one object per line; PARLEY_LOG_LEVEL (or LOG_LEVEL) sets the level. Lines
 * written while serving an RPC or handling a Kafka batch carry its `traceId`.
 */
export const logger = pino({
  level: process.env['PARLEY_LOG_LEVEL'] ?? process.env['LOG_LEVEL'] ?? 'info',
  base: { service: process.env['PARLEY_SERVICE_NAME'] },
  timestamp: pino.stdTimeFunctions.isoTime,
  mixin: () => {
    const traceId = currentTraceId();
    return traceId === undefined ? {} : { traceId };
  },
});

export type Logger = typeof logger;

import pino from 'pino';

/** JSON logs on stdout, one object per line; PARLEY_LOG_LEVEL (or LOG_LEVEL) sets the level. */
export const logger = pino({
  level: process.env['PARLEY_LOG_LEVEL'] ?? process.env['LOG_LEVEL'] ?? 'info',
  base: { service: process.env['PARLEY_SERVICE_NAME'] },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = typeof logger;

import pino from 'pino';

export type Log = pino.Logger;

/**
 * Structured JSON lines; secrets are redacted wherever they could appear. `destination` is stdout
 * unless given (on a terminal, the status line that keeps a scan's live line below the logs).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Log {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'soniquebay-covers' },
    redact: { paths: ['apiToken', 'authorization', 'headers.authorization', 'password', 'databaseUrl'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

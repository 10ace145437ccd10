import pino from 'pino';

export type Log = pino.Logger;

/** Structured JSON lines; secrets are redacted wherever they could appear. */
export function createLogger(level: string): Log {
  return pino({
    level,
    base: { service: 'soniquebay-covers' },
    redact: { paths: ['apiToken', 'authorization', 'headers.authorization', 'password', 'databaseUrl'], censor: '[redacted]' },
  });
}

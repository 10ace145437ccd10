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
  // Synchronous writes to stdout: pino's default (asynchronous) destination flushes what it holds
  // synchronously at exit while an earlier write may still be in flight on the thread pool, so the
  // last lines of a Ctrl-C came out of order (test/e2e/stop.test.ts saw "embedded postgres
  // stopped" after "stopped" in CI); a line written before a crash exit must not be lost either.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

import { relative, resolve } from 'node:path';
import { openDatabase, startApp } from './app.js';
import { parseCommand, USAGE, UsageError } from './cli.js';
import { coverLibraryHooks } from './covers/cover.library.js';
import { isConnectionError } from './db/database.js';
import { createJobQueue } from './jobs/queue.js';
import { ConfigError, loadConfig } from './env.js';
import { resolveLibraryPath } from './library/library.service.js';
import { runScanCommand } from './library/library.cli.js';
import { SCAN_REFUSED_IN_PUSH_MODE } from './library/library.service.js';
import { createLogger, type Log } from './logger.js';
import { createStatusLine } from './status-line.js';

// The only entry point: environment -> database -> worker -> server, and the signals.
async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  if (command.name === 'help') {
    console.log(USAGE);
    return 0;
  }
  const config = loadConfig();
  // On a terminal, a scan's progress is one live line below the logs.
  const statusLine = process.stdout.isTTY ? createStatusLine(process.stdout) : undefined;
  const log = createLogger(config.logLevel, statusLine);
  guardProcess(log);

  if (command.name === 'migrate') {
    const handle = await openDatabase(config, log, { attach: true });
    await handle.close();
    log.info('database is up to date');
    return 0;
  }

  if (command.name === 'scan') {
    if (config.librarySource === 'push') throw new UsageError(SCAN_REFUSED_IN_PUSH_MODE);
    // A folder relative to MUSIC_DIR, as the scanLibrary mutation takes it (an absolute path inside it works too).
    const dir = command.dir ? resolve(config.musicDir, command.dir) : config.musicDir;
    const rel = relative(config.musicDir, dir);
    if (rel.startsWith('..')) {
      throw new UsageError(`${dir} is outside MUSIC_DIR (${config.musicDir}); run with MUSIC_DIR=${dir} to make it the library`);
    }
    const subPath = await resolveLibraryPath(config.musicDir, rel || null);
    const handle = await openDatabase(config, log, { attach: true });
    // Ctrl-C stops the scan between files; a second one stops the process at once.
    const stop = new AbortController();
    const onSignal = () => {
      stop.abort();
      process.once('SIGINT', () => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let closed = false;
    try {
      return await runScanCommand(handle.db, {
        root: config.musicDir,
        subPath: subPath ?? undefined,
        log,
        statusLine,
        progressEveryMs: config.scanProgressEveryMs,
        // The covers of what the scan added or changed are queued as the worker's scans queue them,
        // so a fresh database does not wait for a page view or the maintenance job to start on them.
        hooks: coverLibraryHooks({ db: handle.db, queue: createJobQueue(handle.db) }),
        signal: stop.signal,
        print: (line) => console.log(line),
        close: async () => {
          closed = true;
          await handle.close();
        },
      });
    } finally {
      if (!closed) await handle.close();
    }
  }

  const app = await startApp(config, command.name, log, undefined, { statusLine });
  log.info({ role: command.name, url: app.url ? `${app.url}/graphql` : undefined, musicDir: config.musicDir, profile: config.profile }, 'SoniqueBay Covers is running');

  await new Promise<void>((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      log.info({ signal }, 'shutting down');
      resolveSignal();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  // A second signal while draining means "now".
  const force = () => process.exit(130);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  await app.stop();
  log.info('stopped');
  return 0;
}

/**
 * A promise nobody awaited must not end the service: graphile-worker releases a finished job
 * without awaiting it, so a database outage surfaces here; the worker queues such jobs again when
 * the database answers. An exception nobody caught leaves the state unknown: exit, saying why.
 */
function guardProcess(log: Log): void {
  process.on('unhandledRejection', (reason: unknown) => {
    const err = reason instanceof Error ? reason : new Error(String(reason));
    const code = (err as { code?: string }).code;
    if (isConnectionError(err)) log.warn({ err: err.message, code }, 'database unreachable: an operation was dropped; its job runs again when the database answers');
    else log.error({ err: err.message, code, stack: err.stack }, 'unhandled promise rejection; the service keeps running');
  });
  process.on('uncaughtException', (err: Error) => {
    log.fatal({ err: err.message, stack: err.stack }, 'uncaught exception: the process state is unknown, exiting (the next start cleans up after it)');
    process.exit(70);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof UsageError) {
      console.error(err.message);
      if (err instanceof UsageError) console.error(`\n${USAGE}`);
    } else {
      console.error('soniquebay-covers failed to start:', err instanceof Error ? err.message : err);
    }
    process.exit(1);
  },
);

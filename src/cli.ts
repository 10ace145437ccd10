/** The commands of `src/main.ts`: serve (default), api, worker, scan [dir], migrate. */
export type Command =
  | { name: 'serve' | 'api' | 'worker' }
  | { name: 'scan'; dir: string | null }
  | { name: 'migrate' }
  | { name: 'help' };

export const USAGE = `usage: soniquebay-covers [serve | api | worker | scan [dir] | migrate]

  serve     API and worker in one process (default)
  api       GraphQL API and image routes only
  worker    background jobs only (scans, cover resolution)
  scan      scan the library now (or one folder inside it) and print a summary
  migrate   bring the database schema up to date and exit

Configuration comes from the environment; see README.md.`;

export function parseCommand(argv: string[]): Command {
  const [name = 'serve', ...rest] = argv;
  switch (name) {
    case 'serve':
    case 'api':
    case 'worker':
    case 'migrate':
      if (rest.length > 0) throw new UsageError(`${name} takes no arguments`);
      return { name };
    case 'scan':
      if (rest.length > 1) throw new UsageError('scan takes at most one folder');
      return { name, dir: rest[0] ?? null };
    case 'help':
    case '--help':
    case '-h':
      return { name: 'help' };
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

export class UsageError extends Error {
  override name = 'UsageError';
}

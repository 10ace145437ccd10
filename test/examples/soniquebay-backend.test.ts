import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

// The example client of examples/soniquebay-backend/ against the real service: it must not rot.

const SCRIPT = resolve(PROJECT_ROOT, 'examples/soniquebay-backend/soniquebay_covers.py');
const EXPORT = resolve(PROJECT_ROOT, 'examples/soniquebay-backend/library-export.json');
const TOKEN = 'example-token-0123';
const SECRET = 'example-secret-0123456789';

/** A python3 process and the JSON lines it prints. */
function python(args: string[]): { child: ChildProcess; lines: unknown[]; next: (pred: (l: any) => boolean, ms: number) => Promise<any>; exit: Promise<number | null> } {
  const child = spawn('python3', [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: unknown[] = [];
  const waiters: { pred: (l: any) => boolean; done: (l: any) => void }[] = [];
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const parsed = JSON.parse(line);
    lines.push(parsed);
    for (const w of [...waiters]) if (w.pred(parsed)) w.done(parsed);
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const next = (pred: (l: any) => boolean, ms: number) =>
    new Promise<any>((ok, fail) => {
      const seen = lines.find(pred);
      if (seen) return ok(seen);
      const timer = setTimeout(() => fail(new Error(`no such line within ${ms} ms; lines: ${JSON.stringify(lines)}; stderr: ${stderr}`)), ms);
      waiters.push({ pred, done: (l) => (clearTimeout(timer), ok(l)) });
    });
  return { child, lines, next, exit };
}

let t: TestApp | undefined;
let listener: ReturnType<typeof python> | undefined;

afterAll(async () => {
  listener?.child.kill();
  await t?.stop();
});

describe('examples/soniquebay-backend', () => {
  it('registers the export, gets each settled cover through the signed webhook, and refuses a forged one', async () => {
    listener = python(['listen', '--port', '0', '--secret', SECRET, '--count', '4']);
    const { listening: port } = await listener.next((l) => 'listening' in l, 10_000);
    // A forged delivery (no valid signature) is refused and not counted.
    const forged = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', headers: { 'x-covers-signature': 'sha256=00' }, body: '{}' });
    expect(forged.status).toBe(401);

    t = await startTestApp({
      env: {
        LIBRARY_SOURCE: 'push',
        API_TOKEN: TOKEN,
        COVER_SOURCES: 'embedded,folder,placeholder',
        ARTIST_IMAGE_SOURCES: 'folder,placeholder',
        COVER_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
        COVER_WEBHOOK_SECRET: SECRET,
      },
    });
    const register = python(['register', '--url', t.url, '--token', TOKEN, EXPORT]);
    expect(await register.exit).toBe(0);
    expect(register.lines).toEqual([{ registered: { artistsAdded: 2, artistsChanged: 0, artistsUnchanged: 0, albumsAdded: 2, albumsChanged: 0, albumsUnchanged: 0 } }]);

    expect(await listener.exit).toBe(0);
    const covers = listener.lines.flatMap((l: any) => (l.cover ? [l.cover] : []));
    expect(covers.filter((c) => c.entityType === 'album').map((c) => [c.externalId, c.status, c.source]).sort()).toEqual([
      ['501', 'READY', 'FOLDER'],
      ['502', 'READY', 'FOLDER'],
    ]);
    expect(listener.lines).toContainEqual({ refused: 'bad signature' });

    // The same export again changes nothing.
    const again = python(['register', '--url', t.url, '--token', TOKEN, EXPORT]);
    expect(await again.exit).toBe(0);
    expect(again.lines).toEqual([{ registered: { artistsAdded: 0, artistsChanged: 0, artistsUnchanged: 2, albumsAdded: 0, albumsChanged: 0, albumsUnchanged: 2 } }]);

    const removed = python(['remove', '--url', t.url, '--token', TOKEN, '--album', '501']);
    expect(await removed.exit).toBe(0);
    expect(removed.lines).toEqual([{ removed: { __typename: 'RemoveFromLibraryPayload', albumsRemoved: 1, artistsRemoved: 0 } }]);
  }, 120_000);
});

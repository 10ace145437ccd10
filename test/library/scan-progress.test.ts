import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';
import { type ScanProgress, scanPace } from '../../src/library/library.progress.js';
import { createScanReporter, progressLine, summaryLine } from '../../src/library/library.report.js';
import { createLogger } from '../../src/logger.js';
import { createStatusLine } from '../../src/status-line.js';
import { generateLibrary, type GeneratedLibrary } from '../helpers/generated-library.js';
import { startService } from '../helpers/process.js';

const p = (over: Partial<ScanProgress>): ScanProgress => ({
  filesSeen: 0,
  filesTotal: null,
  filesParsed: 0,
  filesSkipped: 0,
  filesFailed: 0,
  filesIgnored: 0,
  artistsAdded: 0,
  albumsAdded: 0,
  albumsChanged: 0,
  albumsRemoved: 0,
  done: false,
  ...over,
});

function sink() {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as unknown as NodeJS.WriteStream;
  out.columns = 200;
  return { out, text: () => chunks.join(''), chunks };
}

describe('scan pace', () => {
  it('is files seen per second, and the time left once the total is counted', () => {
    expect(scanPace(p({ filesSeen: 500 }), 2000)).toEqual({ filesPerSec: 250, secondsLeft: null });
    expect(scanPace(p({ filesSeen: 500, filesTotal: 4000 }), 2000)).toEqual({ filesPerSec: 250, secondsLeft: 14 });
    expect(scanPace(p({ filesSeen: 0, filesTotal: 4000 }), 0)).toEqual({ filesPerSec: 0, secondsLeft: null });
    expect(scanPace(p({ filesSeen: 4000, filesTotal: 4000, done: true }), 8000).secondsLeft).toBe(0);
  });

  it('reads as one line, live and at the end', () => {
    expect(progressLine(p({ filesSeen: 1234, filesTotal: 4000, filesParsed: 1200, filesFailed: 3, albumsAdded: 120 }), 4000)).toBe(
      'scanning 1,234/4,000 files, about 9.0 s left (309 files/s): 1,200 read, 3 failed, 120 albums added',
    );
    expect(progressLine(p({ filesSeen: 10 }), 1000)).toBe('scanning 10 files, counting (10 files/s): 0 read, 0 failed, 0 albums added');
    expect(progressLine(p({ filesSeen: 1000, filesTotal: 50_000 }), 10_000)).toMatch(/^scanning 1,000\/50,000 files, about 8 min 10 s left \(100 files\/s\)/);
    expect(summaryLine({ filesSeen: 4000, filesParsed: 3990, filesSkipped: 0, filesFailed: 10, filesIgnored: 0, albumsAdded: 400, albumsChanged: 0, albumsRemoved: 0 }, 65_000)).toBe(
      'scanned 4,000 files in 65 s: 3,990 read, 0 unchanged, 10 failed; albums 400 added, 0 changed, 0 removed',
    );
    expect(summaryLine({ filesSeen: 4000, filesParsed: 3990, filesSkipped: 0, filesFailed: 10, filesIgnored: 7, albumsAdded: 400, albumsChanged: 0, albumsRemoved: 0 }, 65_000)).toBe(
      'scanned 4,000 files in 65 s: 3,990 read, 0 unchanged, 10 failed, 7 ignored; albums 400 added, 0 changed, 0 removed',
    );
  });
});

describe('the scan reporter', () => {
  it('logs a JSON progress line at most every `everyMs` when there is no terminal, and none for the final event', () => {
    const s = sink();
    let clock = 0;
    const reporter = createScanReporter({ log: createLogger('info', s.out), everyMs: 1000, scanId: 7, now: () => clock });
    for (clock = 250; clock <= 3000; clock += 250) reporter.onProgress(p({ filesSeen: clock, filesTotal: 6000 }));
    reporter.onProgress(p({ filesSeen: 3000, filesTotal: 3000, done: true }));
    const lines = s.text().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.filesSeen)).toEqual([1000, 2000, 3000]);
    expect(lines[0]).toMatchObject({ msg: 'scan progress', scanId: 7, filesTotal: 6000, filesPerSec: 1000, secondsLeft: 5 });
  });

  it('draws a live line on a terminal, keeps log lines above it, and leaves nothing when done', () => {
    const s = sink();
    const line = createStatusLine(s.out);
    const log = createLogger('info', line);
    let clock = 0;
    const reporter = createScanReporter({ log, statusLine: line, everyMs: 1000, now: () => clock });
    clock = 1000;
    reporter.onProgress(p({ filesSeen: 100, filesTotal: 200 }));
    log.info('something else happened');
    clock = 2000;
    reporter.onProgress(p({ filesSeen: 200, filesTotal: 200, done: true }));
    const [first, logged, cleared] = s.chunks;
    expect(first).toBe('\r\x1b[2Kscanning 100/200 files, about 1.0 s left (100 files/s): 0 read, 0 failed, 0 albums added');
    // The log line wipes the live one, is written whole, and the live line is drawn again below it.
    expect(logged).toMatch(/^\r\x1b\[2K\{.*"msg":"something else happened"\}\nscanning 100\/200 files/);
    expect(cleared).toBe('\r\x1b[2K');
    expect(s.chunks).toHaveLength(3);
  });
});

describe('`scan` shows its progress', () => {
  let work: string;
  let library: GeneratedLibrary;
  const env = (dataDir: string) => ({
    DATA_DIR: dataDir,
    MUSIC_DIR: join(work, 'music'),
    SCAN_PROGRESS_EVERY_MS: '100',
    LOG_LEVEL: 'info',
  });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'covers-scan-progress-'));
    await chmod(work, 0o755);
    library = await generateLibrary(join(work, 'music'), { artists: 10, albumsPerArtist: 10, tracksPerAlbum: 10, broken: 3 });
  }, 60_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('as JSON lines when stdout is not a terminal, then the failures and one summary line', async () => {
    const scan = startService(['scan'], env(join(work, 'data-json')));
    const { code } = await scan.exited;
    expect(code, scan.output()).toBe(0);
    const out = scan.output().trim().split('\n');
    const progress = out.filter((l) => l.includes('"msg":"scan progress"')).map((l) => JSON.parse(l) as Record<string, number>);
    expect(progress.length).toBeGreaterThan(0);
    for (const l of progress) {
      expect(l).toMatchObject({ filesSeen: expect.any(Number), filesParsed: expect.any(Number), filesFailed: expect.any(Number), albumsAdded: expect.any(Number), filesPerSec: expect.any(Number) });
      expect(l.filesSeen).toBeLessThanOrEqual(library.files);
    }
    expect(progress.some((l) => l.filesTotal === library.files && typeof l.secondsLeft === 'number')).toBe(true);
    // Paths relative to MUSIC_DIR, never the absolute one.
    const failures = out.filter((l) => l.startsWith('could not read '));
    expect(failures.map((l) => l.slice('could not read '.length, l.indexOf(': ')))).toEqual(library.broken);
    expect(scan.output()).not.toContain(work);
    const summary = JSON.parse(out.at(-1)!) as Record<string, unknown>;
    expect(summary).toMatchObject({ msg: 'scan finished', filesSeen: library.files, filesFailed: 3, albumsAdded: library.albums, filesParsed: library.files - 3 });
  }, 180_000);

  it('as a live line on a terminal (run under `script`), then the failures and one summary line', async () => {
    const cmd = `${process.execPath} --import tsx ${resolve(PROJECT_ROOT, 'src/main.ts')} scan`;
    const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', ...env(join(work, 'data-tty')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code, out).toBe(0);
    const live = out.split('\r\x1b[2K').filter((s) => s.startsWith('scanning '));
    expect(live.length, out).toBeGreaterThan(0);
    expect(live.some((l) => new RegExp(`^scanning [\\d,]+/${library.files.toLocaleString('en-US')} files, about [\\d.]+ s left \\(\\d+ files/s\\)`).test(l)), live.join('\n')).toBe(true);
    // One row of the terminal (80 columns under `script`), never wrapped: a narrow terminal cuts the
    // end of the line (the counts), never the files, the time left or the rate that come first.
    for (const l of live) expect(l.length).toBeLessThan(80);
    // No JSON progress lines on a terminal: the live line says it.
    expect(out).not.toContain('"msg":"scan progress"');
    const rows = out.replace(/\r\x1b\[2K/g, '\n').split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('scanning '));
    expect(rows.filter((l) => l.startsWith('could not read '))).toHaveLength(3);
    expect(rows.at(-1)).toMatch(new RegExp(`^scanned ${library.files.toLocaleString('en-US')} files in .*: ${(library.files - 3).toLocaleString('en-US')} read, 0 unchanged, 3 failed; albums ${library.albums} added, 0 changed, 0 removed$`));
  }, 180_000);
});

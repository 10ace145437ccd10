import { mkdtemp, readFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEMO_LIBRARY, loadConfig, PROJECT_ROOT } from '../src/env.js';

describe('configuration', () => {
  it('puts fanart.tv in the default chains once FANARTTV_API_KEY is set, and keeps a chain listed by hand as it is', () => {
    const keyed = loadConfig({ FANARTTV_API_KEY: 'k' });
    expect(keyed.artistSources).toEqual(['folder', 'fanarttv', 'wikidata', 'theaudiodb', 'deezer', 'lastfm', 'placeholder']);
    expect(keyed.albumSources).toEqual(['embedded', 'folder', 'coverartarchive', 'fanarttv', 'lastfm', 'deezer', 'placeholder']);
    expect(loadConfig({ ARTIST_IMAGE_SOURCES: 'fanarttv,placeholder' }).artistSources).toEqual(['fanarttv', 'placeholder']);
    expect(loadConfig({}).theaudiodbApiKey).toBe('123');
  });

  it('has working defaults: demo library, loopback, port 4000, the seed plan source order', () => {
    const c = loadConfig({});
    expect(c.musicDir).toBe(DEMO_LIBRARY);
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(4000);
    expect(c.albumSources).toEqual(['embedded', 'folder', 'coverartarchive', 'lastfm', 'deezer', 'placeholder']);
    // fanart.tv needs a key: left out of the default chains without one.
    expect(c.artistSources).toEqual(['folder', 'wikidata', 'theaudiodb', 'deezer', 'lastfm', 'placeholder']);
    expect(c.userAgent).toMatch(/^SoniqueBayCovers\/\d+\.\d+\.\d+ \( .+ \)$/);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it.each([
    [{ COVER_SOURCES: 'embedded,spotify' }, /COVER_SOURCES: unknown source "spotify"/],
    [{ ARTIST_IMAGE_SOURCES: 'embedded' }, /ARTIST_IMAGE_SOURCES: unknown source "embedded"/],
    [{ COVER_SOURCES: 'folder,folder' }, /COVER_SOURCES: lists a source twice/],
    [{ PORT: '70000' }, /PORT/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be a postgres:\/\/ URL/],
    [{ DEEZER_URL: 'ftp://x' }, /DEEZER_URL/],
    [{ PROFILE: 'huge' }, /PROFILE/],
    [{ API_TOKEN: 'short' }, /API_TOKEN: must be at least 8 characters/],
    [{ API_TOKEN_READS: 'true' }, /API_TOKEN_READS: needs API_TOKEN/],
    [{ API_TOKEN_READS: 'yes' }, /API_TOKEN_READS/],
    [{ CORS_ORIGINS: 'app.example' }, /CORS_ORIGINS: "app.example" is not an origin/],
    [{ CORS_ORIGINS: 'https://app.example/path' }, /CORS_ORIGINS: "https:\/\/app.example\/path" is not an origin/],
    [{ ALLOWED_HOSTS: 'covers.lan/x' }, /ALLOWED_HOSTS: "covers.lan\/x" is not a host name/],
    [{ COVERARTARCHIVE_IMAGE_HOSTS: '*.archive.org' }, /COVERARTARCHIVE_IMAGE_HOSTS: "\*\.archive\.org" is not an image host/],
    [{ DEEZER_IMAGE_HOSTS: 'cdn.example:99999' }, /DEEZER_IMAGE_HOSTS: "cdn\.example:99999" is not an image host/],
    [{ LASTFM_IMAGE_HOSTS: 'https://img.example' }, /LASTFM_IMAGE_HOSTS/],
    [{ IMAGE_WORK_CONCURRENCY: '0' }, /IMAGE_WORK_CONCURRENCY/],
    [{ IMAGE_WORK_QUEUE: '-1' }, /IMAGE_WORK_QUEUE/],
    [{ COVER_CANDIDATES_TTL_MS: '-1' }, /COVER_CANDIDATES_TTL_MS/],
    [{ COVER_CANDIDATES_TTL_MS: 'a day' }, /COVER_CANDIDATES_TTL_MS/],
    [{ MUSIC_DIR: '/definitely/not/here' }, /MUSIC_DIR: cannot read \/definitely\/not\/here/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(ConfigError);
    expect(() => loadConfig(env)).toThrowError(message);
  });

  it('keeps gathered cover candidates a day unless COVER_CANDIDATES_TTL_MS says otherwise', () => {
    expect(loadConfig({}).coverCandidatesTtlMs).toBe(86_400_000);
    expect(loadConfig({ COVER_CANDIDATES_TTL_MS: '3600000' }).coverCandidatesTtlMs).toBe(3_600_000);
    expect(loadConfig({ COVER_CANDIDATES_TTL_MS: '0' }).coverCandidatesTtlMs).toBe(0);
  });

  it('refuses a MUSIC_DIR that is a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'covers-env-'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, 'f'), 'x');
    expect(() => loadConfig({ MUSIC_DIR: join(dir, 'f') })).toThrowError(/MUSIC_DIR: cannot read .*not a directory/);
  });

  it('derives the rpi4 profile, and lets a variable override it', () => {
    const pi = loadConfig({ PROFILE: 'rpi4' });
    expect(pi.sharpCache).toBe(false);
    expect(pi.workerConcurrency).toBeLessThanOrEqual(loadConfig({}).workerConcurrency);
    expect(loadConfig({ PROFILE: 'rpi4', WORKER_CONCURRENCY: '3' }).workerConcurrency).toBe(3);
    expect(loadConfig({ PROFILE: 'rpi4', SHARP_CACHE_MB: '8' }).sharpCache).toEqual({ memory: 8, files: 0, items: 64 });
    expect(loadConfig({ SHARP_CACHE_MB: '0' }).sharpCache).toBe(false);
    expect(() => loadConfig({ SHARP_CACHE_MB: '-1' })).toThrow(/SHARP_CACHE_MB/);
  });

  // Issue 12 point 4: the default profile stays under 200 MB because it is sized to the machine.
  it('sizes the default profile to the cores: workers, libvips threads, no libvips cache', () => {
    const d = loadConfig({});
    const cores = availableParallelism();
    expect(d.workerConcurrency).toBe(Math.max(2, Math.min(4, cores)));
    expect(d.sharpConcurrency).toBeGreaterThanOrEqual(1);
    expect(d.sharpConcurrency * d.workerConcurrency).toBeLessThanOrEqual(Math.max(cores, d.workerConcurrency));
    expect(d.sharpCache).toBe(false);
  });

  it('caps V8\'s young generation where npm start, start:api and start:worker start the service', async () => {
    const { scripts } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const name of ['start', 'start:api', 'start:worker', 'start:rpi4']) {
      const semi = /--max-semi-space-size=(\d+)/.exec(scripts[name] ?? '');
      expect(semi, name).not.toBeNull();
      expect(Number(semi![1]), name).toBeLessThanOrEqual(4);
    }
  });

  it('caps glibc malloc arenas in every script that starts the service', async () => {
    const { scripts } = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const starting = Object.entries(scripts).filter(([, s]) => s.includes('dist/main.js'));
    expect(starting.map(([n]) => n)).toEqual(expect.arrayContaining(['start', 'start:rpi4', 'start:api', 'start:worker']));
    for (const [name, script] of starting) expect(`${name}: ${script.split('&&').at(-1)!.trim()}`).toMatch(new RegExp(`^${name}: (\\S+=\\S+ )*MALLOC_ARENA_MAX=2 `));
  });

  it('reads the security settings: no extra origin or host by default, lists when given', () => {
    const d = loadConfig({});
    expect(d).toMatchObject({ apiTokenReads: false, corsOrigins: [], allowedHosts: [], imageWork: { concurrency: 2, queue: 64 } });
    const c = loadConfig({
      API_TOKEN: 'a-long-token',
      API_TOKEN_READS: 'true',
      CORS_ORIGINS: 'https://app.example, http://localhost:5173/',
      ALLOWED_HOSTS: 'Covers.LAN,covers.example:8443',
      IMAGE_WORK_CONCURRENCY: '3',
      IMAGE_WORK_QUEUE: '0',
    });
    expect(c).toMatchObject({
      apiTokenReads: true,
      corsOrigins: ['https://app.example', 'http://localhost:5173'],
      allowedHosts: ['covers.lan', 'covers.example:8443'],
      imageWork: { concurrency: 3, queue: 0 },
    });
    expect(loadConfig({ PROFILE: 'rpi4' }).imageWork.concurrency).toBe(1);
  });
});

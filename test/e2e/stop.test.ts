import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_LIBRARY } from '../../src/env.js';
import { startService } from '../helpers/process.js';

describe('Ctrl-C (SIGINT to the whole foreground process group, as a terminal sends it)', () => {
  it('stops cleanly: one info line per part stopped, nothing at warn or error', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'covers-stop-'));
    await chmod(dataDir, 0o755);
    const env = { DATA_DIR: dataDir, PORT: '0', MUSIC_DIR: DEMO_LIBRARY, COVER_SOURCES: 'embedded,folder,placeholder', ARTIST_IMAGE_SOURCES: 'folder,placeholder' };
    const service = startService(['serve'], env, { group: true });
    try {
      await service.waitFor(/SoniqueBay Covers is running/, 60_000);
      await service.waitFor(/scan finished/, 30_000);
      service.kill('SIGINT');
      expect((await service.exited).code).toBe(0);
      const lines = service.output().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      const afterSignal = lines.slice(lines.findIndex((l) => l.msg === 'shutting down') + 1).map((l) => l.msg).filter((m) => m.endsWith('stopped') || m.endsWith('closed'));
      expect(afterSignal).toEqual(['http server stopped', 'alerter stopped', 'job worker stopped', 'cover sources stopped', 'event bus stopped', 'embedded postgres stopped', 'database connections closed', 'stopped']);
    } finally {
      service.kill('SIGKILL');
      await service.exited;
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

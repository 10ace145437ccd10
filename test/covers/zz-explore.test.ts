import { it } from 'vitest';
import { startTestApp } from '../helpers/app.js';
import { startFakeRemotes } from '../helpers/fake-remotes.js';
import { scan, waitForSettled } from '../helpers/covers.js';

it('explore', async () => {
  const fake = await startFakeRemotes();
  const t0 = Date.now();
  const t = await startTestApp({ env: { ...fake.env(), MUSICBRAINZ_RATE_PER_SEC: '50', WORKER_CONCURRENCY: '4' } });
  console.log('start', Date.now() - t0);
  await scan(t);
  console.log('scan', Date.now() - t0);
  const albums = await waitForSettled(t, 30000, { artists: true });
  console.log('settled', Date.now() - t0);
  for (const [f, a] of albums) console.log(f, a.cover.status, a.cover.source, a.cover.url, a.cover.width, a.cover.dominantColor, a.cover.trace.map((x) => `${x.source}:${x.outcome}:${x.detail}`).join(' | '));
  await t.stop(); await fake.close();
}, 60000);

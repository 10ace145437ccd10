import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/env.js';

/**
 * A screenshot of a main view. `UPDATE_SCREENSHOTS=1` writes them to docs/screenshots/ (committed,
 * shown in the README); otherwise to a temporary folder, so a test run leaves the tree as it was.
 */
export const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS === '1' ? join(PROJECT_ROOT, 'docs', 'screenshots') : join(tmpdir(), 'covers-screenshots');

export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const png = await page.screenshot({ fullPage: opts.fullPage ?? false, animations: 'disabled' });
  // A palette PNG: a few tens of KB instead of a few hundred, small enough to commit.
  const small = await sharp(png).png({ palette: true, quality: 80, compressionLevel: 9, effort: 8 }).toBuffer();
  const file = join(SCREENSHOT_DIR, `${name}.png`);
  await writeFile(file, small);
  return file;
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/env.js';

interface LockedPackage {
  version?: string;
  engines?: { node?: string } | string[];
  os?: string[];
  cpu?: string[];
  optional?: boolean;
}

/** The first release of each Node line the project supports that current tooling (vite 8) accepts. */
const SUPPORTED_NODES = ['20.19.0', '22.13.0', '24.0.0'];

const lock = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };

/** npm skips an optional package built for another platform, and so never checks its engines. */
function installedHere(p: LockedPackage): boolean {
  const fits = (list: string[] | undefined, value: string) => !list || list.some((x) => x === value) || (list.every((x) => x.startsWith('!')) && !list.includes(`!${value}`));
  return fits(p.os, process.platform) && fits(p.cpu, process.arch);
}

// `npm install` prints EBADENGINE for every locked package whose engines.node rejects the running
// Node: a fresh install must print none on any supported line (issue 15).
describe('the locked dependency tree', () => {
  for (const node of [...SUPPORTED_NODES, process.versions.node]) {
    it(`installs on Node ${node} without an engine warning`, () => {
      const refused = Object.entries(lock.packages)
        .filter(([path, p]) => path !== '' && installedHere(p))
        .filter(([, p]) => !Array.isArray(p.engines) && p.engines?.node && !semver.satisfies(node, p.engines.node, { includePrerelease: true }))
        .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
      expect(refused).toEqual([]);
    });
  }
});

// npm 11 skips the install scripts of dependencies not listed in package.json's `allowScripts`, and
// says so in six warning lines on every fresh install: each package that has one must be listed, by
// name (a pinned version would go stale with the next update).
describe('install scripts', () => {
  const manifest = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
  it('every installed package with an install script is allowed by name', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path.startsWith('node_modules/') && installedHere(p))
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .filter((name) => {
        try {
          const scripts = (JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
          return ['preinstall', 'install', 'postinstall'].some((s) => s in scripts);
        } catch {
          return false; // an optional package npm skipped on this platform
        }
      });
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => manifest.allowScripts?.[name] !== true)).toEqual([]);
  });
});

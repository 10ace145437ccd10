/**
 * The source catalog is the one declaration every view of a source derives from. Each check here
 * fails when a source (or remote service) is declared but one of its views misses it: the env
 * lists, the GraphQL enum (and so the table type and the events), the registry's module, its
 * remote clients, the fake that tests point it at.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isEnumType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALBUM_SOURCE_NAMES,
  ARTIST_SOURCE_NAMES,
  COVER_SOURCE_VALUES,
  REMOTE_NAMES,
  REMOTE_SERVICES,
  SOURCE_DECLARATIONS,
  SOURCE_NAMES,
  sourceDeclaration,
  sourceValue,
  UPLOAD,
} from '../../../src/covers/sources/catalog.js';
import { createSourceRuntime, SOURCES } from '../../../src/covers/sources/registry.js';
import { imageHostsVariable, loadConfig, PROJECT_ROOT } from '../../../src/env.js';
import { schema } from '../../../src/schema/index.js';
import { remoteTestConfig, startFakeRemotes, type FakeRemotes } from '../../helpers/fake-remotes.js';

const serves = (name: (typeof SOURCE_NAMES)[number], entity: 'album' | 'artist') => entity in SOURCE_DECLARATIONS[name].serves;

describe('every declared source', () => {
  it.each(SOURCE_NAMES)('%s has its module in the registry, finding exactly the entities it declares', (name) => {
    const source = SOURCES[name];
    expect(source?.name).toBe(name);
    expect(typeof source.findAlbum === 'function').toBe(serves(name, 'album'));
    expect(typeof source.findArtist === 'function').toBe(serves(name, 'artist'));
  });

  it.each(SOURCE_NAMES)('%s is accepted by COVER_SOURCES / ARTIST_IMAGE_SOURCES exactly for the entities it serves, and is in their defaults', (name) => {
    for (const [entity, variable, key] of [['album', 'COVER_SOURCES', 'albumSources'], ['artist', 'ARTIST_IMAGE_SOURCES', 'artistSources']] as const) {
      const parse = () => loadConfig({ [variable]: name })[key];
      if (serves(name, entity)) {
        expect(parse()).toEqual([name]);
        // A source that needs a key is in the default chain once it has one, and only then.
        const keyVariable = sourceDeclaration(name).keyVariable;
        expect(loadConfig(keyVariable ? { [keyVariable]: 'a-key' } : {})[key]).toContain(name);
        if (keyVariable) expect(loadConfig({})[key]).not.toContain(name);
      } else {
        expect(parse).toThrow(new RegExp(`${variable}: unknown source "${name}"`));
      }
    }
  });

  it.each(SOURCE_NAMES)('%s has a value in the CoverSource GraphQL enum (the table type and the events use the same value)', (name) => {
    const value = sourceValue(name);
    const type = schema.getType('CoverSource');
    expect(isEnumType(type)).toBe(true);
    const values = isEnumType(type) ? type.getValues().map((v) => v.value as string) : [];
    expect(values).toContain(value);
    expect(COVER_SOURCE_VALUES).toContain(value);
  });

  it('has one GraphQL value each, and the enum holds nothing else but UPLOAD', () => {
    const values = SOURCE_NAMES.map(sourceValue);
    expect(new Set(values).size).toBe(values.length);
    const type = schema.getType('CoverSource');
    const inSchema = isEnumType(type) ? type.getValues().map((v) => v.value as string).sort() : [];
    expect(inSchema).toEqual([...values, UPLOAD].sort());
  });

  it('orders the default chains by the declared ranks, the placeholder last', () => {
    expect(ALBUM_SOURCE_NAMES.at(-1)).toBe('placeholder');
    expect(ARTIST_SOURCE_NAMES.at(-1)).toBe('placeholder');
    expect(ALBUM_SOURCE_NAMES).toEqual(SOURCE_NAMES.filter((n) => serves(n, 'album')).sort((a, b) => sourceDeclaration(a).serves.album! - sourceDeclaration(b).serves.album!));
  });

  it('keeps the catalog a module without imports, so env.ts loads no source (sharp, music-metadata) with it', async () => {
    const text = await readFile(resolve(PROJECT_ROOT, 'src/covers/sources/catalog.ts'), 'utf8');
    expect(text).not.toMatch(/^\s*import\s/m);
  });
});

describe('every declared remote service', () => {
  let fake: FakeRemotes;
  beforeAll(async () => {
    fake = await startFakeRemotes();
  });
  afterAll(() => fake?.close());

  it.each(REMOTE_NAMES)('%s takes its base URL from its own variable', (name) => {
    const url = 'http://mirror.example.org:8080';
    expect(loadConfig({ [REMOTE_SERVICES[name].urlVariable]: url }).remotes[name]).toBe(url);
    expect(loadConfig({}).remotes[name]).toBe(REMOTE_SERVICES[name].defaultUrl);
  });

  it.each(REMOTE_NAMES)('%s takes its image hosts from its own variable, defaulting to the catalog’s', (name) => {
    const variable = imageHostsVariable(name);
    expect(variable).toBe(REMOTE_SERVICES[name].urlVariable.replace(/_URL$/, '_IMAGE_HOSTS'));
    expect(loadConfig({ [variable]: 'Img.Mirror.example:8443, 10.1.2.3:9000' }).imageHosts[name]).toEqual(['img.mirror.example:8443', '10.1.2.3:9000']);
    expect(loadConfig({}).imageHosts[name]).toEqual([...REMOTE_SERVICES[name].imageHosts]);
    expect(loadConfig({ [variable]: '' }).imageHosts[name]).toEqual([...REMOTE_SERVICES[name].imageHosts]);
  });

  it.each(REMOTE_NAMES)('%s has a fake in test/helpers/fake-remotes.ts that the test config points it at', (name) => {
    expect(remoteTestConfig(fake).remotes[name]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('gives each remote source the client of its own service, and a breaker per service', async () => {
    const runtime = createSourceRuntime(remoteTestConfig(fake));
    try {
      for (const name of SOURCE_NAMES) {
        const [own, ...others] = SOURCE_DECLARATIONS[name].remotes as readonly string[];
        const { ctx } = runtime.get(name)!;
        if (own) expect(ctx.http.source).toBe(own);
        else expect(ctx.http).toBeUndefined();
        if (others.includes('musicbrainz')) expect(ctx.musicbrainz?.source).toBe('musicbrainz');
        for (const remote of [own, ...others].filter(Boolean)) expect(ctx.clients?.[remote as keyof typeof ctx.clients]?.source).toBe(remote);
      }
      expect(Object.keys(runtime.breakers()).sort()).toEqual([...REMOTE_NAMES].sort());
    } finally {
      await runtime.close();
    }
  });
});

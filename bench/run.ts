/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name>...` some of them (by name or
 * number); `--smoke` uses tiny sizes (a minute, for CI). Prints each benchmark's rows as it goes,
 * a summary table at the end, and writes bench/results.json (or bench/results-smoke.json).
 *
 * Every figure is measured against a baseline measured in the same run on the same machine (the
 * best this machine does for the same work), because the machines are shared and noisy.
 * Prints, never asserts. See BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/env.js';
import { graphqlPage } from './benchmarks/graphql-page.js';
import { imageServing } from './benchmarks/image-serving.js';
import { imageWork } from './benchmarks/image-work.js';
import { memory } from './benchmarks/memory.js';
import { pipeline } from './benchmarks/pipeline.js';
import { priority } from './benchmarks/priority.js';
import { roundTrips } from './benchmarks/round-trips.js';
import { scale } from './benchmarks/scale.js';
import { scan } from './benchmarks/scan.js';
import { timeToReady } from './benchmarks/time-to-ready.js';
import { syntheticLibrary, type SyntheticLibrary } from './lib/library.js';
import { startPgServer } from './lib/postgres.js';
import type { Benchmark, BenchContext, Row, Sizes } from './lib/types.js';

const BENCHMARKS: Benchmark[] = [roundTrips, imageServing, graphqlPage, pipeline, scan, priority, memory, imageWork, timeToReady, scale];

const FULL: Sizes = {
  loadSeconds: 3,
  loadWarmupSeconds: 1,
  loadRuns: 5,
  connections: 10,
  roundTripPages: [10, 100, 1000],
  graphqlAlbums: 1000,
  coreAlbums: 2000,
  extraAlbums: 3000,
  tracksPerAlbum: 3,
  scanRuns: 2,
  pipelineBaselineAlbums: 250,
  pipelineRuns: 5,
  priorityQueued: 10_000,
  prioritySamples: 20,
  ttrAlbums: 1000,
  ttrRuns: 5,
  settleTimeoutMs: 15 * 60_000,
  scaleAlbums: [1000, 10_000, 50_000],
};

const SMOKE: Sizes = {
  loadSeconds: 1,
  loadWarmupSeconds: 0,
  loadRuns: 1,
  connections: 4,
  roundTripPages: [10, 100],
  graphqlAlbums: 120,
  coreAlbums: 12,
  extraAlbums: 18,
  tracksPerAlbum: 2,
  scanRuns: 1,
  pipelineBaselineAlbums: 12,
  pipelineRuns: 2,
  priorityQueued: 200,
  prioritySamples: 3,
  ttrAlbums: 20,
  ttrRuns: 1,
  settleTimeoutMs: 3 * 60_000,
  scaleAlbums: [120, 240],
};

function parseArgs(argv: string[]): { smoke: boolean; selected: Benchmark[] } {
  const smoke = argv.includes('--smoke');
  const names = argv.filter((a) => !a.startsWith('--'));
  const selected = names.length === 0 ? BENCHMARKS : names.map((n) => {
    const b = /^\d+$/.test(n) ? BENCHMARKS[Number(n) - 1] : BENCHMARKS.find((x) => x.name === n);
    if (!b) throw new Error(`unknown benchmark "${n}"; known: ${BENCHMARKS.map((x, i) => `${i + 1} ${x.name}`).join(', ')}`);
    return b;
  });
  return { smoke, selected };
}

function machine() {
  const lscpu = (() => {
    try {
      return execFileSync('lscpu', { encoding: 'utf8' }).match(/^Model name:\s*(.+)$/m)?.[1]?.trim();
    } catch {
      return undefined;
    }
  })();
  return {
    cpus: cpus().length,
    cpuModel: lscpu ?? cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

const COLUMNS = ['benchmark', 'case', 'figure', 'baseline', 'ratio'] as const;

function table(rows: Row[]): string {
  const widths = COLUMNS.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line([...COLUMNS]), widths.map((w) => '-'.repeat(w)).join('  ')];
  let last = '';
  for (const r of rows) {
    out.push(line(COLUMNS.map((c) => (c === 'benchmark' && r.benchmark === last ? '' : r[c]))));
    last = r.benchmark;
  }
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.benchmark}: ${r.note}`);
  return [...out, ...(notes.length ? ['', 'notes:', ...notes] : [])].join('\n');
}

async function main(): Promise<void> {
  const { smoke, selected } = parseArgs(process.argv.slice(2));
  const sizes = smoke ? SMOKE : FULL;
  const started = Date.now();
  const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);
  const info = machine();
  log(`${smoke ? 'smoke run' : 'full run'} on ${info.cpus} x ${info.cpuModel}, ${info.memoryGb} GB, Node ${info.node}: ${selected.map((b) => b.name).join(', ')}`);
  const pg = await startPgServer();
  log(`Postgres: ${pg.kind}`);
  let library: Promise<SyntheticLibrary> | undefined;
  const ctx: BenchContext = {
    smoke,
    sizes,
    pg,
    log,
    shared: new Map(),
    library: () => (library ??= syntheticLibrary({ coreAlbums: sizes.coreAlbums, extraAlbums: sizes.extraAlbums, tracksPerAlbum: sizes.tracksPerAlbum }, log)),
  };
  const rows: Row[] = [];
  const failures: { benchmark: string; error: string }[] = [];
  const timings: Record<string, number> = {};
  try {
    for (const b of selected) {
      const t = Date.now();
      log(`== ${b.name}: ${b.title}`);
      try {
        const got = await b.run(ctx);
        rows.push(...got);
        console.log(`${table(got)}\n`);
      } catch (err) {
        const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
        failures.push({ benchmark: b.name, error });
        console.error(`!! ${b.name} failed: ${error}`);
      }
      timings[b.name] = (Date.now() - t) / 1000;
      log(`${b.name} took ${timings[b.name]!.toFixed(0)} s`);
    }
  } finally {
    await pg.close();
  }
  const total = (Date.now() - started) / 1000;
  console.log(`\nSummary (${smoke ? 'smoke' : 'full'} run, ${total.toFixed(0)} s, ${info.cpus} x ${info.cpuModel}, Node ${info.node}, Postgres ${pg.kind})\n`);
  console.log(table(rows));
  const lib = library ? await library.catch(() => undefined) : undefined;
  const file = join(PROJECT_ROOT, smoke ? 'bench/results-smoke.json' : 'bench/results.json');
  await writeFile(
    file,
    `${JSON.stringify({ startedAt: new Date(started).toISOString(), seconds: total, smoke, machine: info, postgres: pg.kind, sizes, library: lib ? { albums: lib.albums.length, bytes: lib.bytes, generatedSeconds: lib.generatedIn } : null, timings, rows, failures }, null, 2)}\n`,
  );
  console.log(`\nwritten to ${file}${failures.length ? `; ${failures.length} benchmark(s) failed: ${failures.map((f) => f.benchmark).join(', ')}` : ''}`);
  process.exitCode = failures.length ? 1 : 0;
}

await main();
// pg pools, undici keep-alive sockets and the like must not hold the run open.
process.exit(process.exitCode ?? 0);

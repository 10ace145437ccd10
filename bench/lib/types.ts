import type { PgServer } from './postgres.js';
import type { SyntheticLibrary } from './library.js';

/** One line of the results table: what was measured, against what, and how far apart. */
export interface Row {
  benchmark: string;
  /** The case within the benchmark ("N=100", "304", "rpi4"). */
  case: string;
  /** The service's figure, printed. */
  figure: string;
  /** The baseline's figure, printed (or what the figure is compared with). */
  baseline: string;
  /** Printed ratio; by convention service/baseline for times and counts, service/baseline for rates too (so < 1 is slower). */
  ratio: string;
  /** The raw numbers behind the printed ones, for results.json. */
  values: Record<string, number | string | boolean | null>;
  note?: string;
}

export interface Sizes {
  /** autocannon: seconds per measured run, runs, connections. */
  loadSeconds: number;
  loadWarmupSeconds: number;
  loadRuns: number;
  connections: number;
  roundTripPages: number[];
  graphqlAlbums: number;
  /** Albums of the core library (all with embedded art): pipeline and scan. */
  coreAlbums: number;
  /** Albums added for the memory benchmark's full library (mixed: embedded, folder, both, none). */
  extraAlbums: number;
  tracksPerAlbum: number;
  scanRuns: number;
  /** Albums of the core library the pipeline's sharp baseline processes (its first ones: whole cycles of the picture pool). */
  pipelineBaselineAlbums: number;
  /** Alternated runs of the pipeline: each resolves the next slice of the library, after a baseline run. */
  pipelineRuns: number;
  priorityQueued: number;
  prioritySamples: number;
  /** time-to-ready: albums of its library (30 % without art), and alternated runs per side. */
  ttrAlbums: number;
  ttrRuns: number;
  settleTimeoutMs: number;
  /** Library sizes of the scale benchmark, smallest first (its baseline). */
  scaleAlbums: number[];
}

export interface BenchContext {
  smoke: boolean;
  sizes: Sizes;
  pg: PgServer;
  /** Generated on first use, cached under bench/.data/ across runs. */
  library(): Promise<SyntheticLibrary>;
  log(message: string): void;
  /** Measurements one benchmark leaves for a later one in the same run (see memory.ts). */
  shared: Map<string, unknown>;
}

export interface Benchmark {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

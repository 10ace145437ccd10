import type { Candidate, Found } from '../../src/covers/sources/candidate.js';
import type { SourceResult } from '../../src/covers/sources/source.js';

/** A FOUND answer read the way most source tests ask about it: the first candidate, the others in `more`. */
export type FoundView = Found & { image: Buffer | undefined; detail: string; remote: boolean; more?: Candidate[] };

/** A source's answer with its first candidate's fields on top (`image`, `detail`, `remote`, `more`); other outcomes unchanged. */
export function view(result: SourceResult): Exclude<SourceResult, Found> | FoundView {
  if (result.outcome !== 'FOUND') return result;
  const [first, ...more] = result.candidates;
  if (!first) throw new Error('FOUND without candidates');
  return { ...result, image: first.image, detail: first.detail, remote: first.match !== 'local', ...(more.length > 0 ? { more } : {}) };
}

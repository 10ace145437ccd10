import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from './api.js';
import type { ConsoleCandidateFragment } from './gql/graphql.js';
import { SOURCE_LABELS, type Entity } from './model.js';
import { Candidates } from './operations.js';

interface CandidatesProps {
  entity: Entity;
  /** chooseCover; resolves to the words to show. */
  onChoose(e: Entity, candidateId: string): Promise<string>;
}

type Candidate = ConsoleCandidateFragment;

const TYPE_LABELS: Record<Candidate['type'], string> = {
  FRONT: 'front cover',
  BACK: 'back cover',
  BOOKLET: 'booklet page',
  MEDIUM: 'the disc',
  ARTIST: 'artist photo',
  BACKGROUND: 'background',
};

/** The stored picture a /covers/<hash>/… path serves: a candidate and the cover are the same picture when they share it. */
const hashOf = (url: string | null | undefined) => url?.match(/^\/covers\/([0-9a-f]{64})\//)?.[1];

/** How sure the match is: the selection rules' match confidence (scoreCandidate in src/covers/sources/candidate.ts), in words. */
function matchText(c: Candidate, kind: Entity['kind']): string {
  switch (c.match) {
    case 'MBID':
      return kind === 'album' ? 'exact release id' : 'exact artist id';
    case 'RELEASE_GROUP':
      return 'same release group';
    case 'SEARCH':
      return c.similarity != null ? `search match ${Math.round(c.similarity * 100)}\u00a0%` : 'search match';
    case 'LOCAL':
      return 'your own picture';
  }
}

/** Where the picture comes from: the user's own files, or a service on the internet. */
const whereText = (c: Candidate) => (c.match === 'LOCAL' ? 'your files' : 'online');

/** The list comes best first (the rules of COVER_SELECTION=best, the small-own-art upgrade included), so its order is the rank. */
const rankText = (i: number) => (i === 0 ? 'Best' : `#${i + 1}`);

/**
 * "Choose another picture": on demand, every candidate the sources offer (Album.coverCandidates /
 * Artist.imageCandidates, which gathers them at HIGH when never gathered or stale), best first, read
 * again as each CoverCandidateFound event comes; "Use this picture" pins one (chooseCover). Each card
 * says in words what its rank is made of (the match, own files or online, what it shows, its size)
 * rather than the score as one number. "Back to automatic" (resetCover) is the dialog's, with its
 * other actions. Buttons are never disabled (aria-disabled instead), so the focus stays where it was
 * while a choice is sent and the list re-renders.
 */
export function CandidateChooser({ entity, onChoose }: CandidatesProps) {
  const [asked, setAsked] = useState(false);
  const [list, setList] = useState<Candidate[] | undefined>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const generation = useRef(0);
  const c = entity.cover;
  const current = hashOf(c.url);

  function load() {
    const gen = ++generation.current;
    request(Candidates, { id: entity.id }).then(
      (r) => {
        if (gen !== generation.current) return;
        const n = r.node;
        const conn = n && 'coverCandidates' in n ? n.coverCandidates : n && 'imageCandidates' in n ? n.imageCandidates : undefined;
        setList(conn?.edges.map((e) => e.node) ?? []);
      },
      (err: Error) => gen === generation.current && setMessage(err.message),
    );
  }

  // Asked for: read now, then again shortly after each candidate found (a burst is read once).
  useEffect(() => {
    if (!asked) return;
    const t = setTimeout(load, list === undefined ? 0 : 150);
    return () => clearTimeout(t);
  }, [asked, entity.candidatesFound ?? 0]);
  useEffect(() => () => void generation.current++, []);

  async function run(work: () => Promise<string>) {
    if (busy) return;
    setBusy(true);
    setMessage('');
    try {
      setMessage(await work());
    } catch (err) {
      setMessage((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return html`<section class="candidates" aria-labelledby="candidates-title">
    <h3 id="candidates-title">Choose another picture</h3>
    <div class="actions">
      <button aria-expanded=${asked} aria-controls="candidate-list" onClick=${() => (asked ? load() : setAsked(true))} title=${entity.kind === 'album' ? 'Album.coverCandidates: gathered at HIGH priority' : 'Artist.imageCandidates: gathered at HIGH priority'}>
        ${asked ? 'Look again' : 'Choose another picture'}
      </button>
    </div>
    <p class="message candidates" role="status">${message}</p>
    ${asked &&
    html`<div id="candidate-list">
      ${list === undefined
        ? html`<p class="dim">Asking the sources…</p>`
        : list.length === 0
          ? html`<p class="dim">No candidate yet: they appear here as the sources answer.</p>`
          : html`<ol class="candidate-list" aria-label=${`Candidates for ${entity.title}, best first`}>
              ${list.map((k, i) => {
                const inUse = hashOf(k.previewUrl) === current;
                const label = `${SOURCE_LABELS[k.source]}, ${k.width} × ${k.height}`;
                return html`<li key=${k.candidateId} data-candidate=${k.candidateId} data-source=${k.source} aria-current=${inUse ? 'true' : undefined} class=${inUse ? 'in-use' : ''}>
                  <div class="preview">
                    <img src=${k.previewUrl} width="128" height="128" alt=${`Candidate ${i + 1}: ${label}`} title=${k.detail} loading="lazy" decoding="async" />
                    <span class=${`rank${i === 0 ? ' best' : ''}`} title=${i === 0 ? 'The one the sources would choose' : `Ranked ${i + 1} of ${list.length} by the sources' rules`}>${rankText(i)}</span>
                  </div>
                  <dl>
                    <dt>From</dt><dd><span class="source">${SOURCE_LABELS[k.source]}</span>, ${whereText(k)}</dd>
                    <dt>Match</dt><dd class="match">${matchText(k, entity.kind)}</dd>
                    <dt>Shows</dt><dd>${TYPE_LABELS[k.type]}</dd>
                    <dt>Size</dt><dd>${k.width} × ${k.height} px</dd>
                  </dl>
                  <button
                    aria-label=${inUse ? `In use: ${label}` : `Use this picture: ${label}`}
                    aria-disabled=${busy || inUse}
                    class=${busy || inUse ? 'disabled' : ''}
                    onClick=${() => !inUse && run(() => onChoose(entity, k.candidateId))}
                  >${inUse ? 'In use' : 'Use this picture'}</button>
                </li>`;
              })}
            </ol>`}
    </div>`}
  </section>`;
}

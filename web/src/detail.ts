import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from './api.js';
import type { ConsoleTraceQuery } from './gql/graphql.js';
import { CandidateChooser } from './candidates.js';
import { Art } from './grid.js';
import { SOURCE_LABELS, STATUS_LABELS, type Entity } from './model.js';
import { Trace } from './operations.js';

export type Action = 'request' | 'refresh' | 'reset';

interface DetailProps {
  entity: Entity;
  onClose(): void;
  onAction(e: Entity, action: Action): Promise<string>;
  onUpload(e: Entity, file: File): Promise<string>;
  /** setCoverFromUrl: the service fetches the picture (the browser never loads the remote host). */
  onUrl(e: Entity, url: string): Promise<string>;
  /** chooseCover: one of the candidates the sources offer, pinned until resetCover. */
  onChoose(e: Entity, candidateId: string): Promise<string>;
}

type Attempt = NonNullable<Extract<NonNullable<ConsoleTraceQuery['node']>, { cover: unknown }>['cover']['trace']>[number];
type Picture = Extract<NonNullable<ConsoleTraceQuery['node']>, { images: unknown }>['images'][number];

const PICTURE_LABELS: Record<Picture['type'], string> = { FRONT: 'Front', BACK: 'Back', BOOKLET: 'Booklet', MEDIUM: 'Disc' };

/** One album or artist: its cover, what can be done to it (under the title, in place while the rest scrolls), and why it is the cover it is. */
export function Detail({ entity, onClose, onAction, onUpload, onUrl, onChoose }: DetailProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [trace, setTrace] = useState<Attempt[] | undefined>();
  const [pictures, setPictures] = useState<Picture[]>([]);
  const c = entity.cover;

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  // The trace is re-read whenever the cover changes (a settled event brings a new updatedAt).
  useEffect(() => {
    let live = true;
    request(Trace, { id: entity.id }).then(
      (r) => {
        const n = r.node;
        const cover = n && 'cover' in n ? n.cover : n && 'image' in n ? n.image : undefined;
        if (!live) return;
        setTrace(cover?.trace ?? []);
        setPictures(n && 'images' in n ? n.images : []);
      },
      (err: Error) => live && setMessage(err.message),
    );
    return () => {
      live = false;
    };
  }, [entity.id, c.updatedAt]);

  async function run(work: () => Promise<string>) {
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
  const onFile = (file: File | undefined) => file && run(() => onUpload(entity, file));
  const what = entity.kind === 'album' ? 'cover' : 'picture';

  return html`<dialog ref=${dialog} class="detail" aria-labelledby="detail-title" onClose=${onClose} onCancel=${onClose}>
    <header>
      <h2 id="detail-title">${entity.title}</h2>
      <button class="close" onClick=${onClose} aria-label="Close">×</button>
    </header>
    <div class="detail-tools">
      <div class="actions">
        <button disabled=${busy} onClick=${() => run(() => onAction(entity, 'request'))} title="requestCovers, priority HIGH">Request now</button>
        <button disabled=${busy} onClick=${() => run(() => onAction(entity, 'refresh'))} title="refreshCovers: search again">Refresh</button>
        <label class=${`button${busy ? ' disabled' : ''}`}>
          Upload…
          <input type="file" accept="image/*" disabled=${busy} onChange=${(ev: Event) => onFile((ev.currentTarget as HTMLInputElement).files?.[0])} />
        </label>
        <button
          aria-disabled=${busy || !c.pinned}
          class=${busy || !c.pinned ? 'disabled' : ''}
          title=${c.pinned ? 'resetCover: forget the picture set by hand (an upload, a URL or a chosen candidate), search the sources again' : `The ${what} is chosen by the sources already`}
          onClick=${() => !busy && c.pinned && run(() => onAction(entity, 'reset'))}
        >Back to automatic</button>
      </div>
      <p class="message" role="status">${message}</p>
    </div>
    <div class="detail-scroll">
      <div class="detail-body">
        <div
          class="drop-zone"
          onDragOver=${(ev: DragEvent) => ev.preventDefault()}
          onDrop=${(ev: DragEvent) => {
            ev.preventDefault();
            onFile(ev.dataTransfer?.files[0]);
          }}
        >
          <${Art} entity=${entity} large />
          <p class="hint">Drop an image here to use it as the ${what}.</p>
        </div>
        <div class="facts">
          <p class="sub">${entity.subtitle}</p>
          <dl>
            <dt>Status</dt><dd data-testid="detail-status">${STATUS_LABELS[c.status]}</dd>
            <dt>Source</dt><dd data-testid="detail-source">${c.source ? SOURCE_LABELS[c.source] : '—'}</dd>
            <dt>Size</dt><dd>${c.width && c.height ? `${c.width} × ${c.height}` : '—'}</dd>
            <dt>Job</dt><dd>${c.job ? `${c.job.state.toLowerCase()}, ${c.job.priority.toLowerCase()}, ${c.job.attempts} attempt(s)${c.job.lastError ? `: ${c.job.lastError}` : ''}` : 'none'}</dd>
            <dt>Updated</dt><dd>${new Date(c.updatedAt).toLocaleString()}</dd>
          </dl>
          <form class="from-url" onSubmit=${(ev: Event) => {
            ev.preventDefault();
            const url = new FormData(ev.currentTarget as HTMLFormElement).get('url');
            if (typeof url === 'string' && url.trim()) run(() => onUrl(entity, url.trim()));
          }}>
            <input type="url" name="url" aria-label="Image URL" placeholder="https://… an image URL" disabled=${busy} required />
            <button type="submit" disabled=${busy} title="setCoverFromUrl: fetched by the service, kept like an upload">Set from URL</button>
          </form>
          ${entity.steps.length > 0 && html`<section>
            <h3>Live</h3>
            <ol class="steps">${entity.steps.map((s) => html`<li><time>${new Date(s.at).toLocaleTimeString()}</time> ${s.text}</li>`)}</ol>
          </section>`}
        </div>
      </div>
      ${pictures.length > 0 && html`<section class="pictures">
        <h3>More pictures</h3>
        <ul>
          ${pictures.map(
            (p) => html`<li data-type=${p.type}>
              <img src=${p.url} srcset=${p.srcset} sizes="8rem" width=${p.width} height=${p.height} alt=${`${PICTURE_LABELS[p.type]}: ${p.detail}`} title=${`${SOURCE_LABELS[p.source]}: ${p.detail}`} loading="lazy" />
              <span>${PICTURE_LABELS[p.type]}</span>
            </li>`,
          )}
        </ul>
      </section>`}
      <${CandidateChooser} entity=${entity} onChoose=${onChoose} />
      <section class="trace">
        <h3>Why this cover</h3>
        ${trace === undefined
          ? html`<p>Loading…</p>`
          : trace.length === 0
            ? html`<p>No search has run yet${c.source === 'UPLOAD' ? ': the picture was uploaded' : ''}.</p>`
            : html`<table>
                <thead><tr><th>Source</th><th>Outcome</th><th>Detail</th><th class="num">Time</th><th>At</th></tr></thead>
                <tbody>
                  ${trace.map(
                    (a) => html`<tr class=${`o-${a.outcome}`}>
                      <td>${SOURCE_LABELS[a.source]}</td>
                      <td>${a.outcome.toLowerCase().replace('_', ' ')}</td>
                      <td>${a.detail}</td>
                      <td class="num">${a.durationMs} ms</td>
                      <td>${new Date(a.at).toLocaleTimeString()}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`}
      </section>
    </div>
  </dialog>`;
}

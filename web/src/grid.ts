import { html } from 'htm/preact';
import { memo } from 'preact/compat';
import { useEffect, useRef } from 'preact/hooks';
import { inProgress, preview, SOURCE_LABELS, STATUS_LABELS, type Entity } from './model.js';

interface TileProps {
  entity: Entity;
  onOpen(e: Entity): void;
  onDropFile(e: Entity, file: File): void;
}

/**
 * How wide the picture is drawn, for the browser to pick from `Cover.srcset` (each size the cover is
 * served at, with its real width): a tile is at most ~220 px wide (half the screen on a phone),
 * the dialog's picture 20rem (16rem on a phone). console.css sets those widths.
 */
const SIZES = { tile: '(max-width: 600px) 50vw, 220px', large: '(max-width: 600px) 16rem, 20rem' };

/** The dominant colour, then the ThumbHash, then the image once it has loaded. */
export function Art({ entity, large }: { entity: Entity; large?: boolean }) {
  const c = entity.cover;
  const thumb = preview(c.thumbhash);
  const style = `background-color:${c.dominantColor};${thumb ? `background-image:url(${thumb})` : ''}`;
  return html`<div class="art" style=${style}>
    ${c.url &&
    html`<img key=${c.url} src=${c.url} srcset=${c.srcset ?? undefined} sizes=${large ? SIZES.large : SIZES.tile} alt="" loading="lazy" decoding="async" onLoad=${(ev: Event) => (ev.currentTarget as HTMLElement).classList.add('loaded')} />`}
  </div>`;
}

export const Tile = memo(function Tile({ entity, onOpen, onDropFile }: TileProps) {
  const c = entity.cover;
  const busy = inProgress(entity);
  const last = entity.steps.at(-1);
  const label = `${entity.title}, ${entity.subtitle}: ${STATUS_LABELS[c.status]}${c.source ? ` from ${SOURCE_LABELS[c.source]}` : ''}`;
  return html`<li class="cell">
    <button
      class=${`tile status-${c.status}${busy ? ' busy' : ''}`}
      data-id=${entity.id}
      data-status=${c.status}
      data-source=${c.source ?? ''}
      data-phase=${entity.phase ?? ''}
      aria-label=${label}
      onClick=${() => onOpen(entity)}
      onDragOver=${(ev: DragEvent) => {
        ev.preventDefault();
        (ev.currentTarget as HTMLElement).classList.add('drop');
      }}
      onDragLeave=${(ev: DragEvent) => (ev.currentTarget as HTMLElement).classList.remove('drop')}
      onDrop=${(ev: DragEvent) => {
        ev.preventDefault();
        (ev.currentTarget as HTMLElement).classList.remove('drop');
        const file = ev.dataTransfer?.files[0];
        if (file) onDropFile(entity, file);
      }}
    >
      <${Art} entity=${entity} />
      <span class="title">${entity.title}</span>
      <span class="sub">${entity.subtitle}</span>
      <span class="badges">
        <span class=${`badge s-${c.status}`}>${STATUS_LABELS[c.status]}</span>
        ${c.source && html`<span class="badge src">${SOURCE_LABELS[c.source]}</span>`}
      </span>
      <span class="phase" aria-live="polite">${busy ? (last?.text ?? 'waiting for a worker') : ''}</span>
      ${busy && html`<span class="progress" aria-hidden="true"><span style=${`width:${Math.min(95, 10 + entity.steps.length * 15)}%`}></span></span>`}
    </button>
  </li>`;
});

interface GridProps {
  items: Entity[];
  loading: boolean;
  hasMore: boolean;
  onMore(): void;
  onOpen(e: Entity): void;
  onDropFile(e: Entity, file: File): void;
}

/** The tiles, with arrow-key movement and a sentinel that loads the next page when it comes into view. */
export function Grid({ items, loading, hasMore, onMore, onOpen, onDropFile }: GridProps) {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasMore || loading) return;
    // The observer only reports changes: a sentinel still in view after a page loads asks again.
    if (el.getBoundingClientRect().top < innerHeight + 400) {
      onMore();
      return;
    }
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && onMore(), { rootMargin: '400px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loading, items.length]);

  return html`<div>
    <ul class="grid" onKeyDown=${moveFocus}>
      ${items.map((e) => html`<${Tile} key=${e.id} entity=${e} onOpen=${onOpen} onDropFile=${onDropFile} />`)}
    </ul>
    ${!loading && items.length === 0 && html`<p class="empty">Nothing here.</p>`}
    <div ref=${sentinel} class="sentinel">${loading ? 'Loading…' : hasMore ? '' : ''}</div>
  </div>`;
}

function moveFocus(ev: KeyboardEvent): void {
  const tiles = [...(ev.currentTarget as HTMLElement).querySelectorAll<HTMLElement>('.tile')];
  const i = tiles.indexOf(document.activeElement as HTMLElement);
  if (i < 0) return;
  const first = tiles[0]?.getBoundingClientRect().top;
  const columns = Math.max(1, tiles.findIndex((t) => t.getBoundingClientRect().top !== first) === -1 ? tiles.length : tiles.findIndex((t) => t.getBoundingClientRect().top !== first));
  const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
  const to = ev.key === 'Home' ? 0 : ev.key === 'End' ? tiles.length - 1 : step[ev.key] === undefined ? -1 : i + step[ev.key]!;
  if (to < 0 || to >= tiles.length || to === i) return;
  ev.preventDefault();
  tiles[to]!.focus();
}

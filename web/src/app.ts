import { html } from 'htm/preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { onSocket, request, subscribe, token, upload } from './api.js';
import { Detail, type Action } from './detail.js';
import type { ConsoleAlertFragment, ConsoleCoverFragment, ConsoleStatsQuery, CoverSource, CoverStatus } from './gql/graphql.js';
import { Grid } from './grid.js';
import { applyEvent, fromAlbum, fromArtist, SOURCE_LABELS, SOURCES, STATUS_LABELS, STATUSES, type Entity, type Kind } from './model.js';
import { Albums, Alerts, Artists, ChooseCover, CoverEvents, RefreshCovers, RequestCovers, ResetCover, SetCoverFromUrl, Stats, UploadCover } from './operations.js';
import { StatsStrip } from './stats.js';

// `?first=` sets the page size (1-100): a small library can then show its infinite scroll.
const PAGE = Math.min(100, Math.max(1, Number(new URLSearchParams(location.search).get('first')) || 60));
const STATS_EVERY_MS = 5000;

interface Page {
  items: Entity[];
  total: number;
  hasMore: boolean;
  cursor: string | null;
}
const EMPTY: Page = { items: [], total: 0, hasMore: true, cursor: null };

type Result = { __typename: string; message?: string; cover?: ConsoleCoverFragment; covers?: ConsoleCoverFragment[] };

export function App() {
  const [kind, setKind] = useState<Kind>('album');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<CoverStatus | ''>('');
  const [source, setSource] = useState<CoverSource | ''>('');
  const [page, setPage] = useState<Page>(EMPTY);
  // Loading from the start: the grid's sentinel must not ask for a page while the first one is on its way.
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const [stats, setStats] = useState<ConsoleStatsQuery['coverStats']>();
  const [alerts, setAlerts] = useState<ConsoleAlertFragment[]>([]);
  const [live, setLive] = useState<'open' | 'closed' | 'forbidden'>('closed');
  const [askToken, setAskToken] = useState(false);
  const [tokenVersion, setTokenVersion] = useState(0);
  const generation = useRef(0);
  const tokenWaiters = useRef<(() => void)[]>([]);

  const loadMore = useCallback(
    async (from: Page) => {
      const gen = generation.current;
      setLoading(true);
      try {
        const text = search.trim() || null;
        // Albums are filtered by the API (albums(filter:)); artists have no filter there, so the
        // status and source selects narrow what is loaded (the `visible` line below, for both).
        const filter = { search: text, coverStatus: status ? [status] : null, source: source ? [source] : null };
        const next =
          kind === 'album'
            ? await request(Albums, { first: PAGE, after: from.cursor, filter }).then((r) => ({ conn: r.albums, items: r.albums.edges.map((e) => fromAlbum(e.node)) }))
            : await request(Artists, { first: PAGE, after: from.cursor, search: text }).then((r) => ({ conn: r.artists, items: r.artists.edges.map((e) => fromArtist(e.node)) }));
        if (gen !== generation.current) return;
        setPage((p) => ({
          items: [...p.items, ...next.items.filter((e) => !p.items.some((o) => o.id === e.id))],
          total: next.conn.totalCount,
          hasMore: next.conn.pageInfo.hasNextPage,
          cursor: next.conn.pageInfo.endCursor ?? null,
        }));
        setError('');
      } catch (err) {
        if (gen === generation.current) {
          setError((err as Error).message);
          setPage((p) => ({ ...p, hasMore: false }));
        }
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [kind, search, kind === 'album' ? status : '', kind === 'album' ? source : ''],
  );

  // A new view or search starts the list again (debounced while typing).
  useEffect(() => {
    generation.current++;
    setPage(EMPTY);
    setLoading(true);
    const t = setTimeout(() => void loadMore(EMPTY), search ? 250 : 0);
    return () => clearTimeout(t);
  }, [loadMore]);

  const update = useCallback((id: string, change: (e: Entity) => Entity) => {
    setPage((p) => {
      const i = p.items.findIndex((e) => e.id === id);
      if (i < 0) return p;
      const items = p.items.slice();
      items[i] = change(items[i]!);
      return { ...p, items };
    });
  }, []);

  const refreshStats = useCallback(() => {
    request(Stats, {}).then(
      (r) => {
        setStats(r.coverStats);
        setAlerts(r.alerts);
      },
      () => {},
    );
  }, []);

  // Live: cover events into the tiles, alerts into the strip; figures re-read on a timer.
  useEffect(() => {
    const offSocket = onSocket((s) => {
      setLive(s);
      if (s === 'forbidden') setAskToken(true);
    });
    const offEvents = subscribe(CoverEvents, {}, (d) => update(d.coverEvents.id, (e) => applyEvent(e, d.coverEvents)));
    const offAlerts = subscribe(Alerts, {}, (d) => {
      const a = d.alerts;
      setAlerts((list) => [...list.filter((x) => x.rule !== a.rule || x.subject !== a.subject), ...(a.firing ? [a] : [])]);
    });
    refreshStats();
    const timer = setInterval(() => document.visibilityState === 'visible' && refreshStats(), STATS_EVERY_MS);
    return () => {
      offSocket();
      offEvents();
      offAlerts();
      clearInterval(timer);
    };
  }, [tokenVersion]);

  /** Runs a mutation; on ForbiddenError asks for the token once and runs it again. */
  async function guarded(run: () => Promise<Result>, id: string): Promise<string> {
    let r = await run();
    if (r.__typename === 'ForbiddenError') {
      setAskToken(true);
      await new Promise<void>((resolve) => tokenWaiters.current.push(resolve));
      r = await run();
    }
    const cover = r.cover ?? r.covers?.[0];
    if (cover) update(id, (e) => ({ ...e, cover }));
    refreshStats();
    return r.message ?? (r.__typename.endsWith('Payload') ? 'Done.' : r.__typename);
  }

  const onAction = (e: Entity, action: Action) =>
    guarded(async () => {
      if (action === 'request') return (await request(RequestCovers, { ids: [e.id] })).requestCovers;
      if (action === 'refresh') return (await request(RefreshCovers, { ids: [e.id] })).refreshCovers;
      return (await request(ResetCover, { id: e.id })).resetCover;
    }, e.id).then((m) => (m === 'Done.' ? { request: 'Asked for now.', refresh: 'Searching again.', reset: 'Back to automatic: searching again.' }[action] : m));

  const onUrl = (e: Entity, url: string) => guarded(async () => (await request(SetCoverFromUrl, { id: e.id, url })).setCoverFromUrl, e.id).then((m) => (m === 'Done.' ? 'Set from the URL.' : m));

  const onChoose = (e: Entity, candidateId: string) =>
    guarded(async () => (await request(ChooseCover, { id: e.id, candidateId })).chooseCover, e.id).then((m) => (m === 'Done.' ? 'Picture chosen: kept until Back to automatic.' : m));

  const onUpload = (e: Entity, file: File) => guarded(async () => (await upload(UploadCover, { id: e.id }, file)).uploadCover, e.id).then((m) => (m === 'Done.' ? 'Uploaded.' : m));

  const [dropMessage, setDropMessage] = useState('');
  const onDropFile = useCallback((e: Entity, file: File) => {
    setDropMessage(`Uploading ${file.name} for ${e.title}…`);
    onUpload(e, file).then(
      (m) => setDropMessage(`${e.title}: ${m}`),
      (err: Error) => setDropMessage(`${e.title}: ${err.message}`),
    );
  }, []);
  const onOpen = useCallback((e: Entity) => setOpenId(e.id), []);
  // Focus goes back to the tile the dialog was opened from (looked up again: it may have re-rendered).
  const onClose = useCallback(() => {
    setOpenId((id) => {
      if (id) requestAnimationFrame(() => document.querySelector<HTMLElement>(`.tile[data-id="${CSS.escape(id)}"]`)?.focus());
      return null;
    });
  }, []);

  function saveToken(ev: Event) {
    ev.preventDefault();
    const value = new FormData(ev.currentTarget as HTMLFormElement).get('token');
    if (typeof value !== 'string' || !value) return;
    token.set(value);
    setAskToken(false);
    setTokenVersion((v) => v + 1);
    tokenWaiters.current.splice(0).forEach((w) => w());
  }

  const visible = page.items.filter((e) => (!status || e.cover.status === status) && (!source || e.cover.source === source));
  const open = openId ? page.items.find((e) => e.id === openId) : undefined;

  return html`<div class="app">
    <header class="top">
      <h1>SoniqueBay Covers</h1>
      <nav class="views" aria-label="View">
        ${(['album', 'artist'] as const).map(
          (k) => html`<button aria-pressed=${kind === k} onClick=${() => setKind(k)}>${k === 'album' ? 'Albums' : 'Artists'}</button>`,
        )}
      </nav>
      <span class=${`live ${live}`} title="Live updates (graphql-ws)">${live === 'open' ? '● live' : live === 'forbidden' ? '● needs token' : '○ connecting'}</span>
      <a class="graphiql" href="/graphql">GraphiQL</a>
    </header>
    <${StatsStrip} stats=${stats} alerts=${alerts} />
    <form class="filters" role="search" onSubmit=${(ev: Event) => ev.preventDefault()}>
      <input type="search" aria-label="Search" placeholder=${kind === 'album' ? 'Search albums' : 'Search artists'} value=${search} onInput=${(ev: Event) => setSearch((ev.currentTarget as HTMLInputElement).value)} />
      <select aria-label="Status" value=${status} onChange=${(ev: Event) => setStatus((ev.currentTarget as HTMLSelectElement).value as CoverStatus | '')}>
        <option value="">any status</option>
        ${STATUSES.map((s) => html`<option value=${s}>${STATUS_LABELS[s]}</option>`)}
      </select>
      <select aria-label="Source" value=${source} onChange=${(ev: Event) => setSource((ev.currentTarget as HTMLSelectElement).value as CoverSource | '')}>
        <option value="">any source</option>
        ${SOURCES.map((s) => html`<option value=${s}>${SOURCE_LABELS[s]}</option>`)}
      </select>
      <span class="count" data-testid="shown">${visible.length} of ${page.total}</span>
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <p class="message" role="status">${dropMessage}</p>
    <main>
      <${Grid} items=${visible} loading=${loading} hasMore=${page.hasMore} onMore=${() => void loadMore(page)} onOpen=${onOpen} onDropFile=${onDropFile} />
    </main>
    ${open && html`<${Detail} key=${open.id} entity=${open} onClose=${onClose} onAction=${onAction} onUpload=${onUpload} onUrl=${onUrl} onChoose=${onChoose} />`}
    ${askToken && html`<${TokenDialog} onSubmit=${saveToken} onDismiss=${() => setAskToken(false)} />`}
  </div>`;
}

/** Asks for API_TOKEN (modal, so it is in view and has the focus); Escape dismisses it. */
function TokenDialog({ onSubmit, onDismiss }: { onSubmit(ev: Event): void; onDismiss(): void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  return html`<dialog ref=${dialog} class="token" aria-labelledby="token-title" onClose=${onDismiss}>
    <form onSubmit=${onSubmit}>
      <h2 id="token-title">API token</h2>
      <p>This service needs its API token for live updates and changes. It is kept in this tab only.</p>
      <input name="token" type="password" autocomplete="current-password" aria-label="API token" required autofocus />
      <button type="submit">Use token</button>
    </form>
  </dialog>`;
}

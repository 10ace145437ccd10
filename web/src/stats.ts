import { html } from 'htm/preact';
import type { ConsoleAlertFragment, ConsoleStatsQuery } from './gql/graphql.js';
import { bytes, percent, SOURCE_LABELS, STATUS_LABELS, STATUSES } from './model.js';

type Stats = ConsoleStatsQuery['coverStats'];

/** coverStats at a glance: covers by status, the queue, the cache, each source; and the alerts firing. */
export function StatsStrip({ stats, alerts }: { stats?: Stats; alerts: ConsoleAlertFragment[] }) {
  if (!stats) return html`<section class="stats" aria-label="Statistics"><p>Loading figures…</p></section>`;
  const { covers, queue, cache, sources } = stats;
  const counts: Record<string, number> = covers;
  return html`<section class="stats" aria-label="Statistics">
    ${alerts.length > 0 &&
    html`<ul class="alerts" aria-label="Alerts firing">
      ${alerts.map((a) => html`<li class=${`alert ${a.severity}`} data-rule=${a.rule}><strong>${a.severity.toLowerCase()}</strong> ${a.message}</li>`)}
    </ul>`}
    <div class="cards">
      <div class="card">
        <h3>Covers</h3>
        <p>${STATUSES.map((s) => html`<span class=${`count s-${s}`}>${counts[s.toLowerCase()] ?? 0} ${STATUS_LABELS[s]}</span> `)}</p>
        <p class="dim">${covers.total} in all</p>
      </div>
      <div class="card">
        <h3>Queue</h3>
        <p>${queue.queued} queued · ${queue.running} running · ${queue.scheduled} scheduled · ${queue.failed} failed</p>
        <p class="dim">${queue.byPriority.map((p) => `${p.priority.toLowerCase()} ${p.queued + p.running}`).join(' · ') || 'nothing by priority'}</p>
      </div>
      <div class="card">
        <h3>Cache</h3>
        <p>${percent(cache.hitRate)} hits · ${cache.entries} in memory (${bytes(cache.bytes)})</p>
        <p class="dim">${cache.storedImages} images (${bytes(cache.storedImageBytes)}), ${cache.storedVariants} variants (${bytes(cache.storedVariantBytes)}) stored</p>
      </div>
    </div>
    <details class="sources">
      <summary>Sources</summary>
      <table>
        <thead><tr><th>Source</th><th class="num">Tried</th><th class="num">Found</th><th class="num">Not found</th><th class="num">Rejected</th><th class="num">Errors</th><th class="num">Success</th><th class="num">p50</th><th class="num">p95</th></tr></thead>
        <tbody>
          ${sources.map(
            (s) => html`<tr>
              <td>${SOURCE_LABELS[s.source]}</td><td class="num">${s.attempts}</td><td class="num">${s.found}</td><td class="num">${s.notFound}</td>
              <td class="num">${s.rejected}</td><td class="num">${s.errors}</td><td class="num">${percent(s.successRate)}</td>
              <td class="num">${Math.round(s.p50Ms)} ms</td><td class="num">${Math.round(s.p95Ms)} ms</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </details>
  </section>`;
}

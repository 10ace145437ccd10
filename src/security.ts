import { isIP } from 'node:net';
import type { Config } from './env.js';

/**
 * Which `Host` and `Origin` headers the service answers (README "Security"). Pure functions, so the
 * HTTP routes and the WebSocket upgrade apply the same rules.
 */

const WILDCARD_BIND = new Set(['0.0.0.0', '::', '[::]']);

/** Splits `name[:port]` / `[v6][:port]`; undefined when it is not a host. */
function splitHost(host: string): { name: string; port?: string } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(host.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase().replace(/\.$/, ''), port: m[2] };
}

/**
 * Whether a request's `Host` names this service. An IP literal is always fine (DNS rebinding needs a
 * name that resolves to us); a name must be a localhost name, the bound HOST, or listed in
 * ALLOWED_HOSTS (`name` for any port, `name:port` for that port only; `*` accepts any).
 */
export function isAllowedHost(config: Pick<Config, 'host' | 'allowedHosts'>, host: string | undefined): boolean {
  if (!host) return false;
  if (config.allowedHosts.includes('*')) return true;
  const h = splitHost(host);
  if (!h) return false;
  const bare = h.name.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return true;
  if (h.name === 'localhost' || h.name.endsWith('.localhost')) return true;
  if (!WILDCARD_BIND.has(config.host) && h.name === config.host.toLowerCase()) return true;
  return config.allowedHosts.some((entry) => {
    const e = splitHost(entry);
    return !!e && e.name === h.name && (e.port === undefined || e.port === h.port);
  });
}

/** The service's own origin (scheme aside: a TLS proxy may sit in front) or one of CORS_ORIGINS. */
export function isAllowedOrigin(config: Pick<Config, 'corsOrigins'>, origin: string, host: string | undefined): boolean {
  if (config.corsOrigins.includes(origin)) return true;
  try {
    return !!host && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/** Only a listed origin gets CORS headers (never with credentials): same-origin pages need none. */
export function isCorsOrigin(config: Pick<Config, 'corsOrigins'>, origin: string | null): origin is string {
  return !!origin && config.corsOrigins.includes(origin);
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** Loopback, private, link-local, CGNAT, multicast and reserved addresses, IPv4 and IPv6 (BlockList applies the IPv4 rules to IPv4-mapped IPv6 too). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** One image host of a service: a name (it and its subdomains) or an IP literal, on one port. */
export interface ImageHost {
  /** Lowercase, IPv6 without brackets. */
  name: string;
  /** Absent: the default port of the URL's scheme (443 for https, 80 for http) and no other. */
  port?: number;
}

const IMAGE_HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)(?::(\d{1,5}))?$/;

/** `archive.org`, `127.0.0.1:43121` or `[::1]:8080` as an ImageHost; undefined when it is none of those. */
export function parseImageHost(entry: string): ImageHost | undefined {
  const m = IMAGE_HOST.exec(entry.trim().toLowerCase());
  if (!m) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const name = m[1]!.replace(/^\[|\]$/g, '');
  if (m[1]!.startsWith('[') && isIP(name) !== 6) return undefined;
  return { name, port };
}

/**
 * Whether a request or a redirect hop may go to `url`: the exact origin (scheme, host and port) of
 * the base URL, or one of the service's image hosts. The base host on another port is neither: on a
 * mirror's machine (or loopback) another port is another service, and the base host is trusted with
 * private addresses.
 */
export function isAllowedTarget(url: URL, baseOrigin: string, imageHosts: readonly ImageHost[]): boolean {
  if (url.origin === baseOrigin) return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? undefined : Number(url.port);
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  // No subdomain can end in an IPv4 literal's digits (the URL parser refuses such names).
  return imageHosts.some((h) => (h.port === undefined ? port === undefined : (port ?? defaultPort) === h.port) && (host === h.name || host.endsWith(`.${h.name}`)));
}

class BlockedAddressError extends Error {
  readonly code = 'ERR_BLOCKED_ADDRESS';
}

/**
 * A DNS lookup that refuses private answers for every hostname but the one the operator configured
 * (`null`: for every hostname). Checked on the addresses undici then connects to, so a name that
 * answers a public address once and a private one the next time (DNS rebinding) gains nothing.
 */
export function guardedLookup(trustedHost: string | null): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const bad = hostname === trustedHost ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new BlockedAddressError(`${hostname} resolves to private address ${bad.address}`), '', 0);
      const first = addresses[0];
      if (options.all) return callback(null, addresses);
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

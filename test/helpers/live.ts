import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** A real graphql-ws client over a real socket, collecting what a subscription yields. */
export function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({ url: url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

export interface Collected<T> {
  items: T[];
  /** Resolves once `predicate` holds for the items so far. */
  until(predicate: (items: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  stop(): void;
  /** Rejects when the server ends the subscription with an error. */
  error: Promise<unknown>;
}

/** Items as they arrive, with a way to wait until they satisfy a predicate. */
function collector<T>() {
  const items: T[] = [];
  const waiters = new Set<() => void>();
  let fail: (e: unknown) => void = () => {};
  const error = new Promise<unknown>((resolve) => (fail = resolve));
  return {
    items,
    error,
    fail: (e: unknown) => fail(e),
    push(item: T) {
      items.push(item);
      for (const w of waiters) w();
    },
    until(predicate: (items: T[]) => boolean, timeoutMs = 15_000): Promise<T[]> {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(items)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(items);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out; got ${JSON.stringify(items).slice(0, 2000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

export function collect<T, V extends Record<string, unknown>>(client: Client, doc: TypedDocumentNode<T, V> | string, variables?: V): Collected<T> {
  const c = collector<T>();
  const stop = client.subscribe<T>(
    { query: typeof doc === 'string' ? doc : print(doc), variables },
    {
      next: (v) => {
        if (v.errors) c.fail(v.errors);
        if (v.data) c.push(v.data as T);
      },
      error: (e) => c.fail(e),
      complete: () => {},
    },
  );
  return { items: c.items, error: c.error, until: c.until, stop };
}

/** A server-sent-events subscription through yoga's HTTP transport, read with fetch. */
export function sseSubscribe<T>(url: string, query: string, variables?: Record<string, unknown>): Collected<T> & { ready: Promise<void> } {
  const c = collector<T>();
  const controller = new AbortController();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((r) => (markReady = r));
  void (async () => {
    try {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query, variables }),
        signal: controller.signal,
      });
      markReady();
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let sep: number;
        while ((sep = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, sep);
          buffer = buffer.slice(sep + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
          if (!data) continue;
          const parsed = JSON.parse(data) as { data?: T; errors?: unknown };
          if (parsed.errors) c.fail(parsed.errors);
          if (parsed.data) c.push(parsed.data);
        }
      }
    } catch (err) {
      if (!controller.signal.aborted) c.fail(err);
    }
  })();
  return { items: c.items, error: c.error, until: c.until, ready, stop: () => controller.abort() };
}

/**
 * A server gives no sign that a subscription is registered. Pokes (e.g. refreshes a probe album
 * the subscription also watches) until the subscription has seen something, so the events that
 * follow are certain to be caught.
 */
export async function untilLive(poke: () => Promise<unknown>, seen: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!seen()) {
    if (Date.now() > deadline) throw new Error('the subscription never received anything');
    await poke();
    const until = Date.now() + 300;
    while (!seen() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves once no new item has arrived for `ms`: the stream has gone quiet. */
export async function quiet(items: readonly unknown[], ms = 500, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = items.length;
  let since = Date.now();
  while (Date.now() - since < ms) {
    if (Date.now() > deadline) throw new Error('the stream never went quiet');
    await new Promise((r) => setTimeout(r, 25));
    if (items.length !== count) {
      count = items.length;
      since = Date.now();
    }
  }
}

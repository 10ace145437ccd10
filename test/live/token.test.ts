/**
 * One rule for the token on every transport (issue 10 point 5): reads open and writes protected by
 * default, both protected with API_TOKEN_READS=true, a wrong token refused; the same over HTTP,
 * SSE (yoga's and graphql-sse's protocol, issue 15 point 6) and graphql-ws.
 */
import { createClient as createSseClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { collect, wsClient } from '../helpers/live.js';

const TOKEN = 'token-rule-5e1f';
const AUTH = `Bearer ${TOKEN}`;
const READ = '{ latestScan { state } }';
const WRITE = 'mutation { scanLibrary { __typename } }';
const SUBSCRIBE = 'subscription { scanProgress { scanId done } }';

type Outcome = 'ok' | 'refused' | 'forbidden-union';

async function overHttp(t: TestApp, query: string, authorization?: string): Promise<Outcome> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  if (body.errors) {
    expect(res.status).toBe(body.errors[0]!.extensions!.code === 'UNAUTHENTICATED' ? 401 : 403);
    return 'refused';
  }
  return body.data?.scanLibrary?.__typename === 'ForbiddenError' ? 'forbidden-union' : 'ok';
}

/** yoga's SSE (POST /graphql, Accept: text/event-stream): the first event, or the error. */
async function overSse(t: TestApp, query: string, authorization?: string): Promise<Outcome> {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
    if (query.startsWith('subscription') && !text.includes('data:')) break; // a live stream: nothing yet
  }
  await reader.cancel();
  const data = /data: (.*)/.exec(text)?.[1];
  if (!data) return res.status === 200 ? 'ok' : 'refused';
  const event = JSON.parse(data) as { data?: any; errors?: unknown[] };
  if (event.errors) return 'refused';
  return event.data?.scanLibrary?.__typename === 'ForbiddenError' ? 'forbidden-union' : 'ok';
}

/** graphql-ws: a refused connection closes with 4403; otherwise the first result or error. */
async function overWs(t: TestApp, query: string, authorization?: string): Promise<Outcome> {
  const client = wsClient(t.url, authorization ? { authorization } : undefined);
  try {
    const sub = collect<any, Record<string, unknown>>(client, query);
    const first = await Promise.race([
      sub.error.then((e) => ({ error: e })),
      sub.until((items) => items.length > 0, 5000).then((items) => ({ item: items[0] })),
      ...(query.startsWith('subscription') ? [new Promise<{ open: true }>((r) => setTimeout(() => r({ open: true }), 600))] : []),
    ]);
    sub.stop();
    if ('error' in first) return 'refused';
    if ('open' in first) return 'ok';
    return first.item?.scanLibrary?.__typename === 'ForbiddenError' ? 'forbidden-union' : 'ok';
  } finally {
    await client.dispose();
  }
}

const transports = { http: overHttp, sse: overSse, ws: overWs };

describe.each([
  ['reads open (default)', 'false', { none: ['ok', 'ok', 'forbidden-union'], wrong: ['refused', 'refused', 'forbidden-union'], right: ['ok', 'ok', 'ok'] }],
  ['API_TOKEN_READS=true', 'true', { none: ['refused', 'refused', 'forbidden-union'], wrong: ['refused', 'refused', 'forbidden-union'], right: ['ok', 'ok', 'ok'] }],
] as const)('API_TOKEN with %s', (_name, reads, expected) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { API_TOKEN: TOKEN, API_TOKEN_READS: reads } });
  });
  afterAll(() => t?.stop());

  it.each(Object.keys(transports) as (keyof typeof transports)[])('holds over %s', async (name) => {
    const run = transports[name];
    const got: Record<string, Outcome[]> = {};
    for (const [who, authorization] of [['none', undefined], ['wrong', 'Bearer not-the-token'], ['right', AUTH]] as const) {
      // Plain JSON over HTTP has no subscriptions (they go over SSE or graphql-ws).
      const sub = name === 'http' ? expected[who][1] : await run(t, SUBSCRIBE, authorization);
      got[who] = [await run(t, READ, authorization), sub, await run(t, WRITE, authorization)];
    }
    // graphql-ws decides at connection time: whoever may not read is refused whole (4403).
    const want = name === 'ws' ? Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v[0] === 'refused' ? ['refused', 'refused', 'refused'] : [...v]])) : expected;
    expect(got).toEqual(want);
  });
});

describe('graphql-sse protocol at /graphql/stream', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ role: 'api', env: { API_TOKEN: TOKEN } });
  });
  afterAll(() => t?.stop());

  it.each([false, true])('answers the graphql-sse client (singleConnection: %s), with the same token rule', async (singleConnection) => {
    const run = async (query: string, authorization?: string) => {
      const client = createSseClient({ url: `${t.url}/graphql/stream`, singleConnection, retryAttempts: 0, headers: authorization ? { authorization } : {} });
      try {
        return await new Promise<{ data?: any; errors?: readonly unknown[] }>((resolve, reject) => {
          client.subscribe({ query }, { next: (v) => resolve(v as any), error: reject, complete: () => {} });
        });
      } catch (err) {
        return { errors: [err] };
      } finally {
        client.dispose();
      }
    };
    expect((await run(READ)).data).toHaveProperty('latestScan');
    expect((await run(WRITE)).data?.scanLibrary.__typename).toBe('ForbiddenError');
    expect((await run(WRITE, AUTH)).data?.scanLibrary.__typename).toBe('Scan');
    expect((await run(READ, 'Bearer not-the-token')).errors).toBeDefined();
  });
});

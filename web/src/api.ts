/**
 * The console's transport: GraphQL over HTTP (JSON, and multipart for uploads) and graphql-ws for
 * subscriptions, all on the same origin's /graphql, with the API token from sessionStorage.
 */
import { createClient, type Client } from 'graphql-ws';
import type { TypedDocumentString } from './gql/graphql.js';

const TOKEN_KEY = 'soniquebay-covers:token';
export const ENDPOINT = '/graphql';

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set(value: string): void {
    sessionStorage.setItem(TOKEN_KEY, value);
    resetSocket();
  },
};

function authorization(): Record<string, string> {
  const t = token.get();
  return t ? { authorization: `Bearer ${t}` } : {};
}

interface GraphQLResponse<R> {
  data?: R | null;
  errors?: { message: string }[];
}

async function send<R>(init: RequestInit): Promise<R> {
  const res = await fetch(ENDPOINT, init);
  const body = (await res.json().catch(() => null)) as GraphQLResponse<R> | null;
  if (body?.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  if (!res.ok || !body?.data) throw new Error(`${ENDPOINT} answered HTTP ${res.status}`);
  return body.data;
}

/** A query or mutation as JSON (a non-simple content type, so CSRF prevention lets it through). */
export function request<R, V>(doc: TypedDocumentString<R, V>, variables: V): Promise<R> {
  return send<R>({
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...authorization() },
    body: JSON.stringify({ query: doc.toString(), variables }),
  });
}

/**
 * A mutation with one file, as a GraphQL multipart request (operations, map, then the file). The
 * custom header is what yoga's CSRF prevention asks of a multipart (otherwise "simple") request.
 */
export function upload<R, V extends { file: File }>(doc: TypedDocumentString<R, V>, variables: Omit<V, 'file'>, file: File): Promise<R> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: doc.toString(), variables: { ...variables, file: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.file'] }));
  form.append('0', file, file.name);
  return send<R>({ method: 'POST', headers: { 'x-graphql-yoga-csrf': 'console', accept: 'application/json', ...authorization() }, body: form });
}

type SocketListener = (state: 'open' | 'closed' | 'forbidden') => void;
const socketListeners = new Set<SocketListener>();
let socket: Client | undefined;

function client(): Client {
  socket ??= createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${ENDPOINT}`,
    connectionParams: () => authorization(),
    lazy: true,
    retryAttempts: Infinity,
    // 4403: the token is missing or wrong; retrying with the same one cannot help.
    shouldRetry: (e) => !(e instanceof CloseEvent && e.code === 4403),
    on: {
      connected: () => socketListeners.forEach((l) => l('open')),
      closed: (e) => socketListeners.forEach((l) => l(e instanceof CloseEvent && e.code === 4403 ? 'forbidden' : 'closed')),
    },
  });
  return socket;
}

function resetSocket(): void {
  const old = socket;
  socket = undefined;
  void old?.dispose();
  socketListeners.forEach((l) => l('closed'));
}

/** Follows whether the live connection is up, and whether it was refused for want of a token. */
export function onSocket(listener: SocketListener): () => void {
  socketListeners.add(listener);
  return () => socketListeners.delete(listener);
}

/** Subscribes over graphql-ws; returns the unsubscribe function. */
export function subscribe<R, V>(doc: TypedDocumentString<R, V>, variables: V, next: (data: R) => void): () => void {
  return client().subscribe<R>(
    { query: doc.toString(), variables: variables as Record<string, unknown> },
    { next: (v) => v.data && next(v.data as R), error: () => {}, complete: () => {} },
  );
}

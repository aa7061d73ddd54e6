// The portal's only way to the server: typed by the generated OpenAPI types (schema.ts), so a
// path, a parameter, a body or an answer that does not match the API fails `npm run typecheck`.
// It sends the session's CSRF token on writes, the portal's language, and an Idempotency-Key on
// every POST (retried once, with the same key, when the network fails, so nothing runs twice).
import type { components, paths } from './schema.ts';

export type Problem = components['schemas']['Problem'];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = Extract<paths[P][M], { responses: unknown }>;
/** The API's paths that have an operation for this method. */
export type PathsOf<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never }[keyof paths];

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer Q } } ? Exclude<Q, undefined> : never;
type JsonBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : null;
type SuccessOf<R> = { [S in keyof R]: S extends 200 | 201 | 202 | 204 ? JsonOf<R[S]> : never }[keyof R];

/** The JSON a route answers on success (null for 204). */
export type Answer<P extends keyof paths, M extends Method> = SuccessOf<Operation<P, M>['responses']>;
/** The JSON body a route takes. */
export type BodyOf<P extends keyof paths, M extends Method> = JsonBody<Operation<P, M>>;

type Options<O> = ([PathParams<O>] extends [never] ? { path?: undefined } : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never] ? { query?: undefined } : { query?: QueryParams<O> }) &
  ([JsonBody<O>] extends [never] ? { body?: undefined } : { body: JsonBody<O> }) & {
    /** Extra headers, e.g. `licentia-simulation` to act on a simulation's clock. */
    headers?: Record<string, string>;
  };

/** A refusal from the API: its problem details (RFC 9457), with `code` and a localized title. */
export class ApiError extends Error {
  readonly problem: Problem;
  readonly status: number;
  constructor(problem: Problem) {
    super(problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.status = problem.status;
  }
}

interface ClientState {
  csrfToken: string | null;
  language: 'ja' | 'en';
  onUnauthenticated: () => void;
}

const state: ClientState = { csrfToken: null, language: 'en', onUnauthenticated: () => {} };

export function configureClient(changes: Partial<ClientState>): void {
  Object.assign(state, changes);
}

export function buildUrl(template: string, path: object | undefined, query?: object): string {
  const params = (path ?? {}) as Record<string, string>;
  let url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null) search.set(name, String(value));
  if ([...search].length > 0) url += `?${search}`;
  return url;
}

function headersFor(method: string, hasBody: boolean): Headers {
  const headers = new Headers({ accept: 'application/json', 'accept-language': state.language });
  if (hasBody) headers.set('content-type', 'application/json');
  if (method !== 'GET' && state.csrfToken) headers.set('x-csrf-token', state.csrfToken);
  if (method === 'POST') headers.set('idempotency-key', crypto.randomUUID());
  return headers;
}

/** Sends one request; a POST that fails on the network is sent once more with the same key. */
async function send(method: string, url: string, headers: Headers, body: string | undefined): Promise<Response> {
  const init: RequestInit = { method, headers, credentials: 'same-origin', ...(body === undefined ? {} : { body }) };
  try {
    return await fetch(url, init);
  } catch (error) {
    if (method !== 'POST') throw error;
    return fetch(url, init);
  }
}

async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) return (await response.json()) as Problem;
  return { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status, instance: response.url, code: 'HTTP_ERROR', requestId: '' };
}

async function request(method: Method, template: string, options: { path?: object; query?: object; body?: unknown; headers?: Record<string, string> }): Promise<unknown> {
  const verb = method.toUpperCase();
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = headersFor(verb, body !== undefined);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  const response = await send(verb, buildUrl(template, options.path, options.query), headers, body);
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) state.onUnauthenticated();
    throw new ApiError(problem);
  }
  return response.status === 204 ? null : response.json();
}

function method<M extends Method>(name: M) {
  return <P extends PathsOf<M>>(path: P, ...[options]: { path?: undefined; query?: undefined; body?: undefined } extends Options<Operation<P, M>> ? [Options<Operation<P, M>>?] : [Options<Operation<P, M>>]) =>
    request(name, path, (options ?? {}) as object) as Promise<Answer<P, M>>;
}

export const api = {
  get: method('get'),
  post: method('post'),
  put: method('put'),
  patch: method('patch'),
  delete: method('delete'),
};

/**
 * A file the API answers instead of JSON (a key batch's one-time CSV, an invoice's PDF, a case's
 * file), saved by the browser. A GET with the CSRF token: some downloads change state (the CSV's
 * copy is destroyed, an invoice's original becomes a copy), so they are guarded like a write.
 */
export async function downloadFile<P extends PathsOf<'get'>>(path: P, params: PathParams<Operation<P, 'get'>>, filename: string, query?: QueryParams<Operation<P, 'get'>>): Promise<void> {
  const headers = new Headers({ 'accept-language': state.language });
  if (state.csrfToken) headers.set('x-csrf-token', state.csrfToken);
  const response = await fetch(buildUrl(path, params as object, query as object | undefined), { headers, credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(await problemOf(response));
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // After the click has handed the file to the browser's download.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}

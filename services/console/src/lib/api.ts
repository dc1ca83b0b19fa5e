// The one way the console talks to the gateway: same-origin fetch with the session cookie, the CSRF header on
// unsafe methods, versions from ETag, and problem+json turned into an ApiError that forms and pages can explain.
import type { FieldError } from './form-errors';

export const API_BASE = '/api/v1';

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
  /** 409: the record's current state does not allow the command. */
  get isConflict(): boolean {
    return this.status === 409;
  }
  /** 412: someone changed the record since this page was loaded. */
  get isStale(): boolean {
    return this.status === 412;
  }
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** The version the user saw: sent as If-Match so a stale page gets 412 and changes nothing. */
  ifMatch?: number;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  /** From the ETag ("<version>") when the API sent one. */
  version?: number;
}

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {
  const here = window.location.pathname + window.location.search;
  if (!window.location.pathname.startsWith('/sign-in')) window.location.assign(`/sign-in?returnTo=${encodeURIComponent(here)}`);
};

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The session layer replaces the default full-page redirect with a router navigation. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
  const res = await fetch(apiUrl(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
  const text = await res.text();
  const body: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const problem: Problem = isProblem(body) ? { ...body, status: res.status } : { status: res.status, title: res.statusText, detail: text || undefined };
    // The session endpoints answer 401 for "no session" as a plain fact; everything else means "sign in again".
    if (res.status === 401 && !path.startsWith('/session')) onUnauthorized();
    throw new ApiError(res.status, problem);
  }
  return { data: body as T, status: res.status, version: versionOf(res.headers.get('ETag')) };
}

export const api = {
  get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>(path, { query, signal }).then((r) => r.data),
  post: <T>(path: string, body: unknown = {}, ifMatch?: number) => request<T>(path, { method: 'POST', body, ifMatch }).then((r) => r.data),
  delete: (path: string) => request<void>(path, { method: 'DELETE' }).then(() => undefined),
};

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function versionOf(etag: string | null): number | undefined {
  const match = etag && /^(?:W\/)?"(\d+)"$/.exec(etag);
  return match ? Number(match[1]) : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && ('title' in body || 'detail' in body || 'errors' in body);
}

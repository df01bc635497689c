// The one way the web app talks to the server: JSON over fetch with the session's bearer token,
// errors as ApiError carrying the server's message (the sentence a person can act on), the
// server's clock read off every response, and an Idempotency-Key on every POST so a retried tap
// never records twice.

export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly requestId: string | null;

  constructor(status: number, body: ErrorBody, requestId: string | null) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? {};
    this.requestId = requestId;
  }

  // The member of the request the server named as wrong, if any ("signature.password").
  get field(): string | undefined {
    const f = this.details['field'];
    return typeof f === 'string' ? f : undefined;
  }
}

const TOKEN_KEY = 'gemba.token';

export function sessionToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setSessionToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

// Server time = Date.now() + clockOffsetMs. Taken from the Date header (whole seconds) of each
// answer, refined to the millisecond by the `at`/`signed_at` times of events when they arrive.
let clockOffsetMs = 0;
export function serverNow(): Date {
  return new Date(Date.now() + clockOffsetMs);
}
export function noteServerTime(serverMs: number, latencyMs = 0): void {
  if (Number.isFinite(serverMs)) clockOffsetMs = serverMs + latencyMs / 2 - Date.now();
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
// Called when the server says the session is gone (expired, ended by an administrator).
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

const activityListeners = new Set<Listener>();
// Called after every answered request: the server counts it as activity for the idle timeout.
export function onActivity(listener: Listener): () => void {
  activityListeners.add(listener);
  return () => activityListeners.delete(listener);
}

export interface RequestOptions {
  ifMatch?: number;
  idempotencyKey?: string;
  signal?: AbortSignal;
  // Raw response (downloads); the body is not parsed.
  raw?: boolean;
}

function newKey(): string {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = sessionToken();
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['If-Match'] = `"v${options.ifMatch}"`;
  if (method === 'POST' && token) headers['Idempotency-Key'] = options.idempotencyKey ?? newKey();
  const started = Date.now();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
      // The bearer token alone: the server's session cookie would be shared by every tab, and a
      // sign-in in one tab would end the session of another (a token presented at login is ended).
      credentials: 'omit',
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(
      0,
      { code: 'unavailable', message: 'The server cannot be reached. Check the network; nothing was recorded.' },
      null,
    );
  }
  const date = response.headers.get('Date');
  if (date) noteServerTime(Date.parse(date) + 500, Date.now() - started);
  if (response.status !== 401) activityListeners.forEach((l) => l());
  if (!response.ok) {
    let parsed: ErrorBody = { code: 'internal', message: `The server answered ${response.status}.` };
    try {
      const j = await response.json();
      if (j && j.error && typeof j.error.message === 'string') parsed = j.error;
    } catch {
      /* keep the generic message */
    }
    const error = new ApiError(response.status, parsed, response.headers.get('X-Request-Id'));
    if (response.status === 401 && path !== '/api/v1/auth/login') {
      unauthenticatedListeners.forEach((l) => l());
    }
    throw error;
  }
  if (options.raw) return response as unknown as T;
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

// GETs started before anyone asks (at start-up, for the screen the address names), each taken
// by the first get() of the same path within a few seconds.
const prefetched = new Map<string, { at: number; answer: Promise<unknown> }>();
export function prefetch(path: string): void {
  const answer = request<unknown>('GET', path);
  answer.catch(() => undefined); // the get() that takes it sees the error
  prefetched.set(path, { at: Date.now(), answer });
}
function takePrefetched<T>(path: string): Promise<T> | null {
  const p = prefetched.get(path);
  if (!p) return null;
  prefetched.delete(path);
  return Date.now() - p.at < 5_000 ? (p.answer as Promise<T>) : null;
}

export const api = {
  get: <T>(path: string, o?: RequestOptions) => takePrefetched<T>(path) ?? request<T>('GET', path, undefined, o),
  post: <T>(path: string, body: unknown = {}, o?: RequestOptions) => request<T>('POST', path, body, o),
  put: <T>(path: string, body: unknown, o?: RequestOptions) => request<T>('PUT', path, body, o),
  patch: <T>(path: string, body: unknown, o?: RequestOptions) => request<T>('PATCH', path, body, o),
  del: <T>(path: string, o?: RequestOptions) => request<T>('DELETE', path, undefined, o),
};

// Query string from the members that are set.
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// A download of an authenticated resource (PDF, CSV) saved under `fileName`.
export async function download(path: string, fileName: string): Promise<void> {
  const response = await request<Response>('GET', path, undefined, { raw: true });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

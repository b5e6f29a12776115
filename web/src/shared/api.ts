/**
 * Typed fetch for the Tianyi API. Errors come back as ApiError with the server's stable code
 * (and, for refusals, every reason with its override permission); `errorMessage` in errors.ts
 * turns them into plain words.
 */

export interface Refusal {
  code: string;
  message: string;
  overridePermission?: string;
  parameter?: { name: string; value?: string | number | null };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly refusals: Refusal[] = [],
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Where a session token lives: staff and readers never share one. */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}

export function tokenStore(key: string, storage: () => Storage = () => localStorage): TokenStore {
  return {
    get: () => {
      try {
        return storage().getItem(key);
      } catch {
        return null;
      }
    },
    set: (token) => {
      try {
        if (token) storage().setItem(key, token);
        else storage().removeItem(key);
      } catch {
        /* private mode: the session lasts as long as the page */
      }
    },
  };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | string[] | undefined | null>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export function withQuery(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) q.set(k, v.join(','));
    } else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** What to do when the server says the session is over (401). */
export type OnUnauthorized = () => void;

export function createApi(store: TokenStore, onUnauthorized?: OnUnauthorized) {
  async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
    const token = store.get();
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (opts.body !== undefined) {
      if (opts.body instanceof Blob || opts.body instanceof ArrayBuffer || opts.body instanceof Uint8Array) {
        body = opts.body as BodyInit;
      } else {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(opts.body);
      }
    }
    let res: Response;
    try {
      res = await fetch(withQuery(path, opts.query), { method: opts.method ?? 'GET', headers, body, signal: opts.signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, 'NETWORK', 'The server cannot be reached.');
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string; details?: { refusals?: Refusal[] } } } | null)?.error;
      if (res.status === 401 && token) onUnauthorized?.();
      throw new ApiError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.details?.refusals ?? [], e?.details);
    }
    return json as T;
  }
  return {
    request,
    get: <T>(path: string, query?: RequestOptions['query'], signal?: AbortSignal) => request<T>(path, { query, signal }),
    post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body }),
    put: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PUT', body }),
    patch: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PATCH', body }),
    del: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
    store,
  };
}

export type Api = ReturnType<typeof createApi>;

import type { TErrorBody } from '@hotline/shared';

/** An error answered by the API (`{ error: { code, message, details } }`), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

export const API_BASE = '/api/v1';

let unauthorizedHandler: (() => void) | null = null;
/** The session registers itself here so that any 401 outside the auth endpoints logs the console out. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

type TRequestOptions = {
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | undefined | null>;
};

function buildUrl(path: string, query?: TRequestOptions['query']): string {
  const url = `${API_BASE}${path}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${url}?${qs}` : url;
}

async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body: unknown,
  opts: TRequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // Every write carries the CSRF guard header; JSON bodies only.
  if (method !== 'GET') headers['X-Requested-With'] = 'hotline';
  if (body !== undefined) headers['Content-Type'] = 'application/json';

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      credentials: 'include',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', (err as Error)?.message ?? 'Network error');
  }

  if (res.status === 204) return undefined as T;
  const payload: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (payload as Partial<TErrorBody> | null)?.error;
    if (res.status === 401 && !path.startsWith('/auth/')) unauthorizedHandler?.();
    throw new ApiError(
      res.status,
      error?.code ?? `HTTP_${res.status}`,
      error?.message ?? res.statusText,
      error?.details ?? null,
    );
  }
  return payload as T;
}

export function apiGet<T>(path: string, opts?: TRequestOptions): Promise<T> {
  return request<T>('GET', path, undefined, opts);
}

export function apiPost<T>(path: string, body?: unknown, opts?: TRequestOptions): Promise<T> {
  return request<T>('POST', path, body ?? {}, opts);
}

export function apiPut<T>(path: string, body?: unknown, opts?: TRequestOptions): Promise<T> {
  return request<T>('PUT', path, body ?? {}, opts);
}

export function apiPatch<T>(path: string, body?: unknown, opts?: TRequestOptions): Promise<T> {
  return request<T>('PATCH', path, body ?? {}, opts);
}

export function apiDelete<T>(path: string, opts?: TRequestOptions): Promise<T> {
  return request<T>('DELETE', path, undefined, opts);
}

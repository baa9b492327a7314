type TReply = { status?: number; body?: unknown };
type THandler = (req: {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}) => TReply;

export type TFetchCall = { method: string; url: string; body: unknown; headers: Record<string, string> };

/**
 * Replaces global fetch with a route table: `'GET /api/v1/tickets/t1'` → reply (or function).
 * A route without a query matches any query string. Unknown routes answer 404.
 */
export function mockFetch(routes: Record<string, TReply | THandler>) {
  const calls: TFetchCall[] = [];
  const fn = jest.fn(async (input: string, init: RequestInit = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    const url = String(input);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const headers = (init.headers ?? {}) as Record<string, string>;
    const req = { method, url, body, headers };
    calls.push(req);
    const path = url.split('?')[0];
    const route = routes[`${method} ${url}`] ?? routes[`${method} ${path}`];
    const reply: TReply =
      typeof route === 'function' ? route(req) : (route ?? { status: 404, body: notFound });
    const status = reply.status ?? 200;
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: String(status),
      json: async () => reply.body,
    } as Response;
  });
  globalThis.fetch = fn as unknown as typeof fetch;
  return { fn, calls };
}

const notFound = { error: { code: 'NOT_FOUND', message: 'Not found', details: null } };

export function apiError(status: number, code: string, message: string): TReply {
  return { status, body: { error: { code, message, details: null } } };
}

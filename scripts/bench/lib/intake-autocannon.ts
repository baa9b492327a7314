/**
 * A typed slice of autocannon's programmatic API (the package ships no types) and one load point:
 * N connections for S seconds, each request built by `next()` (fresh phone numbers, MsgIds…).
 * Latencies are taken from every 2xx response (float ms), not from autocannon's integer histogram.
 */
import { createRequire } from 'node:module';
import { percentileOf } from './results';

type TRawRequest = { method?: string; path?: string; headers?: Record<string, string>; body?: string };

type TAutocannonOptions = {
  url: string;
  connections: number;
  duration: number;
  pipelining?: number;
  timeout?: number;
  requests?: { method?: string; setupRequest?: (req: TRawRequest) => TRawRequest }[];
};

type TAutocannonResult = {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
};

type TAutocannonInstance = Promise<TAutocannonResult> & {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
};

const autocannon = createRequire(import.meta.url)('autocannon') as (
  o: TAutocannonOptions,
) => TAutocannonInstance;

export type TLoadPoint = {
  /** 2xx responses per second over the run. */
  rate: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
};

export type TLoadSpec = {
  base: string;
  connections: number;
  seconds: number;
  method?: 'GET' | 'POST';
  /** A request: path, headers and body (for a GET, only the path is read). */
  next: () => { path: string; headers?: Record<string, string>; body?: string };
};

/** Runs one load point; throws when any request failed (a benchmark of errors measures nothing). */
export async function loadPoint(
  spec: TLoadSpec,
  opts: { allowFailures?: boolean } = {},
): Promise<TLoadPoint> {
  const method = spec.method ?? 'POST';
  const samples: number[] = [];
  const instance = autocannon({
    url: spec.base,
    connections: spec.connections,
    duration: spec.seconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method,
        setupRequest: (req) => {
          const r = spec.next();
          return { ...req, method, path: r.path, headers: { ...req.headers, ...r.headers }, body: r.body };
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) samples.push(ms);
  });
  const result = await instance;
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]),
  );
  const failed = result.non2xx + result.errors;
  if (failed > 0 && !opts.allowFailures)
    throw new Error(
      `${method} ${spec.base} c${spec.connections}: ${result.non2xx} non-2xx, ${result.errors} errors ` +
        `(${result.timeouts} timeouts); statuses ${JSON.stringify(statuses)}`,
    );
  return {
    rate: samples.length / result.duration,
    p50: percentileOf(samples, 50),
    p99: percentileOf(samples, 99),
    ok: samples.length,
    failed,
    statuses,
  };
}

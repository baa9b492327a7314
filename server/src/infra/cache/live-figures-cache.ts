/**
 * Serves an expensive live figure (a dashboard's open workload over a city-sized database) to
 * many consoles at once without recomputing it for each of them.
 *
 * Cheap figures (computed in under COSTLY_MS, e.g. any test database) are never cached. A costly
 * one is reused while nothing has happened since (the newest ticket event is the same) for up
 * to a minute, and even when something has, for ten times its computing time (at most 10 s):
 * every live console refetches on every event, and this keeps a burst of events from becoming
 * a burst of identical scans. One computation per key at a time (single flight).
 */
import { sql } from 'drizzle-orm';
import type { TDbOrTx } from '../db/client';

const COSTLY_MS = 100;
const SAME_VERSION_MS = 60_000;
const MAX_STALE_MS = 10_000;
const MAX_KEYS = 500;

type TEntry<T> = { value: T; version: string; computedAt: number; costMs: number };

export type TLiveFiguresCache = {
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
};

async function latestEventId(db: TDbOrTx): Promise<string> {
  const r = await db.execute(sql`select coalesce(max(id), 0)::text as v from ticket_events`);
  return (r.rows[0] as { v: string }).v;
}

export function createLiveFiguresCache(db: TDbOrTx, now: () => number = Date.now): TLiveFiguresCache {
  const entries = new Map<string, TEntry<unknown>>();
  const inFlight = new Map<string, Promise<unknown>>();

  const fresh = (e: TEntry<unknown>, version: string): boolean => {
    if (e.costMs < COSTLY_MS) return false;
    const age = now() - e.computedAt;
    if (e.version === version && age < SAME_VERSION_MS) return true;
    return age < Math.min(MAX_STALE_MS, 10 * e.costMs);
  };

  return {
    async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      const cached = entries.get(key) as TEntry<T> | undefined;
      const version = cached ? await latestEventId(db) : '';
      if (cached && fresh(cached, version)) return cached.value;
      const running = inFlight.get(key) as Promise<T> | undefined;
      if (running) return running;
      const job = (async () => {
        const v = await latestEventId(db);
        const started = now();
        const value = await compute();
        entries.delete(key);
        entries.set(key, { value, version: v, computedAt: now(), costMs: now() - started });
        if (entries.size > MAX_KEYS) entries.delete(entries.keys().next().value!);
        return value;
      })();
      inFlight.set(key, job);
      try {
        return await job;
      } finally {
        inFlight.delete(key);
      }
    },
  };
}

const perDatabase = new WeakMap<object, TLiveFiguresCache>();

/** The process's cache for this database (one per server process and database). */
export function liveFiguresCacheFor(db: TDbOrTx): TLiveFiguresCache {
  let cache = perDatabase.get(db);
  if (!cache) {
    cache = createLiveFiguresCache(db);
    perDatabase.set(db, cache);
  }
  return cache;
}

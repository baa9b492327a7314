/**
 * What the router reads of the reference data (a category with its group and default unit, a
 * 派单目录 rule, unit names, the dispatch settings), kept per process while the database's
 * reference version (migration 0009: every write to units, categories, dispatch_rules and
 * settings moves it on) stays the number read alongside the ticket. A change made a moment ago
 * is never missed: the next ticket reads the new number and the kept answers are dropped.
 */
export type TReferenceReads = {
  /** The answer kept for `key` at this version, or `load()`'s (kept unless it fails). */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
};

/** Reads nothing from memory: for callers that have no version to go by (an agent's typing). */
export const UNCACHED_READS: TReferenceReads = { get: (_key, load) => load() };

/** Bounds the memory a burst of distinct keys can take; a full map simply starts over. */
const MAX_ENTRIES = 5_000;

export class ReferenceCache {
  private version: number | null = null;
  private readonly entries = new Map<string, Promise<unknown>>();

  /** The reads at `version`; a different version than last time drops everything kept. */
  at(version: number): TReferenceReads {
    if (version !== this.version) {
      this.version = version;
      this.entries.clear();
    }
    return {
      get: <T>(key: string, load: () => Promise<T>): Promise<T> => {
        const kept = this.entries.get(key);
        if (kept) return kept as Promise<T>;
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        // A real promise, run once: a drizzle query builder is a thenable that runs again on every await.
        const loading = Promise.resolve(load());
        this.entries.set(key, loading);
        loading.catch(() => {
          if (this.entries.get(key) === loading) this.entries.delete(key);
        });
        return loading;
      },
    };
  }
}

const caches = new WeakMap<object, ReferenceCache>();

/** The reads at `version` of the cache kept per database handle (a process may serve several in tests). */
export function referenceReadsFor(db: object, version: number): TReferenceReads {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new ReferenceCache()));
  return cache.at(version);
}

/** The router's per-version reference cache (modules/dispatch/reference-cache.ts), without a database. */
import { ReferenceCache } from '../src/modules/dispatch/reference-cache';

/** Like a drizzle query builder: a thenable that runs its query again on every `then`. */
function countingThenable(value: string) {
  const runs = { n: 0 };
  const thenable = {
    then<T>(resolve: (v: string) => T, reject?: (e: unknown) => T) {
      runs.n++;
      return Promise.resolve(value).then(resolve, reject);
    },
  };
  return { thenable, runs };
}

describe('reference cache', () => {
  test('a loader returning a thenable (a query builder) runs once per version, however often it is read', async () => {
    const cache = new ReferenceCache();
    const { thenable, runs } = countingThenable('rows');
    for (let i = 0; i < 5; i++) {
      const reads = cache.at(7);
      expect(await reads.get('k', () => thenable as unknown as Promise<string>)).toBe('rows');
    }
    expect(runs.n).toBe(1);
  });

  test('a new version drops what was kept; a failed load is not kept', async () => {
    const cache = new ReferenceCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.at(1).get('k', load)).toBe(1);
    expect(await cache.at(1).get('k', load)).toBe(1);
    expect(await cache.at(2).get('k', load)).toBe(2);
    await expect(cache.at(2).get('bad', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.at(2).get('bad', async () => 'ok')).toBe('ok');
  });
});

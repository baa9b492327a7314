import { createLiveFiguresCache } from '../src/infra/cache/live-figures-cache';
import { createTicket, signInCast, type TCast } from './support/drive';
import { startTestServer, type TTestServer } from './support/harness';

// The dashboards' cache: never for cheap figures, reused for costly ones while nothing changed,
// and only briefly (10× the cost, ≤ 10 s) once something has.
let s: TTestServer;
let c: TCast;
beforeAll(async () => {
  s = await startTestServer('live_figures_cache');
  c = await signInCast(s);
}, 60_000);
afterAll(() => s?.stop());

function fixture(costMs: number) {
  let t = 1_000_000;
  let computed = 0;
  const cache = createLiveFiguresCache(s.ctx.db, () => t);
  const compute = async () => {
    computed += 1;
    t += costMs; // the computation "takes" costMs on the cache's clock
    return computed;
  };
  return {
    get: () => cache.get('k', compute),
    advance: (ms: number) => (t += ms),
    computed: () => computed,
  };
}

/** Something happens: a ticket is filed (a new newest event). */
async function addEvent(): Promise<void> {
  await createTicket(c);
}

test('a cheap figure is computed for every reader', async () => {
  const f = fixture(5);
  expect([await f.get(), await f.get(), await f.get()]).toEqual([1, 2, 3]);
});

test('a costly figure is reused until an event happens and the stale window (10× cost) has passed', async () => {
  const f = fixture(500);
  expect(await f.get()).toBe(1);
  f.advance(30_000);
  expect(await f.get()).toBe(1); // nothing happened: still valid
  await addEvent();
  expect(await f.get()).toBe(2); // something happened and 30 s > 5 s window
  await addEvent();
  f.advance(1_000);
  expect(await f.get()).toBe(2); // within 10 × 500 ms of the last computation
  f.advance(5_000);
  expect(await f.get()).toBe(3);
  f.advance(61_000);
  expect(await f.get()).toBe(4); // a minute is the longest even without events
});

test('concurrent readers share one computation', async () => {
  const f = fixture(5);
  const values = await Promise.all([f.get(), f.get(), f.get()]);
  expect(values).toEqual([1, 1, 1]);
  expect(f.computed()).toBe(1);
});

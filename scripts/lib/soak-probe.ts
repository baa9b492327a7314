/**
 * Preloaded into the soak's server and workers (`node --import tsx --import ./scripts/lib/soak-probe.ts`)
 * and nowhere else: every SOAK_PROBE_MS it appends one JSON line with the process's own view of
 * itself (heap, active handles, event-loop delay) to SOAK_PROBE_FILE. No change to the server's
 * code, no debug endpoint; RSS and fd counts are read from /proc by the soak itself.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.SOAK_PROBE_FILE;
const every = Number(process.env.SOAK_PROBE_MS ?? 10_000);

if (file) {
  const delay = monitorEventLoopDelay({ resolution: 20 });
  delay.enable();
  const timer = setInterval(() => {
    const mem = process.memoryUsage();
    const line = {
      t: Date.now(),
      pid: process.pid,
      rssMb: mem.rss / 2 ** 20,
      heapUsedMb: mem.heapUsed / 2 ** 20,
      heapTotalMb: mem.heapTotal / 2 ** 20,
      externalMb: mem.external / 2 ** 20,
      activeResources: process.getActiveResourcesInfo().length,
      lagMeanMs: delay.mean / 1e6,
      lagP99Ms: delay.percentile(99) / 1e6,
      lagMaxMs: delay.max / 1e6,
    };
    delay.reset();
    fs.appendFile(file, `${JSON.stringify(line)}\n`, () => undefined);
  }, every);
  timer.unref();
}

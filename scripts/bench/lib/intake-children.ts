/**
 * Processes the intake benchmark loads: the real server (server/src/main.ts) and the hello-world
 * servers, each in a child process of its own so the load generator never shares their event
 * loop. Output goes to a log file; a child that does not come up fails the run with its tail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export { freePort } from './realtime-processes';

export type TChild = { name: string; base: string; pid: number; stop(): Promise<void> };

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts `node [nodeArgs] --import tsx <script> [args]` and waits until `GET <readyPath>` answers
 * 200. `stop()` sends SIGTERM and waits for the exit (a CPU profile is written then).
 */
export async function startChild(o: {
  name: string;
  script: string;
  args?: string[];
  env?: Record<string, string>;
  nodeArgs?: string[];
  port: number;
  readyPath: string;
  logDir: string;
}): Promise<TChild> {
  const logFile = path.join(o.logDir, `${o.name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [...(o.nodeArgs ?? []), '--import', 'tsx', path.join(ROOT, o.script), ...(o.args ?? [])],
    { cwd: ROOT, env: { ...process.env, ...o.env }, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? (signal ? 128 : 0);
      resolve();
    }),
  );
  const base = `http://127.0.0.1:${o.port}`;
  for (let i = 0; ; i++) {
    if (exited !== null) throw new Error(`${o.name} exited (${exited}) before listening:\n${tail(logFile)}`);
    try {
      if ((await fetch(`${base}${o.readyPath}`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 240) {
      child.kill('SIGKILL');
      throw new Error(`${o.name} did not come up in 60 s:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    name: o.name,
    base,
    pid: child.pid!,
    async stop() {
      if (exited !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/**
 * CPU time (user + system, ms) a process has used so far, from /proc: per request, it tells the
 * cost of a request apart from the waiting that a shared, busy machine adds to its latency.
 */
export function cpuMs(pid: number): { user: number; system: number } {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      user: (Number(fields[11]) * 1000) / CLOCK_TICKS,
      system: (Number(fields[12]) * 1000) / CLOCK_TICKS,
    };
  } catch {
    return { user: NaN, system: NaN };
  }
}
const CLOCK_TICKS = 100;

/** Deletes every key of a Redis prefix (sessions, rate-limit counters, BullMQ queues `{prefix}:bull`). */
export async function clearRedisPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*${prefix}*`, 'COUNT', 1000);
      if (keys.length) deleted += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * The processes of the realtime benchmarks: the server and the workers started the way
 * production starts them (`node --import tsx <entry>`, logs to a file, not through this
 * process, so the measuring process stays idle), helpers with an IPC channel, and what /proc
 * says about them (RSS, CPU time).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { PII_KEY, REDIS_URL, ROOT, sleep } from './realtime-support';

/** The environment of the app processes: production settings on the bench database and prefix. */
export function appEnv(dbUrl: string, prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DATABASE_URL: dbUrl,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    PII_ENCRYPTION_KEY: PII_KEY,
    COOKIE_SECURE: 'false',
    MIGRATE_ON_START: 'false',
    SERVE_CLIENT_DIR: '',
    ...extra,
  };
}

export type TAppChild = {
  name: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  alive(): boolean;
  stop(): Promise<void>;
};

const children = new Set<TAppChild>();

/**
 * A child process started as production starts it, its output to a log file (not through this
 * process: the measuring process stays idle). `ipc` opens a message channel (bench helpers).
 */
export function spawnApp(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
  opts: { ipc?: boolean; args?: string[] } = {},
): TAppChild {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  // BENCH_PROFILE=<dir>: the server and the workers write V8 CPU profiles to <dir>/<name> when they exit.
  const profile =
    process.env.BENCH_PROFILE && /^(server|workers)\//.test(entry)
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_PROFILE, name)}`]
      : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry, ...(opts.args ?? [])], {
    cwd: ROOT,
    env,
    stdio: opts.ipc ? ['ignore', out, out, 'ipc'] : ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const app: TAppChild = {
    name,
    pid: child.pid!,
    child,
    logFile,
    alive,
    async stop() {
      children.delete(app);
      if (!alive()) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10_000)]);
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
  children.add(app);
  return app;
}

/** Stops every child still running (on success and on failure alike). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop()));
}

// A crash of the benchmark itself must not leave servers behind.
process.once('exit', () => {
  for (const c of children) if (c.alive()) c.child.kill('SIGKILL');
});

export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function waitUntil(app: TAppChild, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (!app.alive()) throw new Error(`${app.name} exited during start-up:\n${tail(app.logFile)}`);
    if (Date.now() > deadline)
      throw new Error(`${app.name} not ready in ${timeoutMs} ms:\n${tail(app.logFile)}`);
    await sleep(100);
  }
}

/** An HTTP server child (the app's server by default), ready once its /healthz answers. */
export async function startServerChild(
  name: string,
  port: number,
  env: NodeJS.ProcessEnv,
  logDir: string,
  entry = 'server/src/main.ts',
): Promise<TAppChild> {
  const app = spawnApp(name, entry, { ...env, PORT: String(port) }, logDir);
  await waitUntil(app, async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      return false;
    }
  });
  return app;
}

export async function startWorkersChild(
  name: string,
  env: NodeJS.ProcessEnv,
  logDir: string,
): Promise<TAppChild> {
  const app = spawnApp(name, 'workers/src/main.ts', env, logDir);
  // The readiness line is logged at info; below that level, give the relay a moment instead.
  if (['warn', 'error', 'fatal', 'silent'].includes(String(env.LOG_LEVEL))) {
    await sleep(4000);
    if (!app.alive()) throw new Error(`${name} exited during start-up:\n${tail(app.logFile)}`);
    return app;
  }
  await waitUntil(app, async () => tail(app.logFile, 200).includes('"msg":"workers started"'));
  return app;
}

/** VmRSS of a process in MB, from /proc/<pid>/status. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const CLOCK_TICKS_PER_S = 100;

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}

/**
 * CPU time of the PostgreSQL backends connected to one database, in ms (the server runs on this
 * machine). Other databases' backends and the shared background processes are left out.
 */
export function postgresCpuMs(database: string): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres:') && cmd.includes(` ${database} `)) total += cpuMs(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** CPU time of the Redis server process(es) on this machine, in ms (shared by every prefix). */
export function redisCpuMs(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('redis-server'))
        total += cpuMs(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/**
 * Waits out the workers' start-up work (jobs re-added for the demo tickets, the first SLA sweep):
 * nothing pending in the outbox, nothing waiting or running in the routing queue.
 */
export async function settleWorkers(dbUrl: string, prefix: string): Promise<void> {
  const pg = new Client({ connectionString: dbUrl });
  const redis = new Redis(REDIS_URL);
  await pg.connect();
  try {
    const deadline = Date.now() + 60_000;
    await sleep(3000);
    for (;;) {
      const outbox = await pg.query('select 1 from outbox where dispatched_at is null limit 1');
      const queued =
        (await redis.llen(`{${prefix}}:bull:routing:wait`)) +
        (await redis.llen(`{${prefix}}:bull:routing:active`));
      if (!outbox.rowCount && queued === 0) return;
      if (Date.now() > deadline) throw new Error('the workers did not settle within 60 s');
      await sleep(200);
    }
  } finally {
    await pg.end();
    redis.disconnect();
  }
}

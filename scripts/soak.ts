/**
 * `npm run soak`: the server and the workers as child processes on a database and Redis prefix
 * of their own (hotline_soak), under a steady load for SOAK_MINUTES, sampled every SOAK_SAMPLE_S.
 *
 *   SOAK_MINUTES=30 npm run soak > /tmp/soak.log 2>&1 &
 *
 * Load: SOAK_RATE tickets/s created by an agent through the API (default 20); every
 * SOAK_LIFECYCLE_EVERY-th ticket (default 4) is then walked through dispatch → sign → reply →
 * (signoff-reply) → approve-reply → callback → close by the demo cast; SOAK_CONSOLES socket.io consoles (default 5)
 * stay connected and count the events they receive. Only 127.0.0.1 is ever addressed.
 *
 * Per sample and process: VmRSS from /proc/<pid>/status, open fds from /proc/<pid>/fd, and from a
 * preloaded probe (scripts/lib/soak-probe.ts) heap used, active handles and event-loop delay.
 * Verdict: the least-squares slope of RSS over the second half, in MB per 10 minutes; "flat"
 * when under SOAK_FLAT_MB (default 5) for both processes. Not part of `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { io as ioClient, type Socket } from 'socket.io-client';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const RATE = Number(process.env.SOAK_RATE ?? 20);
const LIFECYCLE_EVERY = Number(process.env.SOAK_LIFECYCLE_EVERY ?? 4);
const CONSOLES = Number(process.env.SOAK_CONSOLES ?? 5);
const SAMPLE_S = Number(process.env.SOAK_SAMPLE_S ?? 30);
const FLAT_MB = Number(process.env.SOAK_FLAT_MB ?? 5);
const ADMIN_URL = process.env.SOAK_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.SOAK_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB_NAME = 'hotline_soak';
const PREFIX = 'hotline_soak';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'Hotline@12345';
const ROOT = path.resolve(import.meta.dirname, '..');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-soak-'));

const log = (msg: string) =>
  process.stdout.write(`[soak ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function clearRedisPrefix(): Promise<void> {
  const r = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1000);
      if (keys.length) await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

function startChild(name: string, entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  const out = fs.openSync(path.join(WORK, `${name}.log`), 'a');
  const probe = path.join(ROOT, 'scripts/lib/soak-probe.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', probe, entry], {
    cwd: ROOT,
    env: { ...env, SOAK_PROBE_FILE: path.join(WORK, `${name}.probe`) },
    stdio: ['ignore', out, out],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited early (code ${code}, signal ${signal}); see ${WORK}/${name}.log`);
      process.exitCode = 1;
    }
  });
  return child;
}

/** A signed-in API client (session cookie, CSRF header), keeping latency figures. */
class Api {
  cookie = '';
  constructor(readonly base: string) {}
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely read JSON answers
  async call(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
    const t0 = performance.now();
    const res = await fetch(`${this.base}/api/v1${p}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-requested-with': 'hotline',
        ...(this.cookie ? { cookie: this.cookie } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    stats.latencies.push(performance.now() - t0);
    const sc = res.headers.get('set-cookie');
    if (sc) this.cookie = sc.split(';')[0]!;
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

const stats = {
  created: 0,
  actions: 0,
  failures: new Map<string, number>(),
  latencies: [] as number[],
  socketEvents: 0,
};
let stopping = false;

function fail(what: string) {
  stats.failures.set(what, (stats.failures.get(what) ?? 0) + 1);
}

type TCast = Record<'agent' | 'dispatcher' | 'handler' | 'manager', Api> & { unitId: string };

const LIFECYCLE: [keyof Omit<TCast, 'unitId'>, string, (c: TCast) => unknown][] = [
  ['dispatcher', 'dispatch', (c) => ({ unitId: c.unitId })],
  ['handler', 'sign', () => ({})],
  ['handler', 'reply', () => ({ content: '已安排人员处理完毕', solved: true })],
  // The demo 市城管局 signs off its replies (审核签发): skipped below when the reply went straight out.
  ['manager', 'signoff-reply', () => ({})],
  ['dispatcher', 'approve-reply', () => ({})],
  ['agent', 'callback', () => ({ satisfaction: 'satisfied' })],
  ['agent', 'close', () => ({})],
];

async function oneTicket(c: TCast, n: number): Promise<void> {
  const phone = `139${String(10_000_000 + (n % 90_000_000)).padStart(8, '0')}`;
  const res = await c.agent.call('POST', '/tickets', {
    type: 'complaint',
    title: `耐久测试工单 ${n}`,
    description: `人民路${n % 500}号路灯不亮，夜间出行不便，请尽快修复。`,
    citizen: { phone, name: '测试市民' },
  });
  if (res.status !== 201) return fail(`create ${res.status}`);
  stats.created++;
  if (n % LIFECYCLE_EVERY !== 0) return;
  const id: string = res.body.ticket.id;
  let status: string | undefined;
  for (const [who, action, body] of LIFECYCLE) {
    if (action === 'signoff-reply' && status !== 'in_progress') continue;
    const r = await c[who].call('POST', `/tickets/${id}/${action}`, body(c));
    if (r.status !== 200) return fail(`${action} ${r.status}`);
    status = r.body?.ticket?.status;
    stats.actions++;
  }
}

type TSample = {
  min: number;
  proc: Record<string, { rssMb: number; fds: number; heapMb?: number; handles?: number; lagP99?: number }>;
  created: number;
  actions: number;
  p50: number;
  p99: number;
};

function procFigures(pid: number): { rssMb: number; fds: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { rssMb: kb / 1024, fds: fs.readdirSync(`/proc/${pid}/fd`).length };
}

function lastProbe(name: string): { heapUsedMb?: number; activeResources?: number; lagP99Ms?: number } {
  try {
    const lines = fs
      .readFileSync(path.join(WORK, `${name}.probe`), 'utf8')
      .trim()
      .split('\n');
    return JSON.parse(lines.at(-1)!);
  } catch {
    return {};
  }
}

function pct(xs: number[], p: number): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Least-squares slope, y per x. */
function slope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  log(`work dir ${WORK}; ${MINUTES} min at ${RATE} tickets/s, lifecycle every ${LIFECYCLE_EVERY}th`);
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  await clearRedisPrefix();
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${DB_NAME}`;
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    DATABASE_URL: dbUrl.toString(),
    REDIS_URL,
    REDIS_PREFIX: PREFIX,
    LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'warn',
    COOKIE_SECURE: 'false',
    SEED_DEMO: 'true',
  };
  log('migrating and seeding the demo users');
  await run(['--import', 'tsx', 'scripts/db-seed.ts', '--demo'], env);

  const server = startChild('server', 'server/src/main.ts', env);
  const workers = startChild('workers', 'workers/src/main.ts', env);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 120) throw new Error(`the server did not come up; see ${WORK}/server.log`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const login = async (u: string) => {
    const a = new Api(base);
    const r = await a.call('POST', '/auth/login', { username: u, password: PASSWORD });
    if (r.status !== 200) throw new Error(`login ${u}: ${r.status} ${JSON.stringify(r.body)}`);
    return a;
  };
  const [agent, dispatcher, handler, manager] = await Promise.all(
    ['agent1', 'dispatcher1', 'cgj_handler', 'cgj_manager'].map(login),
  );
  const units = await agent!.call('GET', '/units');
  const unitId: string = units.body.items.find((u: { code: string }) => u.code === 'cgj').id;
  const cast: TCast = {
    agent: agent!,
    dispatcher: dispatcher!,
    handler: handler!,
    manager: manager!,
    unitId,
  };

  const sockets: Socket[] = [];
  const consoleUsers = ['dispatcher1', 'supervisor1', 'agent1', 'cgj_handler', 'admin'];
  for (let i = 0; i < CONSOLES; i++) {
    const who = await login(consoleUsers[i % consoleUsers.length]!);
    const s = ioClient(base, {
      transports: ['websocket'],
      forceNew: true,
      extraHeaders: { cookie: who.cookie },
    });
    s.onAny(() => stats.socketEvents++);
    sockets.push(s);
  }

  const samples: TSample[] = [];
  const t0 = Date.now();
  const endAt = t0 + MINUTES * 60_000;
  const pids = { server: server.pid!, workers: workers.pid! };
  const sample = () => {
    const proc: TSample['proc'] = {};
    for (const [name, pid] of Object.entries(pids)) {
      const p = lastProbe(name);
      proc[name] = {
        ...procFigures(pid),
        heapMb: p.heapUsedMb,
        handles: p.activeResources,
        lagP99: p.lagP99Ms,
      };
    }
    const lat = stats.latencies.splice(0);
    const s: TSample = {
      min: (Date.now() - t0) / 60_000,
      proc,
      created: stats.created,
      actions: stats.actions,
      p50: pct(lat, 50),
      p99: pct(lat, 99),
    };
    samples.push(s);
    const f = (n: number | undefined, d = 0) => (n === undefined ? '-' : n.toFixed(d));
    log(
      `t=${s.min.toFixed(1)}m tickets=${s.created} actions=${s.actions} p50=${f(s.p50, 1)}ms p99=${f(s.p99, 1)}ms ` +
        Object.entries(proc)
          .map(
            ([k, v]) =>
              `${k}: rss=${f(v.rssMb, 1)}MB heap=${f(v.heapMb, 1)}MB fds=${v.fds} handles=${f(v.handles)} lagP99=${f(v.lagP99, 1)}ms`,
          )
          .join(' | '),
    );
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_S * 1000);

  // Steady rate: one tick every 1000/RATE ms; in flight capped so a slow server is seen as lag, not a pile-up.
  let n = 0;
  let inFlight = 0;
  const MAX_IN_FLIGHT = RATE * 10;
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      if (Date.now() >= endAt) {
        clearInterval(tick);
        return resolve();
      }
      if (inFlight >= MAX_IN_FLIGHT) return fail('skipped (in flight cap)');
      inFlight++;
      oneTicket(cast, ++n)
        .catch((err: Error) => fail(`error ${err.message.slice(0, 60)}`))
        .finally(() => inFlight--);
    }, 1000 / RATE);
  });
  while (inFlight > 0) await new Promise((r) => setTimeout(r, 100));
  clearInterval(sampler);
  sample();

  stopping = true;
  for (const s of sockets) s.close();
  server.kill('SIGTERM');
  workers.kill('SIGTERM');
  await Promise.all([server, workers].map((c) => new Promise((r) => c.once('exit', r))));
  report(samples);
  await clearRedisPrefix();
  if (process.env.SOAK_KEEP_DB !== 'true') await admin(`drop database if exists ${DB_NAME} with (force)`);
}

function report(samples: TSample[]): void {
  const last = samples.at(-1)!;
  const minutes = last.min;
  console.log(`\n## Soak: ${minutes.toFixed(1)} min, ${RATE} tickets/s target`);
  console.log(
    `tickets created ${last.created} (${(last.created / (minutes * 60)).toFixed(1)}/s), lifecycle actions ${last.actions}, ` +
      `socket events received ${stats.socketEvents} on ${CONSOLES} consoles`,
  );
  console.log(
    `failures: ${stats.failures.size ? [...stats.failures].map(([k, v]) => `${k} ×${v}`).join(', ') : 'none'}`,
  );
  console.log(
    '\n| min | server RSS MB | server heap MB | server fds | workers RSS MB | workers heap MB | workers fds | p50 ms | p99 ms |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of samples) {
    const a = s.proc.server!;
    const b = s.proc.workers!;
    const f = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(1));
    console.log(
      `| ${s.min.toFixed(1)} | ${f(a.rssMb)} | ${f(a.heapMb)} | ${a.fds} | ${f(b.rssMb)} | ${f(b.heapMb)} | ${b.fds} | ${f(s.p50)} | ${f(s.p99)} |`,
    );
  }
  const half = samples.filter((s) => s.min >= minutes / 2);
  let flat = true;
  console.log('');
  for (const name of ['server', 'workers']) {
    const rss = slope(half.map((s) => [s.min, s.proc[name]!.rssMb])) * 10;
    const heap =
      slope(
        half.filter((s) => s.proc[name]!.heapMb !== undefined).map((s) => [s.min, s.proc[name]!.heapMb!]),
      ) * 10;
    const fds = half.map((s) => s.proc[name]!.fds);
    if (Math.abs(rss) >= FLAT_MB) flat = false;
    console.log(
      `${name}: RSS slope over the second half ${rss.toFixed(2)} MB/10 min, heap slope ${heap.toFixed(2)} MB/10 min, ` +
        `fds ${Math.min(...fds)}–${Math.max(...fds)}`,
    );
  }
  console.log(`verdict: ${flat ? 'FLAT' : 'GROWING'} (threshold ${FLAT_MB} MB per 10 min of RSS)`);
  if (!flat || stats.failures.size) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

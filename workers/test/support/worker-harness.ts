import type { TTicketRealtimeMessage } from '@hotline/shared';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createLogger } from '../../../server/src/infra/logger';
import { TEST_REDIS_URL } from '../../../server/test/support/db';
import type { TTestServer } from '../../../server/test/support/harness';
import { parseWorkerConfig, type TWorkerConfig } from '../../src/config';
import { startWorkers, type TRunningWorkers } from '../../src/index';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Worker settings pointing at a test server's own database and Redis prefix. */
export function workerEnvFor(s: TTestServer): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: s.dbUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: s.prefix,
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '4',
  };
}

export function workerConfigFor(s: TTestServer): TWorkerConfig {
  return parseWorkerConfig(workerEnvFor(s));
}

/** The workers in this Jest process (for tests that call runSweepOnce / relayOnce). */
export function startTestWorkers(s: TTestServer): Promise<TRunningWorkers> {
  return startWorkers(workerConfigFor(s), { logger: createLogger({ level: 'silent' }) });
}

export async function waitUntil<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 10_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket.io client signed in with an API client's session cookie, recording every ticket event it gets. */
export type TTestSocket = {
  socket: Socket;
  events: TTicketRealtimeMessage[];
  waitFor(match: (m: TTicketRealtimeMessage) => boolean, timeoutMs?: number): Promise<TTicketRealtimeMessage>;
  close(): void;
};

export async function connectSocket(s: TTestServer, cookie: string): Promise<TTestSocket> {
  const socket = io(s.url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
  });
  const events: TTicketRealtimeMessage[] = [];
  socket.on('ticket.event', (m: TTicketRealtimeMessage) => events.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    waitFor: (match, timeoutMs = 5000) =>
      waitUntil(() => events.find(match), 'a ticket.event', timeoutMs, 10),
    close: () => socket.close(),
  };
}

/** A worker process started as production starts it (`npx tsx workers/src/main.ts`). */
export type TWorkerProcess = {
  child: ChildProcess;
  /** The pid of the node process running main.ts (npx and tsx sit above it). */
  ready: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** kill -9 of the worker itself, then of whatever is left of its process group. */
  kill9(): Promise<void>;
  /** SIGTERM to the worker; resolves with the exit code of the command. */
  terminate(): Promise<number | null>;
};

export function spawnWorker(s: TTestServer, extraEnv: Record<string, string> = {}): TWorkerProcess {
  const child = spawn('npx', ['tsx', 'workers/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...workerEnvFor(s), LOG_LEVEL: 'info', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('"msg":"workers started"')) continue;
        resolve((JSON.parse(line) as { pid: number }).pid);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    void exited.then(({ code, signal }) =>
      reject(new Error(`worker exited before it was up (${code ?? signal}):\n${out}`)),
    );
  });
  ready.catch(() => undefined);
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  return {
    child,
    ready,
    exited,
    output: () => out,
    async kill9() {
      process.kill(await ready, 'SIGKILL');
      killGroup('SIGKILL');
      await exited;
    },
    async terminate() {
      process.kill(await ready, 'SIGTERM');
      const { code } = await exited;
      killGroup('SIGKILL');
      return code;
    },
  };
}

/** Creates a staff account directly in the database (password: the demo password). */
export async function createUnitUser(
  s: TTestServer,
  u: { username: string; unitCode: string; role: string },
): Promise<void> {
  await s.ctx.pool.query(
    `insert into users (username, display_name, password_hash, role, unit_id)
     select $1, $1, (select password_hash from users where username = 'cgj_handler'), $3, id from units where code = $2`,
    [u.username, u.unitCode, u.role],
  );
}

export async function idOf(s: TTestServer, table: 'units' | 'categories', code: string): Promise<string> {
  const res = await s.ctx.pool.query<{ id: string }>(`select id from ${table} where code = $1`, [code]);
  if (!res.rows[0]) throw new Error(`no ${table} with code ${code}`);
  return res.rows[0].id;
}

export async function pendingOutbox(
  s: TTestServer,
): Promise<{ id: string; topic: string; attempts: number }[]> {
  const res = await s.ctx.pool.query(
    `select id, topic, attempts from outbox where dispatched_at is null order by id`,
  );
  return res.rows as { id: string; topic: string; attempts: number }[];
}

export async function eventsOf(
  s: TTestServer,
  ticketId: string,
  type: string,
): Promise<{ id: string; payload: any; actor_name: string }[]> {
  const res = await s.ctx.pool.query(
    `select id, payload, actor_name from ticket_events where ticket_id = $1 and type = $2 order by id`,
    [ticketId, type],
  );
  return res.rows as { id: string; payload: any; actor_name: string }[];
}

/**
 * What the realtime benchmarks (bench:dispatch, bench:fanout) share: a fresh database seeded as
 * the demo is, a Redis prefix of their own, signed-in socket.io consoles, and one wall clock for
 * timestamps taken in different processes. Their processes: realtime-processes.ts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { io as ioClient, type Socket } from 'socket.io-client';

export const ROOT = path.resolve(import.meta.dirname, '../../..');
export const ADMIN_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PASSWORD = 'Hotline@12345';
export const QUICK = process.env.BENCH_QUICK === '1';
/** The PII key of the bench databases (test data only). */
export const PII_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * Epoch milliseconds with sub-millisecond resolution. Every process derives it from the same
 * system clock, so a send time taken in one process and a receive time in another compare.
 */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Deletes every key of the prefix (sessions, queues, socket.io channels). */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const r = new Redis(REDIS_URL, { lazyConnect: true });
  try {
    await r.connect();
    // BullMQ keys are `{prefix}:bull:…` (a cluster hash tag), everything else `prefix:…`.
    for (const pattern of [`${prefix}:*`, `{${prefix}}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    r.disconnect();
  }
}

/**
 * A new database with the reference data, the demo users, tickets and 派单目录 (db-seed --demo);
 * `history` adds the demo history and trains the routing models on it, as a live system has them.
 */
export async function freshDemoDatabase(name: string, logDir: string, history = false): Promise<string> {
  await admin(`drop database if exists ${name} with (force)`);
  await admin(`create database ${name}`);
  const url = databaseUrl(name);
  const out = fs.openSync(path.join(logDir, 'seed.log'), 'a');
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/db-seed.ts', '--demo', ...(history ? ['--history'] : [])],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: url, PII_ENCRYPTION_KEY: PII_KEY },
      stdio: ['ignore', out, out],
    },
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  fs.closeSync(out);
  if (code !== 0) throw new Error(`db-seed exited ${code}; see ${path.join(logDir, 'seed.log')}`);
  return url;
}

export async function dropDatabase(name: string): Promise<void> {
  await admin(`drop database if exists ${name} with (force)`);
}

/** Signs in through the API as the console does; returns the session cookie (`name=value`). */
export async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'hotline' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** A console's socket: websocket transport, the session cookie on the handshake; resolves once connected. */
export function connectConsole(base: string, cookie: string, timeoutMs = 10_000): Promise<Socket> {
  const socket = ioClient(base, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    // One connection per console, as browsers have: never multiplexed over another console's.
    forceNew: true,
    reconnection: false,
    timeout: timeoutMs,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

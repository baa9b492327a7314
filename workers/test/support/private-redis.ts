import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/** A redis-server of one test file's own, so it can FLUSHALL without touching anyone else's keys. */
export type TPrivateRedis = {
  url: string;
  pid: number;
  /** A connection of the test's own, for looking at keys. */
  client: Redis;
  flushAll(): Promise<void>;
  dbSize(): Promise<number>;
  stop(): Promise<void>;
};

const START_TIMEOUT_MS = 10_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts redis-server from PATH on a free port, without persistence, and resolves once it
 * answers PING. Fails with a clear message when redis-server is not installed: the test needs
 * a Redis it may flush, and the shared one on 6379 is not it. `onPort` starts a new, empty one
 * where a stopped one was (a restart as clients see it).
 */
export async function startPrivateRedis(onPort?: number): Promise<TPrivateRedis> {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0)
    throw new Error(
      'redis-server is not on PATH. This test flushes a Redis of its own and cannot use the shared one; ' +
        'install it with `apt-get install redis-server` (or `brew install redis`).',
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-private-redis-'));
  const port = onPort ?? (await freePort());
  /* prettier-ignore */
  const child = spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
  client.on('error', () => undefined); // refused until the server is up
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited during start-up:\n${output}`);
    try {
      if (client.status === 'wait') await client.connect();
      if ((await client.ping()) === 'PONG') break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      client.disconnect();
      throw new Error(`redis-server did not answer PING on ${url} within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    url,
    pid: child.pid!,
    client,
    async flushAll() {
      await client.flushall();
    },
    dbSize: () => client.dbsize(),
    async stop() {
      client.disconnect();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

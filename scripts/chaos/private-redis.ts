import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, isListening, waitFor } from './ports';

/**
 * A redis-server of the chaos run's own on a fixed port, without persistence: killing it and
 * starting it again on the same port is a Redis that lost every key (queues, sessions, limits).
 */
export type TPrivateRedis = {
  url: string;
  /** kill -9, then a new empty redis-server on the same port after `downMs`. */
  restartEmpty(downMs: number): Promise<void>;
  stop(): Promise<void>;
};

export async function startPrivateRedis(): Promise<TPrivateRedis> {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0)
    throw new Error(
      'redis-server is not on PATH: the chaos run kills and restarts a Redis of its own. ' +
        'Install it with `apt-get install redis-server` (or `brew install redis`).',
    );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chaos-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;

  const start = async () => {
    /* prettier-ignore */
    const c = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no',
      '--daemonize', 'no', '--loglevel', 'warning',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    child = c;
    await waitFor(
      async () => {
        if (c.exitCode !== null) throw new Error(`redis-server exited during start-up: ${err}`);
        return isListening(port);
      },
      `redis-server on port ${port}`,
      10_000,
    );
  };
  const kill = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  };

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restartEmpty(downMs) {
      await kill();
      await new Promise((r) => setTimeout(r, downMs));
      await start();
    },
    async stop() {
      await kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

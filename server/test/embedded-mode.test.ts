/**
 * The zero-setup path of `npm start`: no DATABASE_URL, so the real server process runs on
 * PGlite served over the PostgreSQL wire protocol (scripts/lib/embedded-postgres.mjs). This
 * catches migrations or boot code that only work on a full PostgreSQL server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '../..');
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/';
const LIBRARY = path.join(ROOT, 'scripts/lib/embedded-postgres.mjs');

/**
 * The library is an ES module, and Jest here cannot load one: @swc/jest turns `import()` into
 * Jest's `require()` (ESM refused), a native `import()` inside Jest's sandbox needs
 * --experimental-vm-modules, and Jest intercepts `createRequire` too. So a plain Node process
 * imports it and calls `startEmbeddedPostgres`, prints the URL, and calls `stop()` on SIGTERM or
 * when its stdin closes (Jest gone) so no PGlite outlives the test.
 */
const HOST_SCRIPT = `
  const { startEmbeddedPostgres } = await import(process.env.EMBEDDED_PG_LIBRARY);
  const pg = await startEmbeddedPostgres({ dataDir: process.env.EMBEDDED_PG_DATA_DIR, port: 0 });
  process.stdout.write(JSON.stringify({ url: pg.url }) + '\\n');
  const stop = () => pg.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.stdin.once('end', stop).resume();
`;

async function startEmbeddedPostgres(dataDir: string): Promise<{ url: string; host: ChildProcess }> {
  const host = spawn(process.execPath, ['--input-type=module', '-e', HOST_SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, EMBEDDED_PG_LIBRARY: pathToFileURL(LIBRARY).href, EMBEDDED_PG_DATA_DIR: dataDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  host.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    host.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    host.once('exit', (code) => reject(new Error(`embedded PostgreSQL host exited (${code}):\n${output}`)));
  });
  return { url, host };
}

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

function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2_000 }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          resolve({ status: res.statusCode ?? 0, body: text });
        }
      });
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve({ status: 0, body: null }));
  });
}

function stopProcess(child: ChildProcess | undefined, graceMs = 10_000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe('embedded mode (npm start without DATABASE_URL)', () => {
  let dataDir = '';
  let database: ChildProcess | undefined;
  let server: ChildProcess | undefined;
  let serverOutput = '';

  afterAll(async () => {
    await stopProcess(server);
    await stopProcess(database, 20_000);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('boots the real server on PGlite and reports database and redis ok on /readyz', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-pglite-'));
    const embedded = await startEmbeddedPostgres(dataDir);
    database = embedded.host;

    const port = await freePort();
    // node --import tsx rather than npx: SIGTERM then reaches the server itself, not a wrapper.
    server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: embedded.url,
        REDIS_URL,
        // Keeps this server's queues and sessions apart from other tests sharing the Redis.
        REDIS_PREFIX: `embedded_mode_${process.pid}`,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));

    let last: { status: number; body: unknown } = { status: 0, body: null };
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline && server.exitCode === null) {
      last = await getJson(`http://127.0.0.1:${port}/readyz`);
      if (last.status === 200) break;
      await new Promise((r) => setTimeout(r, 500));
    }

    if (last.status !== 200) {
      throw new Error(
        `/readyz never answered 200 (last: ${last.status} ${JSON.stringify(last.body)}; ` +
          `server exit code ${server.exitCode}). Server output:\n${serverOutput}`,
      );
    }
    expect(last.body).toMatchObject({ database: 'ok', redis: 'ok' });
  }, 60_000);
});

// A private redis-server for the zero-setup start and for tests. There is no Redis that runs
// inside Node, so this drives the real binary from PATH on its own port and directory, leaving
// any system Redis (and its data) alone.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const DEFAULT_PORT = 6380;
const PORT_ATTEMPTS = 20;

export const REDIS_INSTALL_HINT =
  'redis-server was not found on PATH. Install it with `sudo apt-get install redis-server` ' +
  '(Debian/Ubuntu) or `brew install redis` (macOS), or set REDIS_URL to a Redis you already run.';

/** True when a `redis-server` binary can be executed. */
export function hasRedisServer() {
  const probe = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return !probe.error && probe.status === 0;
}

/**
 * Starts redis-server on the first free port from `port` and resolves once it answers PING.
 *
 * @param {object} options
 * @param {string} options.dataDir where redis-server keeps dump.rdb (created if missing)
 * @param {number} [options.port] first port to try (6380)
 * @param {string} [options.host] interface to bind (127.0.0.1; the instance has no password)
 * @param {boolean} [options.persist] snapshot to dataDir every 60 s (true); tests pass false
 * @param {number} [options.timeoutMs] how long to wait for PONG (15 s)
 * @param {(line: string) => void} [options.onLog] receives redis-server's output line by line
 * @param {boolean} [options.detached] own process group, so a terminal's Ctrl+C reaches only the
 *   caller, which can then stop things in order (false)
 * @returns {Promise<{ url: string, port: number, pid: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedRedis(options) {
  const {
    dataDir,
    port = DEFAULT_PORT,
    host = '127.0.0.1',
    persist = true,
    timeoutMs = 15_000,
    onLog,
    detached = false,
  } = options;
  if (!dataDir) throw new Error('startEmbeddedRedis: dataDir is required');
  if (!hasRedisServer()) throw new Error(REDIS_INSTALL_HINT);
  const absDataDir = path.resolve(dataDir);
  fs.mkdirSync(absDataDir, { recursive: true });
  const pidFile = path.join(absDataDir, 'redis-server.pid');
  await stopLeftover(pidFile);

  const freePort = await findFreePort(port, host);
  /* prettier-ignore */
  const args = [
    '--port', String(freePort),
    '--bind', host,
    '--dir', absDataDir,
    // The system records everything in PostgreSQL and Redis may be flushed (DESIGN.md), so an
    // occasional RDB snapshot is plenty: it only spares queued jobs a cold restart.
    '--save', persist ? '60 1' : '',
    '--appendonly', 'no',
    // Daemonizing would detach it from us; we want it to die with the parent's stop().
    '--daemonize', 'no',
    // Lets the next start find an instance left behind by a parent that was killed outright.
    '--pidfile', pidFile,
    // Skip the banner and per-connection notices; warnings and errors still come through.
    '--loglevel', 'warning',
  ];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'], detached });

  const recent = [];
  const forward = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      onLog?.(line);
    }
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  try {
    await Promise.race([
      waitForPong(host, freePort, timeoutMs),
      exited.then(({ code, signal }) => {
        throw new Error(`redis-server exited during start-up (code ${code}, signal ${signal})`);
      }),
    ]);
  } catch (error) {
    await stopChild(child, exited);
    const tail = recent.length ? `\n--- redis-server output ---\n${recent.join('\n')}` : '';
    throw new Error(`${error.message}${tail}`, { cause: error });
  }
  return {
    url: `redis://${host}:${freePort}`,
    port: freePort,
    pid: child.pid,
    stop: () => stopChild(child, exited),
  };
}

/** SIGTERM makes redis-server write its final snapshot (when saving is on) before exiting. */
async function stopChild(child, exited, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/**
 * redis-server cannot notice that its parent died, so a `kill -9` of the start script leaves it
 * running on our port and directory. The pid file it wrote tells us; stop it before starting anew.
 */
async function stopLeftover(pidFile) {
  let pid;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  } catch {
    return;
  }
  const comm = pid > 0 ? spawnSync('ps', ['-p', String(pid), '-o', 'comm=']).stdout?.toString() : '';
  if (!comm?.includes('redis')) return; // stale file, or the pid now belongs to something else
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && isAlive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Sends an inline PING and resolves with whether +PONG came back; used both to wait for our own
 * instance and, by the start script, to check a REDIS_URL the user gave us.
 */
export function pingRedis(host, port, timeoutMs = 1_000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // A password-protected server answers -NOAUTH: it is up, which is all this asks.
    socket.on('data', (data) => {
      reply += data.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG') || reply.startsWith('-NOAUTH'));
    });
  });
}

async function waitForPong(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await pingRedis(host, port))) {
    if (Date.now() > deadline) throw new Error(`redis-server did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function isPortFree(port, host) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

async function findFreePort(first, host) {
  for (let port = first; port < first + PORT_ATTEMPTS; port += 1) {
    if (await isPortFree(port, host)) return port;
  }
  throw new Error(`no free port for redis-server in ${first}-${first + PORT_ATTEMPTS - 1}`);
}

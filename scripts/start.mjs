#!/usr/bin/env node
// `npm start`: from a fresh clone to a running hotline on http://localhost:3000 with nothing but
// Node (and redis-server) installed. Installs dependencies when needed, builds the console,
// brings up PostgreSQL and Redis unless DATABASE_URL / REDIS_URL point at real ones, migrates and
// seeds, then runs one server and one workers process until Ctrl+C.
//
//   npm start                 as above
//   npm start -- --rebuild    rebuild the console even if client/dist exists
//   npm run dev               server and workers under `tsx watch`, console on Vite (port 5173)
//
// Plain Node ESM with only built-in imports at the top level: it runs before node_modules exists.
// The embedded libraries import their packages lazily, after the install step.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmbeddedPostgres } from './lib/embedded-postgres.mjs';
import { hasRedisServer, pingRedis, REDIS_INSTALL_HINT, startEmbeddedRedis } from './lib/embedded-redis.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT); // data/ and client/dist are relative to the repository, wherever we were started

const flags = new Set(process.argv.slice(2));
const DEV = flags.has('--dev');
const REBUILD = flags.has('--rebuild');
const PRODUCTION = process.env.NODE_ENV === 'production';
const PORT = Number(process.env.PORT ?? 3000);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TSX_CLI = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');
// Readable lines on a terminal; raw JSON for log collectors (or LOG_FORMAT=json).
const PRETTY = Boolean(process.stdout.isTTY) && process.env.LOG_FORMAT !== 'json';

/** Things to stop on the way out, in start order; stopped in reverse. `pid` < 0 is a process group. */
const running = [];
let shuttingDown = false;

const say = (msg) => printLine('start', msg, process.stdout);

async function main() {
  checkNodeVersion();
  for (const flag of flags) {
    if (!['--dev', '--rebuild'].includes(flag)) {
      return fail(`unknown option ${flag} (known: --dev, --rebuild)`);
    }
  }
  // Decided first so a missing redis-server is reported before minutes of installing.
  const redisPlan = await planRedis();

  await ensureDependencies();
  if (!DEV) await ensureClientBuilt();
  // Checked before the databases start, not when the server fails to bind a minute later.
  if (!(await isPortFree(PORT))) {
    return fail(
      `port ${PORT} is already in use (another \`npm start\`?). Stop it or run with PORT=<other port>.`,
    );
  }

  const env = { ...process.env, PORT: String(PORT) };
  if (DEV) env.NODE_ENV ??= 'development';
  env.DATABASE_URL = await provideDatabase();
  env.REDIS_URL = await provideRedis(redisPlan);

  await runStep('migrations', [process.execPath, '--import', 'tsx', 'scripts/db-migrate.ts'], env);
  const seedDemo = !PRODUCTION && process.env.SEED_DEMO !== 'false';
  // --history: ~2,000 handled tickets to learn routing from, and open ones with planted duplicates.
  const seedArgs = ['--import', 'tsx', 'scripts/db-seed.ts', ...(seedDemo ? ['--demo', '--history'] : [])];
  const seedOutput = await runStep('seed', [process.execPath, ...seedArgs], env);

  const server = startService('server', 'server/src/main.ts', env);
  server.on('exit', (code, signal) => {
    if (shuttingDown) return;
    say(`server exited (code ${code}, signal ${signal}); stopping everything`);
    void shutdown(code || 1);
  });
  const workers = startService('workers', 'workers/src/main.ts', env);
  workers.on('exit', (code, signal) => {
    if (shuttingDown) return;
    // Not restarted on purpose: a crash loop would bury the first error. The API keeps serving.
    say(`workers exited (code ${code}, signal ${signal}): queues are NOT processed until you restart`);
  });
  if (DEV) startVite(env);

  const ready = await waitForReady(PORT, 90_000);
  if (shuttingDown) return;
  printBanner(ready, seedDemo ? seedOutput : '', env);
}

function checkNodeVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    // Nothing is running yet, so fail() exits right here.
    fail(
      `Node ${process.versions.node} is too old: this project needs Node >= 20.19 (Vite 8, require(esm)).`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Dependencies and the console build
// ---------------------------------------------------------------------------------------------

function installReason() {
  if (!fs.existsSync('node_modules')) return 'node_modules is missing';
  // npm rewrites this hidden copy of the lock file on every install, so it dates the last one.
  const marker = fs.existsSync('node_modules/.package-lock.json')
    ? 'node_modules/.package-lock.json'
    : 'node_modules';
  if (
    fs.existsSync('package-lock.json') &&
    fs.statSync('package-lock.json').mtimeMs > fs.statSync(marker).mtimeMs
  ) {
    return 'package-lock.json is newer than node_modules';
  }
  return null;
}

async function ensureDependencies() {
  const reason = installReason();
  if (!reason) return;
  // --include=dev: tsx and vite are dev dependencies and we need them even with NODE_ENV=production.
  say(`${reason}: running npm ci`);
  if ((await run([NPM, 'ci', '--include=dev'])) === 0) return;
  say('npm ci failed (lock file out of sync with package.json?): trying npm install');
  if ((await run([NPM, 'install', '--include=dev'])) !== 0)
    return fail('installing dependencies failed, see above');
}

async function ensureClientBuilt() {
  if (!REBUILD && fs.existsSync('client/dist/index.html')) return;
  say(REBUILD ? 'rebuilding the console (--rebuild)' : 'client/dist is missing: building the console');
  if ((await run([NPM, 'run', 'build', '-w', '@hotline/client'])) !== 0)
    return fail('building the console failed');
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL and Redis
// ---------------------------------------------------------------------------------------------

async function provideDatabase() {
  if (process.env.DATABASE_URL) {
    say(`using DATABASE_URL (${redact(process.env.DATABASE_URL)})`);
    return process.env.DATABASE_URL;
  }
  say('DATABASE_URL is not set: starting embedded PostgreSQL (PGlite) in data/pglite');
  if (PRODUCTION) say('WARNING: embedded PostgreSQL is for trying out and development; set DATABASE_URL');
  const pg = await startEmbeddedPostgres({
    dataDir: 'data/pglite',
    port: Number(process.env.EMBEDDED_PG_PORT ?? 54329),
    maxConnections: process.env.EMBEDDED_PG_MAX_CONNECTIONS
      ? Number(process.env.EMBEDDED_PG_MAX_CONNECTIONS)
      : undefined,
    onLog: (line) => printLine('pglite', line, process.stdout),
    detached: true,
  }).catch((error) => fail(error.message));
  running.push({ name: 'embedded PostgreSQL', stop: pg.stop, pid: pg.pid });
  return pg.url;
}

/** 'use' a REDIS_URL that answers, or 'embedded'. Exits when neither is possible. */
async function planRedis() {
  const url = process.env.REDIS_URL;
  if (url) {
    if (await isRedisReachable(url)) return { kind: 'use', url };
    // In production a silent stand-in would split the system between two Redis instances.
    if (PRODUCTION) return fail(`REDIS_URL (${redact(url)}) is not reachable`);
    say(`REDIS_URL (${redact(url)}) is not reachable: starting a private redis-server instead`);
  }
  if (!hasRedisServer()) return fail(REDIS_INSTALL_HINT);
  return { kind: 'embedded' };
}

async function provideRedis(plan) {
  if (plan.kind === 'use') {
    say(`using REDIS_URL (${redact(plan.url)})`);
    return plan.url;
  }
  const port = Number(process.env.EMBEDDED_REDIS_PORT ?? 6380);
  say(`starting a private redis-server (data/redis, port ${port} or the next free one)`);
  const redis = await startEmbeddedRedis({
    dataDir: 'data/redis',
    port,
    onLog: (line) => printLine('redis', line, process.stdout),
    detached: true,
  }).catch((error) => fail(error.message));
  running.push({ name: 'redis-server', stop: redis.stop, pid: redis.pid });
  return redis.url;
}

async function isRedisReachable(url) {
  // Sentinel URLs name several hosts (not a URL `new URL` reads); the server resolves the master.
  if (url.startsWith('redis+sentinel:')) return true;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return fail(`REDIS_URL is not a URL: ${redact(url)}`);
  }
  // A TLS endpoint cannot be probed with a plain PING; trust it and let the server report.
  if (parsed.protocol === 'rediss:') return true;
  return pingRedis(parsed.hostname || '127.0.0.1', Number(parsed.port || 6379), 2_000);
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

/** Runs a short-lived command with inherited output; resolves with its exit code. */
function run([cmd, ...args], env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    child.once('error', (error) => {
      say(`could not run ${cmd}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a step whose output we also keep (the seed prints the demo logins); exits on failure. */
function runStep(name, [cmd, ...args], env) {
  return new Promise((resolve) => {
    say(`running ${name}`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    pipeLines(child.stdout, (line) => {
      output += `${line}\n`;
      printLine(name, line, process.stdout);
    });
    pipeLines(child.stderr, (line) => printLine(name, line, process.stderr));
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      else if (!shuttingDown) fail(`${name} failed (exit code ${code}), see above`);
    });
  });
}

/**
 * A long-running service in its own process group: Ctrl+C in the terminal reaches only this
 * script, which then stops the services in order (workers before the server, both before the
 * databases they are still writing to).
 */
function startService(name, entry, env) {
  const args = DEV ? [TSX_CLI, 'watch', '--clear-screen=false', entry] : ['--import', 'tsx', entry];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
  pipeLines(child.stdout, (line) => printLine(name, line, process.stdout));
  pipeLines(child.stderr, (line) => printLine(name, line, process.stderr));
  running.push({ name, stop: () => stopProcessGroup(child, name, 20_000), pid: -child.pid });
  return child;
}

function startVite(env) {
  const child = spawn(NPM, ['run', 'dev', '-w', '@hotline/client'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, HOTLINE_API_URL: `http://localhost:${PORT}` },
    detached: true,
  });
  pipeLines(child.stdout, (line) => printLine('vite', line, process.stdout));
  pipeLines(child.stderr, (line) => printLine('vite', line, process.stderr));
  running.push({ name: 'vite', stop: () => stopProcessGroup(child, 'vite', 5_000), pid: -child.pid });
}

function stopProcessGroup(child, name, graceMs) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      say(`${name} did not stop within ${graceMs / 1000} s: killing it`);
      signalGroup(child, 'SIGKILL');
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    signalGroup(child, 'SIGTERM');
  });
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the whole group: `tsx watch` and npm have children
  } catch {
    child.kill(signal);
  }
}

async function shutdown(exitCode) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const item of [...running].reverse()) {
    say(`stopping ${item.name}`);
    await item.stop().catch((error) => say(`stopping ${item.name} failed: ${error.message}`));
  }
  process.exit(exitCode);
}

function fail(message) {
  printLine('start', message, process.stderr);
  void shutdown(1);
  // Keeps the caller from carrying on while shutdown() stops what is already running.
  return new Promise(() => {});
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

function pipeLines(stream, onLine) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function printLine(source, line, stream) {
  const tag = `[${source}] `.padEnd(10);
  if (PRETTY && line.startsWith('{')) {
    try {
      // pino JSON → "12:00:01 INFO  [server]  listening {"port":3000}"
      const { level, time, msg, pid: _pid, hostname: _host, name: _name, ...rest } = JSON.parse(line);
      if (LEVELS[level]) {
        const when = new Date(time ?? Date.now()).toTimeString().slice(0, 8);
        const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
        stream.write(`${when} ${LEVELS[level].padEnd(5)} ${tag}${msg ?? ''}${extra}\n`);
        return;
      }
    } catch {
      // not JSON after all: print it as it came
    }
  }
  stream.write(`${tag}${line}\n`);
}

function redact(url) {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

function printBanner(ready, seedOutput, env) {
  const demo = seedOutput
    .split('\n')
    .filter((line) => /^Demo (users|password)/.test(line))
    .map((line) => `    ${line}`);
  const lines = [
    '',
    `  Hotline 12345 is ${ready ? 'running' : 'starting (not ready yet, see the logs)'}:`,
    DEV ? `    console (Vite):  http://localhost:5173` : `    console:  http://localhost:${PORT}`,
    DEV ? `    API:             http://localhost:${PORT}` : `    health:   http://localhost:${PORT}/readyz`,
    ...(demo.length ? ['  Demo logins (from the seed):', ...demo] : []),
    ...(!demo.length && !PRODUCTION && process.env.SEED_DEMO === 'false'
      ? ['  No demo users (SEED_DEMO=false).']
      : []),
    `  PostgreSQL: ${process.env.DATABASE_URL ? 'DATABASE_URL' : `embedded, ${redact(env.DATABASE_URL)}`}`,
    `  Redis:      ${env.REDIS_URL === process.env.REDIS_URL ? 'REDIS_URL' : `private, ${env.REDIS_URL}`}`,
    '  Press Ctrl+C to stop.',
    '',
  ];
  console.log(lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Probes
// ---------------------------------------------------------------------------------------------

function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    // No host: the same all-interfaces bind the server will do.
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

async function waitForReady(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    if ((await httpStatus(`http://127.0.0.1:${port}/readyz`)) === 200) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(0));
  });
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    signals += 1;
    if (signals === 1) {
      say(`${signal}: stopping (press Ctrl+C again to kill everything at once)`);
      void shutdown(0);
      return;
    }
    say('killing everything');
    for (const { pid } of running) {
      try {
        process.kill(pid, 'SIGKILL'); // negative pid: a whole process group
      } catch {
        // already gone
      }
    }
    process.exit(1);
  });
}

main().catch((error) => fail(error?.stack ?? String(error)));

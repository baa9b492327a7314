// Embedded PostgreSQL for the zero-setup start and for tests: PGlite (PostgreSQL compiled to
// WASM) persisted in a directory and served over the wire protocol by pglite-socket, so the
// server and the workers connect with their ordinary `pg` pools and never know the difference.
//
// It always runs in its own child process: PGlite executes every query on the thread that owns
// it, so hosting it inside `npm start` (or inside a Jest worker) would stall that process's
// event loop on each query. This one file is both the library (`startEmbeddedPostgres`) and the
// child's entry point (`node embedded-postgres.mjs --data-dir … --port …`).
//
// Semantics to keep in mind: PGlite is PostgreSQL 18 while production runs 15, and every socket
// shares ONE backend session. Queries from different connections run one at a time; while one
// connection has a transaction open the others wait until it ends, so code that awaits a query
// on another connection from inside a transaction hangs here (it only risks a lock wait on a real
// server); session state (SET, LISTEN, temp tables) is visible to all connections.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const THIS_FILE = fileURLToPath(import.meta.url);
const DEFAULT_PORT = 54329;
// pglite-socket's own default is 1 and anything beyond the limit is reset, not queued. The server
// and the workers each run a pg Pool (10 by default), so 8 was measured to fail under a burst
// (ECONNRESET) while 32 did not. Sockets are cheap: queries are serialised anyway.
const DEFAULT_MAX_CONNECTIONS = 32;
// How many consecutive ports the child tries when the requested one is taken. The child does
// the probing itself because a "free" port checked by the parent can be taken before PGlite
// (4–6 s cold start) gets to bind it.
const PORT_ATTEMPTS = 20;
const LOCK_FILE = 'embedded-postgres.pid';
// PGlite can only CREATE EXTENSION for contrib modules handed to it at start-up. These are the
// ones stock PostgreSQL 15 ships that an app like ours plausibly uses (the first migration needs
// pg_trgm), so a migration that works on the production server works here too. Measured: loading
// all of them adds no noticeable start-up time.
const CONTRIB_EXTENSIONS = [
  'pg_trgm',
  'btree_gin',
  'btree_gist',
  'citext',
  'pgcrypto',
  'uuid_ossp',
  'unaccent',
  'fuzzystrmatch',
  'hstore',
  'ltree',
  'intarray',
  'cube',
  'earthdistance',
];

/**
 * Starts PGlite in a child process and resolves once a real client has run `SELECT 1` on it.
 *
 * @param {object} options
 * @param {string} options.dataDir directory holding the database (created if missing)
 * @param {number} [options.port] first port to try (54329); 0 lets the OS pick one
 * @param {string} [options.host] interface to bind (127.0.0.1; never expose it, there is no auth)
 * @param {number} [options.maxConnections] concurrent client sockets accepted (32)
 * @param {number} [options.timeoutMs] how long to wait for the first answer (60 s)
 * @param {(line: string) => void} [options.onLog] receives the child's output, line by line
 * @param {boolean} [options.detached] own process group, so a terminal's Ctrl+C reaches only the
 *   caller, which can then stop things in order (false)
 * @returns {Promise<{ url: string, port: number, pid: number, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres(options) {
  const {
    dataDir,
    port = DEFAULT_PORT,
    host = '127.0.0.1',
    maxConnections = DEFAULT_MAX_CONNECTIONS,
    timeoutMs = 60_000,
    onLog,
    detached = false,
  } = options;
  if (!dataDir) throw new Error('startEmbeddedPostgres: dataDir is required');
  const absDataDir = path.resolve(dataDir);
  fs.mkdirSync(absDataDir, { recursive: true });

  const args = ['--data-dir', absDataDir, '--port', String(port), '--host', host];
  args.push('--max-connections', String(maxConnections));
  // execArgv: [] because the caller's Node flags (--input-type, --inspect, loaders) would break or
  // slow a child that needs none.
  const child = fork(THIS_FILE, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached, execArgv: [] });

  // Kept for the error message: when the child dies during start-up its output is the only clue.
  const recent = [];
  const forward = (chunk) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line) continue;
      recent.push(line);
      if (recent.length > 40) recent.shift();
      onLog?.(line);
    }
  };
  child.stdout.on('data', forward);
  child.stderr.on('data', forward);

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  let actualPort;
  try {
    actualPort = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`embedded PostgreSQL did not start within ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.on('message', (msg) => {
        if (msg?.type === 'ready') {
          clearTimeout(timer);
          resolve(msg.port);
        } else if (msg?.type === 'error') {
          clearTimeout(timer);
          reject(new Error(msg.message));
        }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`embedded PostgreSQL exited during start-up (code ${code}, signal ${signal})`));
      });
    });
    const url = `postgres://postgres@${host}:${actualPort}/postgres`;
    await waitUntilAnswering(url, timeoutMs);
    return {
      url,
      port: actualPort,
      pid: child.pid,
      stop: () => stopChild(child, exited),
    };
  } catch (error) {
    await stopChild(child, exited);
    const tail = recent.length ? `\n--- embedded PostgreSQL output ---\n${recent.join('\n')}` : '';
    throw new Error(`${error.message}${tail}`, { cause: error });
  }
}

/** SIGTERM lets the child close PGlite, which flushes its data directory; SIGKILL only as a last resort. */
async function stopChild(child, exited, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A full round trip through the socket server, not just an open port: that is what the app needs. */
async function waitUntilAnswering(url, timeoutMs) {
  const { default: pg } = await import('pg');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`embedded PostgreSQL is not answering: ${error.message}`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Child process side
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
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
 * PGlite has no postmaster guarding its directory: two processes opening the same one corrupt
 * it. A pid file turns a second `npm start` into a clear error instead.
 */
function takeLock(dataDir) {
  const lockPath = path.join(dataDir, LOCK_FILE);
  try {
    const other = Number(fs.readFileSync(lockPath, 'utf8'));
    if (other && other !== process.pid && isAlive(other)) {
      throw new Error(`${dataDir} is already used by embedded PostgreSQL process ${other}`);
    }
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  fs.writeFileSync(lockPath, String(process.pid));
  return () => fs.rmSync(lockPath, { force: true });
}

/**
 * pglite-socket queues each wire-protocol MESSAGE, not each query, and all sockets share one
 * backend session. Two fixes make that session behave like one per connection:
 *
 * - An extended-protocol cycle (Parse/Bind/Describe/Execute … Sync) is queued as ONE unit.
 *   Otherwise another socket's Bind can replace the unnamed portal between our Bind and our
 *   Execute ("portal \"\" does not exist", or worse, someone else's rows). Measured with pg:
 *   reusing a named statement from 8 pool connections failed without this.
 * - Named prepared statements get a per-socket prefix, so two connections preparing the same
 *   name (drizzle `.prepare('x')` in the server and in a worker) do not collide with
 *   "prepared statement already exists".
 *
 * This wraps the query queue, an internal of the pinned pglite-socket 0.2.x; if it is not there
 * we say so loudly and run unpatched.
 */
function isolateConnections(server) {
  const queue = server.queryQueue;
  if (typeof queue?.enqueue !== 'function' || typeof queue?.clearQueueForHandler !== 'function') {
    console.warn('pglite-socket internals changed: concurrent connections may interfere with each other');
    return;
  }
  const enqueue = queue.enqueue.bind(queue);
  const clearQueueForHandler = queue.clearQueueForHandler.bind(queue);
  /** @type {Map<number, Buffer[]>} messages of an unfinished cycle, per socket */
  const held = new Map();
  queue.enqueue = (handlerId, message, onData) => {
    const msg = prefixStatementName(message, `s${handlerId}_`);
    if (CYCLE_PARTS.has(msg[0])) {
      const parts = held.get(handlerId) ?? [];
      parts.push(Buffer.from(msg));
      held.set(handlerId, parts);
      return Promise.resolve(0);
    }
    // Sync, Flush, a simple Query, Terminate…: the held messages go first, in the same unit.
    const parts = held.get(handlerId);
    if (!parts) return enqueue(handlerId, msg, onData);
    held.delete(handlerId);
    const unit = Buffer.concat([...parts, Buffer.from(msg)]);
    return enqueue(handlerId, new Uint8Array(unit.buffer, unit.byteOffset, unit.byteLength), onData);
  };
  queue.clearQueueForHandler = (handlerId) => {
    held.delete(handlerId);
    clearQueueForHandler(handlerId);
  };
}

const MSG_PARSE = 0x50; // 'P': name, query, …
const MSG_BIND = 0x42; // 'B': portal, statement, …
const MSG_DESCRIBE = 0x44; // 'D': 'S' | 'P', name
const MSG_CLOSE = 0x43; // 'C': 'S' | 'P', name
const MSG_EXECUTE = 0x45; // 'E'
const TARGET_STATEMENT = 0x53; // 'S'
const CYCLE_PARTS = new Set([MSG_PARSE, MSG_BIND, MSG_DESCRIBE, MSG_EXECUTE, MSG_CLOSE]);

/** `message` is one complete frontend message (pglite-socket frames them before queueing). */
function prefixStatementName(message, prefix) {
  const buf = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  let nameAt = -1;
  if (buf[0] === MSG_PARSE) nameAt = 5;
  else if (buf[0] === MSG_BIND) nameAt = buf.indexOf(0, 5) + 1;
  else if ((buf[0] === MSG_DESCRIBE || buf[0] === MSG_CLOSE) && buf[5] === TARGET_STATEMENT) nameAt = 6;
  // The unnamed statement ("") is replaced by each Parse and never outlives a query: leave it.
  if (nameAt <= 0 || buf[nameAt] === 0) return message;
  const out = Buffer.concat([buf.subarray(0, nameAt), Buffer.from(prefix), buf.subarray(nameAt)]);
  out.writeInt32BE(buf.readInt32BE(1) + Buffer.byteLength(prefix), 1);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

async function listenOnFirstFreePort(PGLiteSocketServer, db, host, firstPort, maxConnections) {
  const attempts = firstPort === 0 ? 1 : PORT_ATTEMPTS;
  for (let i = 0; i < attempts; i += 1) {
    const server = new PGLiteSocketServer({ db, host, port: firstPort + i, maxConnections });
    isolateConnections(server);
    try {
      await server.start();
      // getServerConn() reports the bound port, which matters when the OS picked it (port 0).
      const port = Number(server.getServerConn().split(':').pop());
      return { server, port };
    } catch (error) {
      if (error.code !== 'EADDRINUSE' || i === attempts - 1) throw error;
    }
  }
  throw new Error('unreachable');
}

async function runChild() {
  const args = parseArgs(process.argv.slice(2));
  const dataDir = path.resolve(args['data-dir'] ?? 'data/pglite');
  const host = args.host ?? '127.0.0.1';
  const firstPort = Number(args.port ?? DEFAULT_PORT);
  const maxConnections = Number(args['max-connections'] ?? DEFAULT_MAX_CONNECTIONS);
  const report = (msg) => process.send?.(msg);

  let releaseLock = () => {};
  let db;
  let server;
  let stopping = false;
  const shutdown = async (exitCode) => {
    if (stopping) return;
    stopping = true;
    try {
      await server?.stop();
      await db?.close();
    } finally {
      releaseLock();
      process.exit(exitCode);
    }
  };
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGINT', () => void shutdown(0));
  // If the parent dies without stopping us, do not linger holding the data directory.
  process.on('disconnect', () => void shutdown(0));

  try {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = takeLock(dataDir);
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const extensions = {};
    for (const name of CONTRIB_EXTENSIONS) {
      extensions[name] = (await import(`@electric-sql/pglite/contrib/${name}`))[name];
    }
    db = await PGlite.create(dataDir, { extensions });
    const started = await listenOnFirstFreePort(PGLiteSocketServer, db, host, firstPort, maxConnections);
    server = started.server;
    const { rows } = await db.query('SHOW server_version');
    console.log(
      `embedded PostgreSQL ${rows[0]?.server_version} (PGlite) on ${host}:${started.port}, data ${dataDir}`,
    );
    report({ type: 'ready', port: started.port });
  } catch (error) {
    console.error(error?.stack ?? String(error));
    report({ type: 'error', message: `embedded PostgreSQL failed to start: ${error.message}` });
    await shutdown(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === THIS_FILE) {
  void runChild();
}

/**
 * `npm run bench:fanout`: one ticket change broadcast to a thousand consoles.
 *
 * The broadcast is the one every ticket change makes: the outbox relay's `ticket.event` through
 * the workers' redis-emitter to the ticket's audience rooms, of which `hotline` holds every
 * console of the city centre. The server runs as a child process with production settings on a
 * database and Redis prefix of its own (hotline_bench_fanout); BENCH_FANOUT_CLIENTS consoles
 * (default 1,000; websocket) in BENCH_FANOUT_PROCS client processes (default 4) sign in as the
 * centre's agents, dispatcher and supervisor (sessions shared) and join `hotline`. Then
 * BENCH_FANOUT_BROADCASTS broadcasts (default 20, BENCH_QUICK=1: 10), 500 ms apart, each
 * timestamped at the emit; every client notes when it got each. Delivery p50 / p99 over all
 * deliveries; the server's VmRSS after all connected and after the broadcasts.
 *
 * Raw limit, same run, same clients: a bare socket.io server with the same Redis adapter and the
 * same emitter path (scripts/bench/lib/realtime-bare-server.ts). Targets: p99 < 200 ms, RSS < 400 MB.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { TTicketRealtimeMessage } from '@hotline/shared';
import { createTicketEmitter } from '../../workers/src/outbox/realtime-emitter';
import type { TFanoutClientCommand, TFanoutClientReply } from './lib/realtime-fanout-client';
import { latencyOf, type TLatency } from './lib/realtime-limits';
import {
  appEnv,
  freePort,
  rssMb,
  spawnApp,
  startServerChild,
  stopAllChildren,
  type TAppChild,
} from './lib/realtime-processes';
import {
  clearRedisPrefix,
  dropDatabase,
  freshDemoDatabase,
  QUICK,
  REDIS_URL,
  signIn,
  sleep,
  wallNow,
} from './lib/realtime-support';
import { flushResults, record } from './lib/results';

const DB = 'hotline_bench_fanout';
const PREFIX = 'hotline_bench_fanout';
const BARE_KEY = `${PREFIX}_bare:socket.io`;
const CLIENTS = Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000);
const PROCS = Number(process.env.BENCH_FANOUT_PROCS ?? 4);
const BROADCASTS = Number(process.env.BENCH_FANOUT_BROADCASTS ?? (QUICK ? 10 : 20));
const WARMUP = 3;
const SPACING_MS = 500;
const CONSOLE_USERS = ['agent1', 'agent2', 'dispatcher1', 'supervisor1'];

type TRun = { latency: TLatency; rssConnected: number; rssAfter: number; missing: number };

function ask(proc: TAppChild, cmd: TFanoutClientCommand, expect: TFanoutClientReply['kind']) {
  return new Promise<TFanoutClientReply>((resolve, reject) => {
    const onMessage = (r: TFanoutClientReply) => {
      if (r.kind !== expect && r.kind !== 'error') return;
      proc.child.off('message', onMessage);
      if (r.kind === 'error') reject(new Error(`${proc.name}: ${r.message}`));
      else resolve(r);
    };
    proc.child.on('message', onMessage);
    proc.child.send(cmd);
  });
}

/** Connects CLIENTS consoles to `base` over PROCS client processes, broadcasts, collects. */
async function measure(
  label: string,
  server: TAppChild,
  base: string,
  cookies: string[],
  socketIoKey: string,
  logDir: string,
): Promise<TRun> {
  const procs = Array.from({ length: PROCS }, (_, i) =>
    spawnApp(`${label}-clients-${i}`, 'scripts/bench/lib/realtime-fanout-client.ts', process.env, logDir, {
      ipc: true,
    }),
  );
  await Promise.all(procs.map((p) => new Promise((r) => p.child.once('message', r))));
  const t0 = Date.now();
  const shares = procs.map((_, i) => Math.floor(CLIENTS / PROCS) + (i < CLIENTS % PROCS ? 1 : 0));
  const connected = await Promise.all(
    procs.map((p, i) =>
      ask(p, { kind: 'connect', base, cookies, count: shares[i]!, parallel: 10 }, 'connected'),
    ),
  );
  const total = connected.reduce((a, r) => a + (r.kind === 'connected' ? r.connected : 0), 0);
  if (total !== CLIENTS)
    throw new Error(
      `${label}: ${total} of ${CLIENTS} consoles connected: ${JSON.stringify(connected.map((r) => (r.kind === 'connected' ? r.failed : [])))}`,
    );
  await sleep(1000);
  const rssConnected = rssMb(server.pid);
  console.log(
    `${label}: ${total} consoles connected in ${((Date.now() - t0) / 1000).toFixed(1)} s; RSS ${rssConnected.toFixed(0)} MB`,
  );

  const redis = new Redis(REDIS_URL);
  const emit = createTicketEmitter(redis, socketIoKey);
  const sentAt = new Map<number, number>();
  for (let seq = 0; seq < WARMUP + BROADCASTS; seq++) {
    const ticketId = randomUUID();
    const msg: TTicketRealtimeMessage = {
      type: 'ticket.created',
      ticketId,
      ticketNo: `20261127${String(seq).padStart(6, '0')}`,
      status: 'registered',
      version: 1,
      eventId: `fanout-${seq}`,
      at: new Date().toISOString(),
      actorName: '张敏',
      unitIds: [],
    };
    sentAt.set(seq, wallNow());
    // The rooms the relay names for a new ticket: its watchers and the centre (audienceRooms).
    await emit([`ticket:${ticketId}`, 'hotline'], msg);
    await sleep(SPACING_MS);
  }
  await sleep(1000);
  redis.disconnect();
  const rssAfter = rssMb(server.pid);

  const samples: number[] = [];
  let deliveries = 0;
  let disconnected = 0;
  for (const p of procs) {
    const r = await ask(p, { kind: 'report' }, 'report');
    if (r.kind !== 'report') continue;
    disconnected += r.disconnected;
    for (const [seq, at] of r.deliveries) {
      if (seq < WARMUP) continue;
      deliveries++;
      samples.push(at - sentAt.get(seq)!);
    }
  }
  for (const p of procs) p.child.send({ kind: 'close' } satisfies TFanoutClientCommand);
  await Promise.all(procs.map((p) => p.stop()));
  const latency = latencyOf(samples);
  const missing = CLIENTS * BROADCASTS - deliveries;
  console.log(
    `${label}: ${deliveries} deliveries of ${BROADCASTS} broadcasts (${missing} missing, ${disconnected} disconnects); ` +
      `p50 ${latency.p50.toFixed(1)} ms p99 ${latency.p99.toFixed(1)} ms; RSS after ${rssAfter.toFixed(0)} MB`,
  );
  return { latency, rssConnected, rssAfter, missing: missing + disconnected };
}

/** The server holds a descriptor per console, each client process its share: check before a thousand EMFILEs. */
function checkFileLimit(): void {
  const limits = fs.readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/Max open files\s+(\d+)/.exec(limits)?.[1] ?? Infinity);
  if (soft < CLIENTS + 500)
    throw new Error(
      `open-file limit ${soft} is too low for ${CLIENTS} consoles: raise it (ulimit -n ${CLIENTS + 1000})`,
    );
}

async function main(): Promise<void> {
  checkFileLimit();
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-fanout-'));
  console.log(`logs in ${logDir}; ${CLIENTS} consoles in ${PROCS} processes, ${BROADCASTS} broadcasts`);
  await clearRedisPrefix(PREFIX);
  await clearRedisPrefix(`${PREFIX}_bare`);
  const dbUrl = await freshDemoDatabase(DB, logDir);

  // The raw limit first: the bare server, the same clients and emitter path.
  const barePort = await freePort();
  const bare = await startServerChild(
    'bare-server',
    barePort,
    { ...process.env, REDIS_URL, SOCKET_IO_KEY: BARE_KEY },
    logDir,
    'scripts/bench/lib/realtime-bare-server.ts',
  );
  // The bare server asks for no session; the cookie is there so both runs send the same handshake.
  const limit = await measure(
    'bare',
    bare,
    `http://127.0.0.1:${barePort}`,
    ['hotline_sid=x'],
    BARE_KEY,
    logDir,
  );
  await bare.stop();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServerChild('server', port, appEnv(dbUrl, PREFIX), logDir);
  const cookies = await Promise.all(CONSOLE_USERS.map((u) => signIn(base, u)));
  const app = await measure('app', server, base, cookies, `${PREFIX}:socket.io`, logDir);
  await server.stop();

  const n = CLIENTS === 1000 ? '1000' : String(CLIENTS);
  const bareLabel = 'bare socket.io + Redis adapter, same clients';
  record({
    name: `fanout_${n}_p50_ms`,
    value: app.latency.p50,
    unit: 'ms',
    limit: limit.latency.p50,
    limitLabel: bareLabel,
  });
  record({
    name: `fanout_${n}_p99_ms`,
    value: app.latency.p99,
    unit: 'ms',
    limit: limit.latency.p99,
    limitLabel: bareLabel,
    target: '< 200',
  });
  record({
    name: `fanout_${n}_rss_mb`,
    value: Math.max(app.rssConnected, app.rssAfter),
    unit: 'MB',
    limit: Math.max(limit.rssConnected, limit.rssAfter),
    limitLabel: bareLabel,
    target: '< 400',
  });
  record({
    name: `fanout_${n}_rss_connected_mb`,
    value: app.rssConnected,
    unit: 'MB',
    limit: limit.rssConnected,
    limitLabel: bareLabel,
  });
  record({ name: `fanout_${n}_missing`, value: app.missing, unit: 'deliveries', target: '0' });
  flushResults(`fan-out to ${CLIENTS} consoles (${BROADCASTS} broadcasts, ${PROCS} client processes)`);
  if (app.missing > 0 || limit.missing > 0) {
    console.error(`deliveries missing: app ${app.missing}, bare ${limit.missing}`);
    process.exitCode = 1;
  }
}

main()
  .catch((err: unknown) => {
    console.error('bench:fanout failed:', err instanceof Error ? err.stack : err);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAllChildren();
    await clearRedisPrefix(PREFIX).catch(() => undefined);
    await clearRedisPrefix(`${PREFIX}_bare`).catch(() => undefined);
    if (process.env.BENCH_KEEP_DB !== '1') await dropDatabase(DB).catch(() => undefined);
    process.exit();
  });

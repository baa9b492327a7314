/**
 * The load process of bench:dispatch (a child with an IPC channel): files tickets through
 * POST /api/v1/tickets as an agent's console does, at a steady rate, open loop (each request
 * leaves at its scheduled instant whatever the earlier ones are doing), and reports per ticket
 * the instant its request was sent (wallNow) and the ticket id the server answered with.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { wallNow, sleep } from './realtime-support';

export type TLoadRun = {
  kind: 'run';
  label: string;
  base: string;
  cookie: string;
  rate: number;
  seconds: number;
  /** Fields every ticket carries (category, district…); title, description and citizen vary. */
  fields: Record<string, unknown>;
  /** First number of this run's tickets (phones and titles stay unique across runs). */
  firstNo: number;
};
export type TLoadResult = {
  kind: 'done';
  label: string;
  /** [ticketId, sentAt, httpMs] of every created ticket. */
  created: [string, number, number][];
  failures: Record<string, number>;
  /** Wall time from the first scheduled send to the last answer. */
  elapsedS: number;
  /** Wall time over which the requests were sent (the intended BENCH_SECONDS, unless the loop fell behind). */
  sendSpanS: number;
};

const STREETS = ['延陵西路', '北大街', '和平北路', '青洋路', '丽华北路', '竹林路', '劳动东路', '通江路'];
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function post(base: URL, cookie: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        path: '/api/v1/tickets',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-requested-with': 'hotline',
          cookie,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function ticketBody(run: TLoadRun, n: number): string {
  const street = STREETS[n % STREETS.length]!;
  return JSON.stringify({
    ...run.fields,
    type: 'complaint',
    title: `${street}流动摊贩占道经营 ${n}`,
    description: `${street}${(n % 300) + 1}号门口每天傍晚有流动摊贩占道经营，堵塞人行道，影响通行，请尽快处理。`,
    address: `${street}${(n % 300) + 1}号`,
    citizen: { phone: `139${String(n % 100_000_000).padStart(8, '0')}`, name: '测试市民' },
    idempotencyKey: randomUUID(),
  });
}

async function runLoad(run: TLoadRun): Promise<TLoadResult> {
  const base = new URL(run.base);
  const total = Math.round(run.rate * run.seconds);
  const created: TLoadResult['created'] = [];
  const failures: Record<string, number> = {};
  const fail = (why: string) => (failures[why] = (failures[why] ?? 0) + 1);
  const inFlight = new Set<Promise<void>>();
  const start = wallNow();
  let lastSent = start;
  for (let i = 0; i < total;) {
    const now = wallNow();
    const due = start + (i * 1000) / run.rate;
    if (due > now) {
      await sleep(Math.max(1, due - now));
      continue;
    }
    // Everything due by now leaves now: a late timer does not lower the rate.
    while (i < total && start + (i * 1000) / run.rate <= now) {
      const body = ticketBody(run, run.firstNo + i);
      const sentAt = wallNow();
      lastSent = sentAt;
      const p = post(base, run.cookie, body)
        .then((res) => {
          if (res.status !== 201) return void fail(`HTTP ${res.status} ${res.text.slice(0, 80)}`);
          const id = (JSON.parse(res.text) as { ticket: { id: string } }).ticket.id;
          created.push([id, sentAt, wallNow() - sentAt]);
        })
        .catch((err: Error) => void fail(err.message.slice(0, 80)))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      i++;
    }
  }
  await Promise.all(inFlight);
  return {
    kind: 'done',
    label: run.label,
    created,
    failures,
    elapsedS: (wallNow() - start) / 1000,
    sendSpanS: (lastSent - start) / 1000 + 1 / run.rate,
  };
}

process.on('message', (msg: TLoadRun | { kind: 'exit' }) => {
  if (msg.kind === 'exit') {
    agent.destroy();
    process.disconnect?.();
    return;
  }
  runLoad(msg).then(
    (r) => process.send!(r),
    (err: Error) => process.send!({ kind: 'error', message: err.stack ?? err.message }),
  );
});
process.send!({ kind: 'ready' });

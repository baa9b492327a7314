/**
 * The raw limit of the intake benchmark: the rows an intake writes, in one transaction, issued
 * straight from node-postgres with named (prepared) statements — no HTTP, no ORM, no checks.
 * N clients of one pool each loop BEGIN; writes; COMMIT for the duration.
 *
 * A ticket (create-ticket.ts): the citizen upsert by phone hash, the ticket numbered from the
 * day's sequence, its `ticket.created` event, the outbox row and the NOTIFY that wakes the relay.
 * A WeChat push (inbound.ts storeInbound): the inbound message, its outbox row and the NOTIFY.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { cpuMs } from './intake-children';
import { percentileOf } from './results';

export type TRawFigures = {
  rate: number;
  p50: number;
  p99: number;
  count: number;
  /** CPU time of the PostgreSQL backends per transaction (ms). */
  pgCpu: number;
};

export type TRawIntakeRefs = {
  actorId: string;
  actorName: string;
  unitId: string;
  categoryIds: string[];
  districtIds: string[];
};

type TTx = (client: PoolClient, seq: number) => Promise<void>;

/**
 * CPU time used so far by the backends connected to the database of `url` (not counting the one
 * asking), by pid: the same machine's /proc, so a delta tells the database's share of a request.
 */
export class BackendCpu {
  private readonly pool: Pool;
  constructor(url: string) {
    this.pool = new Pool({ connectionString: url, max: 1 });
  }
  async sample(): Promise<Map<number, number>> {
    const res = await this.pool.query<{ pid: number }>(
      `select pid from pg_stat_activity
       where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()`,
    );
    return new Map(
      res.rows.map(({ pid }) => {
        const t = cpuMs(pid);
        return [pid, t.user + t.system];
      }),
    );
  }
  /** ms of backend CPU between two samples (a backend that connected in between counts from zero). */
  static between(before: Map<number, number>, after: Map<number, number>): number {
    let ms = 0;
    for (const [pid, t] of after) if (Number.isFinite(t)) ms += t - (before.get(pid) ?? 0);
    return ms;
  }
  end(): Promise<void> {
    return this.pool.end();
  }
}

/** `connections` clients, each looping `tx` inside BEGIN … COMMIT for `seconds`. */
export async function rawTransactionLoop(
  url: string,
  connections: number,
  seconds: number,
  tx: TTx,
): Promise<TRawFigures> {
  const pool = new Pool({ connectionString: url, max: connections });
  pool.on('error', () => undefined);
  const backends = new BackendCpu(url);
  const samples: number[] = [];
  let seq = 0;
  let clients: PoolClient[] = [];
  try {
    clients = await Promise.all(Array.from({ length: connections }, () => pool.connect()));
    const cpu0 = await backends.sample();
    const started = performance.now();
    const endAt = started + seconds * 1000;
    let cpu1: Map<number, number> | null = null;
    let running = clients.length;
    let failure: unknown = null;
    await Promise.all(
      clients.map(async (client) => {
        try {
          // One failed transaction stops every loop: the run is an error, not a slower figure.
          while (failure === null && performance.now() < endAt) {
            const t0 = performance.now();
            await client.query('begin');
            try {
              await tx(client, seq++);
              await client.query('commit');
            } catch (err) {
              await client.query('rollback').catch(() => undefined);
              failure ??= err;
              break;
            }
            samples.push(performance.now() - t0);
          }
        } finally {
          // The last loop to finish samples the backends while every client is still connected.
          if (--running === 0) cpu1 = await backends.sample().catch(() => null);
        }
      }),
    );
    if (failure !== null) throw failure;
    const elapsed = (performance.now() - started) / 1000;
    return {
      rate: samples.length / elapsed,
      p50: percentileOf(samples, 50),
      p99: percentileOf(samples, 99),
      count: samples.length,
      pgCpu: BackendCpu.between(cpu0, cpu1 ?? cpu0) / samples.length,
    };
  } finally {
    // pool.end() waits for every checked-out client: release them whatever happened.
    for (const client of clients) client.release();
    await backends.end();
    await pool.end();
  }
}

const fakeToken = (bytes: number) => `v1.${randomBytes(bytes).toString('base64')}`;
const shanghaiDay = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

/** One ticket as create-ticket.ts writes it; phone numbers and keys differ per transaction. */
export function rawTicketTx(refs: TRawIntakeRefs, runId: string): TTx {
  // A new caller each time, in every call of the loop (as the API points send).
  const loop = randomBytes(4).toString('hex');
  return async (client, seq) => {
    const now = new Date();
    const phone = `13${String(500_000_000 + seq).padStart(9, '0')}`;
    const citizen = await client.query<{ id: string }>({
      name: 'bench_citizen',
      text: `insert into citizens (phone_hash, phone_enc, phone_masked, name_enc) values ($1, $2, $3, $4)
             on conflict (phone_hash) do update set phone_hash = excluded.phone_hash, name_enc = excluded.name_enc
             returning id`,
      values: [
        createHash('sha256').update(`${runId}:${loop}:${phone}`).digest('base64url'),
        fakeToken(39),
        `${phone.slice(0, 3)}****${phone.slice(-4)}`,
        fakeToken(34),
      ],
    });
    const day = shanghaiDay();
    const ticket = await client.query<{ id: string; no: string; version: number }>({
      name: 'bench_ticket',
      text: `insert into tickets (no, line, channel, type, category_id, urgency, title, description, address,
               district_id, confidential, status, citizen_id, idempotency_key, created_by, created_at, updated_at,
               registered_at)
             values ((select $1 || lpad(n::text, greatest(6, length(n::text)), '0')
                       from nextval(('ticket_no_' || $1)::regclass) n),
               '12345', 'phone', 'complaint', $2, 'normal', $3, $4, $5, $6, false, 'registered', $7, $8,
               $9, $10, $10, $10)
             returning *`,
      values: [
        day,
        refs.categoryIds[seq % refs.categoryIds.length],
        `小区门口路灯不亮 ${seq}`,
        `市民来电反映：小区门口的路灯已经连续三天晚上不亮，行人出入不便，希望尽快派人维修。编号 ${seq}`,
        `玄武区中山路 ${seq % 500} 号`,
        refs.districtIds[seq % refs.districtIds.length],
        citizen.rows[0]!.id,
        randomUUID(),
        refs.actorId,
        now,
      ],
    });
    const t = ticket.rows[0]!;
    const event = await client.query<{ id: string }>({
      name: 'bench_event',
      text: `insert into ticket_events (ticket_id, type, actor_id, actor_name, actor_role, unit_id, from_status,
               to_status, payload, created_at)
             values ($1, 'ticket.created', $2, $3, 'agent', $4, null, 'registered', $5, $6) returning id`,
      values: [
        t.id,
        refs.actorId,
        refs.actorName,
        refs.unitId,
        {
          line: '12345',
          channel: 'phone',
          type: 'complaint',
          urgency: 'normal',
          repeatCaller: false,
          complete: true,
          timely: true,
        },
        now,
      ],
    });
    await client.query({
      name: 'bench_outbox',
      text: `insert into outbox (topic, aggregate_id, payload, created_at) values ($1, $2, $3, $4)`,
      values: [
        'ticket.created',
        t.id,
        {
          message: {
            type: 'ticket.created',
            ticketId: t.id,
            ticketNo: t.no,
            status: 'registered',
            version: t.version,
            eventId: event.rows[0]!.id,
            at: now.toISOString(),
            actorName: refs.actorName,
            unitIds: [],
          },
          confidential: false,
          deadlines: [],
        },
        now,
      ],
    });
    await client.query({ name: 'bench_notify', text: `select pg_notify('hotline_outbox', '')` });
  };
}

/** One WeChat push as storeInbound writes it; MsgIds differ across calls and runs. */
export function rawWechatTx(runId: string): TTx {
  const loop = randomBytes(4).toString('hex');
  return async (client, seq) => {
    const now = new Date();
    const inbound = await client.query<{ id: string }>({
      name: 'bench_inbound',
      text: `insert into inbound_messages (channel, external_id, headers, body, received_at)
             values ('wechat', $1, $2, $3, $4) on conflict (channel, external_id) do nothing returning *`,
      values: [
        `msg:raw${runId}${loop}${seq}`,
        { mode: 'safe', kind: 'message', type: 'text', timestamp: String(Math.floor(Date.now() / 1000)) },
        `<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[oBench${seq % 2000}]]></FromUserName>` +
          `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
          `<Content><![CDATA[小区门口路灯不亮了，麻烦尽快处理 ${seq}]]></Content><MsgId>${seq}</MsgId></xml>`,
        now,
      ],
    });
    const id = inbound.rows[0]!.id;
    await client.query({
      name: 'bench_inbound_outbox',
      text: `insert into outbox (topic, aggregate_id, payload) values ('inbound.received', $1, $2)`,
      values: [id, { inboundId: id, channel: 'wechat' }],
    });
    await client.query({ name: 'bench_notify', text: `select pg_notify('hotline_outbox', '')` });
  };
}

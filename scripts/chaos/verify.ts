import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { bullPrefix, QUEUE_NAMES } from '../../workers/src/jobs/queue-names';
import { slaClockJobId } from '../../workers/src/jobs/sla-clock.job';
import { SLA_SWEEP_SCHEDULER_ID } from '../../workers/src/jobs/sla-sweep.job';
import { CHANNELS, type TChaosChannel } from './channels';
import type { TOutcome } from './load';

/** One channel's figures: what the clients were told, against what the database holds. */
export type TChannelReport = {
  channel: TChaosChannel;
  sent: number;
  acked: number;
  /** Given up after every retry (never told success): the system owes nothing for these. */
  unacked: number;
  refused: number;
  /** Acknowledged and found in the database. */
  stored: number;
  /** Acknowledged and in the state it should have reached. */
  processed: number;
  lost: number;
  duplicated: number;
  /** Stored though the client never heard success (a reply lost with a killed server): allowed. */
  storedUnacked: number;
  problems: string[];
};

export type TReport = {
  channels: TChannelReport[];
  pendingOutbox: number;
  deadlines: { tickets: number; rows: number; timersExpected: number; timersMissing: number };
  sweeperScheduled: boolean;
  problems: string[];
};

const TAG_RE = '\\[chaos:([^\\]]+)\\]';
/** Where routing must take every chaos ticket (a structured request with a leaf category): its unit, at once. */
const EXPECTED_DEADLINES: Record<string, number> = { sign: 1, reply: 1 };

type TTicketRow = {
  tag: string;
  id: string;
  status: string;
  created: number;
  dispatched: number;
  suggested: number;
  deadline_events: number;
  deadlines: Record<string, number>;
};

const countBy = <T>(rows: T[], key: (r: T) => string) => {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
};

/** Why a chaos ticket is not where it should be, or null when it is. */
function ticketProblem(t: TTicketRow): string | null {
  const kinds = Object.keys({ ...EXPECTED_DEADLINES, ...t.deadlines });
  const wrongDeadlines = kinds.filter((k) => (t.deadlines[k] ?? 0) !== (EXPECTED_DEADLINES[k] ?? 0));
  if (t.status !== 'dispatched') return `status ${t.status}`;
  if (t.created !== 1 || t.dispatched !== 1 || t.suggested !== 0)
    return `events created=${t.created} dispatched=${t.dispatched} suggested=${t.suggested}`;
  if (wrongDeadlines.length) return `deadlines ${JSON.stringify(t.deadlines)}`;
  if (t.deadline_events !== 0) return `${t.deadline_events} deadline warning/breach events`;
  return null;
}

export async function verify(
  pool: Pool,
  redis: Redis,
  redisPrefix: string,
  runId: string,
  outcomes: TOutcome[],
  sent: Record<TChaosChannel, number>,
): Promise<TReport> {
  const like = `%[chaos:chaos-%-${runId}-%`;
  const tickets = (
    await pool.query<TTicketRow>(
      `select substring(t.description from $1::text) as tag, t.id, t.status,
         (select count(*)::int from ticket_events e where e.ticket_id = t.id and e.type = 'ticket.created') as created,
         (select count(*)::int from ticket_events e where e.ticket_id = t.id and e.type = 'ticket.dispatched') as dispatched,
         (select count(*)::int from ticket_events e where e.ticket_id = t.id and e.type = 'ticket.routing_suggested') as suggested,
         (select count(*)::int from ticket_events e where e.ticket_id = t.id
            and e.type in ('ticket.deadline_warning', 'ticket.deadline_breached')) as deadline_events,
         (select coalesce(json_object_agg(kind, n), '{}'::json) from
            (select kind, count(*)::int as n from ticket_deadlines d where d.ticket_id = t.id group by kind) k) as deadlines
       from tickets t where t.description like $2`,
      [TAG_RE, like],
    )
  ).rows;
  const ticketsByTag = countBy(tickets, (t) => t.tag);

  const inbound = (
    await pool.query<{ channel: string; key: string; status: string; error: string | null; msgs: number }>(
      `select i.channel, case when i.channel = 'open311' then i.headers->>'idempotency-key' else i.external_id end as key,
         i.status, i.error,
         (select count(*)::int from conversation_messages m where m.inbound_message_id = i.id) as msgs
       from inbound_messages i
       where (i.channel = 'open311' and i.headers->>'idempotency-key' like $1)
          or (i.channel in ('web', 'cti') and i.external_id like $1)
          or (i.channel in ('wechat', 'weibo') and i.received_at > now() - interval '1 hour')`,
      [`chaos-%-${runId}-%`],
    )
  ).rows;
  const inboundByKey = countBy(inbound, (r) => `${r.channel}|${r.key}`);
  const ctiByCall = countBy(
    inbound.filter((r) => r.channel === 'cti'),
    (r) => r.key.replace(/-e\d+$/, ''),
  );
  const messagesByTag = countBy(
    (
      await pool.query<{ tag: string }>(
        `select substring(content from $1::text) as tag from conversation_messages where content like $2`,
        [TAG_RE, like],
      )
    ).rows,
    (r) => r.tag,
  );
  const calls = countBy(
    (
      await pool.query<{ call_id: string; answered: boolean; ended: boolean }>(
        `select call_id, answered_at is not null as answered, ended_at is not null as ended
         from call_records where call_id like $1`,
        [`chaos-cti-${runId}-%`],
      )
    ).rows,
    (r) => r.call_id,
  );

  const inboundChannel: Partial<Record<TChaosChannel, string>> = {
    portal: 'web',
    open311: 'open311',
    wechat: 'wechat',
    weibo: 'weibo',
  };

  /** [stored, processed, duplicates, problem] of one submission. */
  const judge = (o: TOutcome): { stored: boolean; processed: boolean; extra: number; problem?: string } => {
    if (o.channel === 'cti') {
      const events = ctiByCall.get(o.key) ?? [];
      const call = calls.get(o.key) ?? [];
      const stored = events.length >= 3;
      const processed =
        stored &&
        events.every((e) => e.status === 'processed') &&
        call.length === 1 &&
        call[0]!.answered &&
        call[0]!.ended;
      const extra = Math.max(0, events.length - 3) + Math.max(0, call.length - 1);
      return {
        stored,
        processed,
        extra,
        problem: processed
          ? undefined
          : `call ${JSON.stringify({ events: events.map((e) => e.status), call })}`,
      };
    }
    const ch = inboundChannel[o.channel];
    const rows = ch ? (inboundByKey.get(`${ch}|${o.key}`) ?? []) : [];
    let extra = Math.max(0, rows.length - 1);
    if (o.channel === 'wechat' || o.channel === 'weibo') {
      const msgs = messagesByTag.get(o.tag) ?? [];
      extra += Math.max(0, msgs.length - 1);
      const processed =
        rows.length === 1 && rows[0]!.status === 'processed' && rows[0]!.msgs === 1 && msgs.length === 1;
      return {
        stored: rows.length > 0,
        processed,
        extra,
        problem: processed ? undefined : `inbound ${JSON.stringify(rows)} messages ${msgs.length}`,
      };
    }
    const ts = ticketsByTag.get(o.tag) ?? [];
    extra += Math.max(0, ts.length - 1);
    const inboundOk = !ch || (rows.length === 1 && rows[0]!.status === 'processed');
    const problem =
      ts.length !== 1
        ? `${ts.length} tickets`
        : !inboundOk
          ? `inbound ${JSON.stringify(rows)}`
          : ticketProblem(ts[0]!);
    return {
      stored: ts.length > 0 || rows.length > 0,
      processed: problem === null,
      extra,
      problem: problem ?? undefined,
    };
  };

  const channels = CHANNELS.map((channel): TChannelReport => {
    const mine = outcomes.filter((o) => o.channel === channel);
    const r: TChannelReport = {
      channel,
      sent: sent[channel],
      acked: 0,
      unacked: 0,
      refused: 0,
      stored: 0,
      processed: 0,
      lost: 0,
      duplicated: 0,
      storedUnacked: 0,
      problems: [],
    };
    for (const o of mine) {
      const j = judge(o);
      if (o.refused) r.refused += 1;
      if (!o.acked) {
        r.unacked += 1;
        if (j.stored) r.storedUnacked += 1;
        continue;
      }
      r.acked += 1;
      r.duplicated += j.extra;
      if (!j.stored) {
        r.lost += 1;
        r.problems.push(`${o.key}: lost`);
        continue;
      }
      r.stored += 1;
      if (j.processed) r.processed += 1;
      else r.problems.push(`${o.key}: ${j.problem}`);
    }
    return r;
  });

  const pendingOutbox = Number(
    (await pool.query<{ n: string }>(`select count(*) as n from outbox where dispatched_at is null`)).rows[0]!
      .n,
  );

  // How many running clocks still have their timers in Redis. Those armed before the flush are
  // gone with it by design: the every-minute sweeper (which must be scheduled again) records
  // their warnings and breaches when due, once each (the stamps are conditional).
  const clocks = (
    await pool.query<{ id: string; warn_at: Date | null; due_at: Date }>(
      `select d.id, case when d.warned_at is null then d.warn_at end as warn_at, d.due_at
       from ticket_deadlines d join tickets t on t.id = d.ticket_id
       where t.description like $1 and d.status = 'active' and d.breached_at is null and d.due_at is not null`,
      [like],
    )
  ).rows;
  const jobKeys = clocks.flatMap((d) => [
    ...(d.warn_at ? [slaClockJobId('warn', d.id, d.warn_at.getTime())] : []),
    slaClockJobId('breach', d.id, d.due_at.getTime()),
  ]);
  const prefix = `${bullPrefix(redisPrefix)}:${QUEUE_NAMES.slaClock}:`;
  const pipeline = redis.pipeline();
  for (const k of jobKeys) pipeline.exists(prefix + k);
  const exists = ((await pipeline.exec()) ?? []).map(([, v]) => v === 1);
  const timersMissing = exists.filter((e) => !e).length;

  const sweep = new Queue(QUEUE_NAMES.slaSweep, { connection: redis, prefix: bullPrefix(redisPrefix) });
  const sweeperScheduled = Boolean(await sweep.getJobScheduler(SLA_SWEEP_SCHEDULER_ID));
  await sweep.close();

  const problems: string[] = [];
  if (pendingOutbox) problems.push(`${pendingOutbox} outbox rows never sent`);
  if (!sweeperScheduled) problems.push('the SLA sweeper is not scheduled in Redis');
  for (const c of channels) {
    if (c.refused) problems.push(`${c.channel}: ${c.refused} submissions refused with a 4xx`);
    if (c.lost || c.duplicated || c.processed !== c.acked)
      problems.push(`${c.channel}: ${c.problems.slice(0, 3).join('; ')}`);
  }
  return {
    channels,
    pendingOutbox,
    deadlines: {
      tickets: tickets.length,
      rows: clocks.length,
      timersExpected: jobKeys.length,
      timersMissing,
    },
    sweeperScheduled,
    problems,
  };
}

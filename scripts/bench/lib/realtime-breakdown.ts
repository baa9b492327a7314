/**
 * Where the time from intake to a unit's screen goes, per ticket, from the timestamps the system
 * already keeps: the ticket's creation instant, both outbox rows (dispatched_at is the start of
 * the relay pass that sent them), the routing job in BullMQ (added, started, finished) and the
 * instant the console received the event. Medians and p99 of each stage.
 */
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { percentileOf } from './results';
import { REDIS_URL } from './realtime-support';

export type TTicketTimes = { id: string; sentAt: number; httpMs: number; receivedAt: number };

const STAGES = [
  ['request → use case starts', 'sent', 'created'],
  ['use case → relay pass #1 (ticket.created)', 'created', 'relay1'],
  ['relay pass #1 → routing job added', 'relay1', 'jobAdded'],
  ['routing job waits in the queue', 'jobAdded', 'jobStarted'],
  ['routing handler → dispatch recorded', 'jobStarted', 'dispatched'],
  ['dispatch recorded → relay pass #2', 'dispatched', 'relay2'],
  ['relay pass #2 → console receives', 'relay2', 'received'],
  // Not a step of the chain: the routing job's whole run (the router and the dispatch transaction).
  ['(routing job runs, start → finish)', 'jobStarted', 'jobFinished'],
] as const;

type TPoint =
  | 'sent'
  | 'created'
  | 'relay1'
  | 'jobAdded'
  | 'jobStarted'
  | 'jobFinished'
  | 'dispatched'
  | 'relay2'
  | 'received';

export async function breakdown(
  dbUrl: string,
  redisPrefix: string,
  tickets: TTicketTimes[],
): Promise<{ stage: string; p50: number; p99: number }[]> {
  const pg = new Client({ connectionString: dbUrl });
  const redis = new Redis(REDIS_URL);
  try {
    await pg.connect();
    const { rows } = await pg.query<{
      id: string;
      created: number;
      relay1: number;
      dispatched: number;
      relay2: number;
    }>(
      `select t.id,
         extract(epoch from t.created_at) * 1000 as created,
         extract(epoch from o1.dispatched_at) * 1000 as relay1,
         extract(epoch from e.created_at) * 1000 as dispatched,
         extract(epoch from o2.dispatched_at) * 1000 as relay2
       from tickets t
       join outbox o1 on o1.aggregate_id = t.id and o1.topic = 'ticket.created'
       join ticket_events e on e.ticket_id = t.id and e.type = 'ticket.dispatched'
       join outbox o2 on o2.aggregate_id = t.id and o2.topic = 'ticket.dispatched'
       where t.id = any($1::uuid[])`,
      [tickets.map((t) => t.id)],
    );
    const db = new Map(rows.map((r) => [r.id, r]));
    const pipe = redis.pipeline();
    for (const t of tickets)
      pipe.hmget(`{${redisPrefix}}:bull:routing:routing-${t.id}`, 'timestamp', 'processedOn', 'finishedOn');
    const jobs = (await pipe.exec()) ?? [];
    const samples = new Map<string, number[]>(STAGES.map(([name]) => [name, []]));
    tickets.forEach((t, i) => {
      const r = db.get(t.id);
      const job = jobs[i]?.[1] as (string | null)[] | undefined;
      if (!r || !job?.[0] || !job[1] || !job[2]) return;
      const at: Record<TPoint, number> = {
        sent: t.sentAt,
        created: Number(r.created),
        relay1: Number(r.relay1),
        jobAdded: Number(job[0]),
        jobStarted: Number(job[1]),
        jobFinished: Number(job[2]),
        dispatched: Number(r.dispatched),
        relay2: Number(r.relay2),
        received: t.receivedAt,
      };
      for (const [name, from, to] of STAGES) samples.get(name)!.push(at[to] - at[from]);
    });
    return STAGES.map(([name]) => {
      const s = samples.get(name)!;
      return { stage: name, p50: percentileOf(s, 50), p99: percentileOf(s, 99) };
    });
  } finally {
    await pg.end();
    redis.disconnect();
  }
}

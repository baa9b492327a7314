import {
  HOT_TOPIC_RULE,
  hotTopicPhrases,
  hotTopicWords,
  streetOfAddress,
  type THotTopicAlertDto,
  type THotTopicStatus,
  type THotTopicTicket,
  type THotTopicWindow,
} from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TDb, TTx } from '../../infra/db/client';

/** Districts and their streets (for the street parsed from an address), categories (for labels). */
export type THotTopicPlaces = {
  districtName: Map<string, string>;
  streetsOf: Map<string, string[]>;
  categoryName: Map<string, string>;
  /** Words of district and street names: never a topic's phrase. */
  placeWords: Set<string>;
};

/** "武进区12345分中心" → "武进区": the name citizens use. */
const shortDistrictName = (name: string) => name.replace(/12345.*$/, '');

export async function loadHotTopicPlaces(db: TDb): Promise<THotTopicPlaces> {
  const units = (
    await db.execute(sql`
      select u.id, u.name, u.kind, u.parent_id from units u where u.kind in ('district', 'street')`)
  ).rows as { id: string; name: string; kind: string; parent_id: string | null }[];
  const districtName = new Map<string, string>();
  const streetsOf = new Map<string, string[]>();
  for (const u of units) {
    if (u.kind === 'district') districtName.set(u.id, shortDistrictName(u.name));
    else if (u.parent_id) streetsOf.set(u.parent_id, [...(streetsOf.get(u.parent_id) ?? []), u.name]);
  }
  const cats = (await db.execute(sql`select id, name from categories`)).rows as {
    id: string;
    name: string;
  }[];
  const placeWords = new Set(units.flatMap((u) => hotTopicWords(u.name)));
  return { districtName, streetsOf, categoryName: new Map(cats.map((c) => [c.id, c.name])), placeWords };
}

type TTicketRow = {
  id: string;
  created_at: Date | string;
  category_id: string | null;
  district_id: string | null;
  address: string | null;
  title: string;
  description: string;
};

/**
 * Filed tickets created in (from, to] (merged ones and drafts left out), as the detector sees
 * them. A confidential (12388) ticket's text never leaves the database here: it counts for its
 * category, never for a phrase, so its words cannot become a topic's label.
 */
export async function loadDetectorTickets(
  db: TDb,
  places: THotTopicPlaces,
  from: Date,
  to: Date,
): Promise<THotTopicTicket[]> {
  const rows = (
    await db.execute(sql`
      select id, created_at, category_id, district_id,
             case when confidential then null else address end as address,
             case when confidential then '' else title end as title,
             case when confidential then '' else description end as description
        from tickets
       where created_at > ${from.toISOString()} and created_at <= ${to.toISOString()}
         and status not in ('merged', 'draft')`)
  ).rows as TTicketRow[];
  return rows.map((r) => {
    const district = r.district_id ? places.districtName.get(r.district_id) : undefined;
    return {
      id: r.id,
      createdAt: new Date(r.created_at),
      categoryId: r.category_id,
      districtId: r.district_id,
      street: r.district_id
        ? streetOfAddress(r.address, places.streetsOf.get(r.district_id) ?? [], district)
        : null,
      phrases:
        r.title || r.description ? hotTopicPhrases(r.title, r.description, r.address, places.placeWords) : [],
    };
  });
}

const ALERT_LOCK_KEY = 712_612;

export type TAlertWrite = {
  topicKey: string;
  window: THotTopicWindow;
  windowStart: Date;
  label: string;
  dimensions: Record<string, unknown>;
  count: number;
  baseline: number;
  score: number;
  ticketIds: string[];
};

/**
 * Writes one run's topics in one transaction (serialised by an advisory lock, so an on-demand
 * run and the scheduled one cannot both raise the same topic). A topic already alerted on is
 * updated (its tickets united, its status kept), never raised again: an open or acknowledged
 * alert of the same key raised in the last six hours, or any alert (closed too) raised in the
 * last 25 hours that holds half of the topic's tickets — the same burst seen through the day window.
 * Otherwise the row is keyed by (topic, window, window start). Returns the ids of new rows.
 */
export async function writeAlerts(db: TDb, topics: readonly TAlertWrite[], now: Date): Promise<string[]> {
  if (!topics.length) return [];
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ALERT_LOCK_KEY})`);
    const raised: string[] = [];
    const since = new Date(now.getTime() - HOT_TOPIC_RULE.reraiseHours * 3_600_000);
    // The day window keeps a burst significant for 24 hours: its tickets are matched that long.
    const sinceSameTickets = new Date(now.getTime() - 25 * 3_600_000);
    for (const t of topics) {
      const ids = sql`${`{${t.ticketIds.join(',')}}`}::uuid[]`;
      const existing = (
        await tx.execute(sql`
          select id from hot_topic_alerts
           where (status <> 'closed' and topic_key = ${t.topicKey} and raised_at > ${since.toISOString()})
              or (raised_at > ${sinceSameTickets.toISOString()}
                  and 2 * cardinality(array(select unnest(ticket_ids) intersect select unnest(${ids})))
                      >= ${t.ticketIds.length})
           order by raised_at desc limit 1`)
      ).rows as { id: string }[];
      if (existing[0]) {
        await updateAlert(tx, existing[0].id, ids, t.score, now);
        continue;
      }
      const res = (
        await tx.execute(sql`
          insert into hot_topic_alerts (topic_key, "window", window_start, label, dimensions, count,
                                        baseline, statistic, score, threshold, ticket_ids, raised_at, updated_at)
          values (${t.topicKey}, ${t.window}, ${t.windowStart.toISOString()}, ${t.label},
                  ${JSON.stringify(t.dimensions)}::jsonb, ${t.count}, ${t.baseline}, ${HOT_TOPIC_RULE.statistic},
                  ${t.score}, ${HOT_TOPIC_RULE.threshold}, ${ids}, ${now.toISOString()}, ${now.toISOString()})
          on conflict (topic_key, "window", window_start) do update
             set count = excluded.count, ticket_ids = excluded.ticket_ids,
                 score = least(hot_topic_alerts.score, excluded.score), updated_at = excluded.updated_at
          returning id, (xmax = 0) as inserted`)
      ).rows as { id: string; inserted: boolean }[];
      if (res[0]?.inserted) raised.push(res[0].id);
    }
    return raised;
  });
}

async function updateAlert(tx: TTx, id: string, ids: ReturnType<typeof sql>, score: number, now: Date) {
  await tx.execute(sql`
    update hot_topic_alerts
       set ticket_ids = array(select distinct x from unnest(ticket_ids || ${ids}) x order by 1),
           count = cardinality(array(select distinct unnest(ticket_ids || ${ids}))),
           score = least(score, ${score}), updated_at = ${now.toISOString()}
     where id = ${id}`);
}

type TAlertRow = {
  id: string;
  topic_key: string;
  window: string;
  window_start: Date | string;
  label: string;
  dimensions: Record<string, unknown>;
  count: number;
  baseline: number;
  statistic: string;
  score: number;
  threshold: number;
  status: string;
  raised_at: Date | string;
  updated_at: Date | string;
};

const iso = (d: Date | string) => new Date(d).toISOString();

export function alertView(r: TAlertRow): THotTopicAlertDto {
  return {
    id: r.id,
    topicKey: r.topic_key,
    label: r.label,
    window: r.window as THotTopicWindow,
    windowStart: iso(r.window_start),
    dimensions: r.dimensions,
    count: r.count,
    baseline: r.baseline,
    statistic: r.statistic,
    score: r.score,
    threshold: r.threshold,
    status: r.status as THotTopicStatus,
    raisedAt: iso(r.raised_at),
    updatedAt: iso(r.updated_at),
  };
}

const ALERT_COLUMNS = sql`id, topic_key, "window", window_start, label, dimensions, count, baseline,
  statistic, score, threshold, status, raised_at, updated_at`;

export async function alertsByIds(db: TDb, ids: readonly string[]): Promise<THotTopicAlertDto[]> {
  if (!ids.length) return [];
  const rows = (
    await db.execute(sql`select ${ALERT_COLUMNS} from hot_topic_alerts
      where id = any(${`{${ids.join(',')}}`}::uuid[]) order by raised_at desc, id desc`)
  ).rows as TAlertRow[];
  return rows.map(alertView);
}

export async function listAlerts(
  db: TDb,
  q: { statuses?: readonly THotTopicStatus[]; after?: [string, string]; limit: number },
): Promise<THotTopicAlertDto[]> {
  const where = [sql`true`];
  if (q.statuses?.length) where.push(sql`status = any(${`{${q.statuses.join(',')}}`}::text[])`);
  if (q.after) where.push(sql`(raised_at, id) < (${q.after[0]}::timestamptz, ${q.after[1]}::uuid)`);
  const rows = (
    await db.execute(sql`select ${ALERT_COLUMNS} from hot_topic_alerts
      where ${sql.join(where, sql` and `)} order by raised_at desc, id desc limit ${q.limit}`)
  ).rows as TAlertRow[];
  return rows.map(alertView);
}

/** The alert's tickets that may be listed: never a confidential one (only how many were left out). */
export async function alertTickets(db: TDb, alertId: string) {
  const rows = (
    await db.execute(sql`
      select t.id, t.no, t.title, t.confidential, t.created_at, t.status, d.name as district
        from hot_topic_alerts a
        join tickets t on t.id = any(a.ticket_ids)
        left join units d on d.id = t.district_id
       where a.id = ${alertId}
       order by t.created_at desc, t.id desc`)
  ).rows as {
    id: string;
    no: string;
    title: string;
    confidential: boolean;
    created_at: Date | string;
    status: string;
    district: string | null;
  }[];
  const listed = rows.filter((r) => !r.confidential);
  return {
    tickets: listed.map((r) => ({
      id: r.id,
      no: r.no,
      title: r.title,
      district: r.district ? shortDistrictName(r.district) : null,
      createdAt: iso(r.created_at),
      status: r.status,
    })),
    hiddenCount: rows.length - listed.length,
  };
}

/** open → acknowledged, open | acknowledged → closed; anything else is refused (null). */
export async function setAlertStatus(
  db: TDb,
  id: string,
  to: 'acknowledged' | 'closed',
  now: Date,
): Promise<THotTopicAlertDto | null> {
  const from = to === 'acknowledged' ? ['open'] : ['open', 'acknowledged'];
  const rows = (
    await db.execute(sql`update hot_topic_alerts set status = ${to}, updated_at = ${now.toISOString()}
      where id = ${id} and status = any(${`{${from.join(',')}}`}::text[])
      returning ${ALERT_COLUMNS}`)
  ).rows as TAlertRow[];
  return rows[0] ? alertView(rows[0]) : null;
}

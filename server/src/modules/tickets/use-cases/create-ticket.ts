import {
  AppError,
  isConfidentialLine,
  missingFields,
  TIMELY_MINUTES,
  ticketScopeOf,
  toShanghaiDate,
  ZCreateTicketSchema,
  type TCreateTicketInput,
  type TTicketDetail,
} from '@hotline/shared';
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { maskIdNumber, maskPhone } from '../../../infra/crypto';
import type { TDb } from '../../../infra/db/client';
import { executeNamed, rowOf } from '../../../infra/db/named';
import { tickets } from '../../../infra/db/schema';
import { parseInput } from '../../../infra/http/validate';
import type { TActor, TUserActor } from '../../auth/actor';
import { ticketDetailOf } from '../ticket.repository';
import type { TTicketRow } from './action-types';
import { OUTBOX_CHANNEL } from './publish';

/**
 * YYYYMMDD + at least six digits from the China day's own sequence (migration 0011), taken in
 * the statement that inserts the ticket. A sequence holds no lock until commit, so concurrent
 * filings do not queue for their numbers; a filing that fails leaves a gap.
 */
function ticketNoOf(day: string) {
  return sql<string>`(select ${day} || lpad(n::text, greatest(6, length(n::text)), '0')
    from nextval(${`ticket_no_${day}`}::regclass) n)`;
}

/** Days whose number sequence exists, per database: made once per day and process. */
const daySequences = new WeakMap<TDb, Set<string>>();

async function ensureDaySequence(db: TDb, day: string): Promise<void> {
  let days = daySequences.get(db);
  if (!days) daySequences.set(db, (days = new Set()));
  if (days.has(day)) return;
  // Autocommit, outside the filing's transaction: the sequence is there for every other filing.
  await db.execute(sql`select ticket_no_sequence(${day})`);
  days.add(day);
}

const pgCodeOf = (err: unknown): string | undefined =>
  (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;

/**
 * The ticket an earlier request with this key created. Every create with a key (the console
 * always sends one) asks first, so the query is built and prepared once per database.
 */
const byIdempotencyKey = new WeakMap<TDb, ReturnType<typeof prepareByIdempotencyKey>>();

function prepareByIdempotencyKey(db: TDb) {
  return db
    .select()
    .from(tickets)
    .where(eq(tickets.idempotencyKey, sql.placeholder('key')))
    .prepare('ticket_by_idempotency_key');
}

async function ticketByIdempotencyKey(db: TDb, key: string): Promise<TTicketRow | undefined> {
  let query = byIdempotencyKey.get(db);
  if (!query) byIdempotencyKey.set(db, (query = prepareByIdempotencyKey(db)));
  const [row] = await query.execute({ key });
  return row;
}

/**
 * Creates a ticket (registered at once, or a draft). A retried request with the same
 * idempotency key returns the first ticket instead of creating a second one.
 */
export async function createTicket(
  ctx: TUseCaseContext,
  actor: TActor,
  raw: unknown,
): Promise<{ ticket: TTicketRow; created: boolean; detail?: TTicketDetail }> {
  const input = parseInput(ZCreateTicketSchema, raw);
  const now = ctx.clock();
  const day = toShanghaiDate(now).replaceAll('-', '');
  await ensureDaySequence(ctx.db, day);
  try {
    const res = await executeNamed(ctx.db, filingSql(ctx, actor, input, now, day));
    const filed = res.rows[0];
    if (filed) {
      // Hotline staff see every ticket: their response is the filed row with its names, read by
      // the same statement. Anyone else's goes through the visibility check (getVisibleTicket).
      const seesAll = actor.kind === 'user' && ticketScopeOf(actor).kind === 'all';
      return {
        ticket: rowOf(tickets, filed),
        created: true,
        ...(seesAll ? { detail: ticketDetailOf(filed, actor as TUserActor, ctx.pii) } : {}),
      };
    }
    // Nothing filed: the idempotency key is taken, by a retry's first request or one racing it.
    const existing = await ticketByIdempotencyKey(ctx.db, input.idempotencyKey!);
    if (!existing) throw new Error('createTicket: a filing wrote nothing and its key names no ticket');
    return { ticket: existing, created: false };
  } catch (err) {
    const pgCode = pgCodeOf(err);
    // The references are checked by their foreign keys: the whole statement is undone.
    if (pgCode === '23503') {
      const constraint =
        (err as { constraint?: string }).constraint ??
        (err as { cause?: { constraint?: string } }).cause?.constraint;
      if (constraint === 'tickets_category_id_categories_id_fk')
        throw new AppError('UNPROCESSABLE', 'Unknown category', { fields: { categoryId: ['unknown'] } });
      if (constraint === 'tickets_district_id_units_id_fk')
        throw new AppError('UNPROCESSABLE', 'Unknown district', { fields: { districtId: ['unknown'] } });
    }
    // The day's sequence this process made is gone (the database was restored): make it again.
    if (pgCode === '42P01' && daySequences.get(ctx.db)?.delete(day)) return createTicket(ctx, actor, raw);
    throw err;
  }
}

/**
 * The whole filing as one statement, so one round trip and its own transaction: the citizen found
 * or made by the keyed hash of the phone (or ID number), the facts the KPIs fix at filing (重复来电
 * within REPEAT_WINDOW_DAYS, data quality, timeliness against the linked call), the ticket numbered
 * from the day's sequence, its `ticket.created` event, the outbox row and the NOTIFY that wakes the
 * relay (delivered at commit). A key already used files nothing and returns no row. The CTEs share
 * one snapshot, so the repeat-call check never sees the ticket being filed.
 */
function filingSql(
  ctx: TUseCaseContext,
  actor: TActor,
  input: TCreateTicketInput,
  now: Date,
  day: string,
): SQL {
  const citizen = citizenSql(ctx, input.citizen);
  const hasCitizen = citizen !== null;
  const complete =
    missingFields({
      channel: input.channel,
      type: input.type,
      title: input.title,
      description: input.description,
      categoryId: input.categoryId ?? null,
      districtId: input.districtId ?? null,
      address: input.address ?? null,
      hasCitizen,
    }).length === 0;
  const user = actor.kind === 'user' ? actor : null;
  const actorName = user ? user.displayName : actor.kind === 'system' ? actor.name : null;
  const since = new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000);
  // isTimely in SQL: not timely when the linked call was answered more than TIMELY_MINUTES before.
  const timely = input.callId
    ? sql`coalesce((select ${now}::timestamptz - answered_at <= make_interval(mins => ${TIMELY_MINUTES}::int)
                    from call_records where call_id = ${input.callId}), true)`
    : sql`true`;
  const nowIso = now.toISOString();
  return sql`
    with ${citizen ?? sql`citizen as (select null::uuid as id, null::text as phone_masked, null::text as name_enc, null::text as id_number_masked)`},
    facts as (
      select ${hasCitizen ? sql`exists (select 1 from tickets where citizen_id = (select id from citizen) and created_at >= ${since}::timestamptz)` : sql`false`} as repeat_caller,
             ${timely} as timely),
    ticket as (
      insert into tickets (no, line, channel, type, category_id, urgency, title, description, address, district_id,
        latitude, longitude, confidential, status, citizen_id, call_id, idempotency_key, created_by,
        created_at, updated_at, registered_at)
      select ${ticketNoOf(day)}, ${input.line}, ${input.channel}, ${input.type}, ${input.categoryId ?? null}::uuid,
        ${input.urgency}, ${input.title}, ${input.description}, ${input.address ?? null}, ${input.districtId ?? null}::uuid,
        ${input.latitude ?? null}::double precision, ${input.longitude ?? null}::double precision,
        ${isConfidentialLine(input.line) || Boolean(input.confidential)}::boolean, ${input.draft ? 'draft' : 'registered'},
        (select id from citizen), ${input.callId ?? null}, ${input.idempotencyKey ?? null}, ${user?.id ?? null}::uuid,
        ${now}::timestamptz, ${now}::timestamptz, ${input.draft ? null : now}::timestamptz
      on conflict (idempotency_key) do nothing
      returning ${TICKET_COLUMNS}),
    event as (
      insert into ticket_events
        (ticket_id, type, actor_id, actor_name, actor_role, unit_id, from_status, to_status, payload, created_at)
      select t.id, 'ticket.created', ${user?.id ?? null}::uuid, ${actorName}::text, ${user?.role ?? 'system'}::text,
        ${user?.unitId ?? null}::uuid, null, t.status,
        ${JSON.stringify({ line: input.line, channel: input.channel, type: input.type, urgency: input.urgency, complete })}::jsonb
          || jsonb_build_object('repeatCaller', f.repeat_caller, 'timely', f.timely),
        ${now}::timestamptz
      from ticket t, facts f
      returning id),
    written as (
      insert into outbox (topic, aggregate_id, payload, created_at)
      select 'ticket.created', t.id, jsonb_build_object(
          'message', jsonb_build_object('type', 'ticket.created', 'ticketId', t.id, 'ticketNo', t.no,
            'status', t.status, 'version', t.version, 'eventId', e.id::text, 'at', ${nowIso}::text,
            'actorName', ${actorName}::text, 'unitIds', '[]'::jsonb),
          'confidential', t.confidential, 'deadlines', '[]'::jsonb),
        ${now}::timestamptz
      from ticket t, event e
      returning id)
    select t.*, c.name as category_name, null::text as lead_unit_name, du.name as district_name,
      ci.phone_masked, ci.name_enc, ci.id_number_masked, '{}'::uuid[] as child_ids,
      (select count(*) from (select pg_notify(${OUTBOX_CHANNEL}, '') from written) n) as notified
    from ticket t
    left join categories c on c.id = t.category_id
    left join units du on du.id = t.district_id
    left join citizen ci on true`;
}

/**
 * The ticket's columns as the schema names them, not `*`: a named statement whose result columns
 * changed (a column added by a later migration while servers run) would fail until reconnected.
 */
const TICKET_COLUMNS = sql.raw(
  Object.values(getTableColumns(tickets))
    .map((c) => `"${c.name}"`)
    .join(', '),
);

/** What the filing reads of its citizen: the id, and what the response shows of the person. */
const CITIZEN_COLUMNS = sql.raw('id, phone_masked, name_enc, id_number_masked');

/**
 * The CTE `citizen` (one row: its id and CITIZEN_COLUMNS) for the caller named, or null for none (anonymous, or
 * neither phone nor ID number). By phone: an upsert on the number's keyed hash, storing the
 * number only encrypted. By ID number alone (a walk-in or a letter): the person with that keyed
 * hash, made when there is none.
 */
function citizenSql(ctx: TUseCaseContext, c: TCreateTicketInput['citizen']): SQL | null {
  if (!c || c.anonymous || (!c.phone && !c.idNumber)) return null;
  const nameEnc = c.name ? ctx.pii.encrypt(c.name) : null;
  const id = c.idNumber
    ? { enc: ctx.pii.encrypt(c.idNumber), hash: ctx.pii.hash(c.idNumber), masked: maskIdNumber(c.idNumber) }
    : null;
  if (!c.phone)
    return sql`known as (select ${CITIZEN_COLUMNS} from citizens where id_number_hash = ${id!.hash} limit 1),
    made as (
      insert into citizens (id_number_enc, id_number_hash, id_number_masked, name_enc)
      select ${id!.enc}, ${id!.hash}, ${id!.masked}, ${nameEnc}
      where not exists (select 1 from known)
      returning ${CITIZEN_COLUMNS}),
    citizen as (select * from known union all select * from made)`;
  return sql`citizen as (
      insert into citizens (phone_hash, phone_enc, phone_masked, name_enc, id_number_enc, id_number_hash, id_number_masked)
      values (${ctx.pii.hash(c.phone.replace(/\D/g, ''))}, ${ctx.pii.encrypt(c.phone)}, ${maskPhone(c.phone)}, ${nameEnc},
        ${id?.enc ?? null}, ${id?.hash ?? null}, ${id?.masked ?? null})
      on conflict (phone_hash) do update set phone_hash = excluded.phone_hash
        ${c.name ? sql`, name_enc = excluded.name_enc` : sql``}
        ${id ? sql`, id_number_enc = excluded.id_number_enc, id_number_hash = excluded.id_number_hash, id_number_masked = excluded.id_number_masked` : sql``}
      returning ${CITIZEN_COLUMNS})`;
}

/** A caller's tickets within this many days of each other make a repeat call (重复来电). */
export const REPEAT_WINDOW_DAYS = 30;

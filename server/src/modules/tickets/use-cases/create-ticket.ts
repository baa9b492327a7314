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
import { reusableSql, rowOf } from '../../../infra/db/named';
import { tickets } from '../../../infra/db/schema';
import { parseInput } from '../../../infra/http/validate';
import type { TActor, TUserActor } from '../../auth/actor';
import { ticketDetailOf } from '../ticket.repository';
import type { TTicketRow } from './action-types';
import { OUTBOX_CHANNEL } from './publish';

const p = (name: string) => sql.placeholder(name);

/**
 * YYYYMMDD + at least six digits from the China day's own sequence (migration 0011), taken in
 * the statement that inserts the ticket. A sequence holds no lock until commit, so concurrent
 * filings do not queue for their numbers; a filing that fails leaves a gap.
 */
const ticketNo = sql<string>`(select ${p('day')} || lpad(n::text, greatest(6, length(n::text)), '0')
    from nextval(${p('daySequence')}::regclass) n)`;

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
    const { shape, values } = filing(ctx, actor, input, now, day);
    const res = await filingStatement(shape)(ctx.db, values);
    const filed = res.rows[0];
    if (filed) {
      // Hotline staff see every ticket: their response is the filed row with its names, read by
      // the same statement. Anyone else's goes through the visibility check (getVisibleTicket).
      const seesAll = actor.kind === 'user' && ticketScopeOf(actor).kind === 'all';
      return {
        ticket: rowOf(tickets, filed),
        created: true,
        ...(seesAll
          ? { detail: ticketDetailOf(filed, actor as TUserActor, ctx.pii, knownCitizenName(input)) }
          : {}),
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

/** What a filing's statement differs by (each shape is one statement, built once). */
type TFilingShape = {
  /** How the caller is found: not at all, by phone (upsert), by ID number alone. */
  citizen: 'none' | 'phone' | 'id';
  /** A phone caller's name and ID number replace the stored ones when given. */
  name: boolean;
  idNumber: boolean;
  /** Linked to a call record: timeliness is measured against it. */
  call: boolean;
};

function filing(
  ctx: TUseCaseContext,
  actor: TActor,
  input: TCreateTicketInput,
  now: Date,
  day: string,
): { shape: TFilingShape; values: Record<string, unknown> } {
  const citizen = citizenValues(ctx, input.citizen);
  // What the request says of the matter: checked for completeness, and stored.
  const matter = {
    channel: input.channel,
    type: input.type,
    title: input.title,
    description: input.description,
    categoryId: input.categoryId ?? null,
    districtId: input.districtId ?? null,
    address: input.address ?? null,
  };
  const complete = missingFields({ ...matter, hasCitizen: citizen.shape !== 'none' }).length === 0;
  const user = actor.kind === 'user' ? actor : null;
  const actorName = user ? user.displayName : actor.kind === 'system' ? actor.name : null;
  return {
    shape: {
      citizen: citizen.shape,
      name: citizen.values.nameEnc !== null,
      idNumber: citizen.values.idEnc !== null,
      call: Boolean(input.callId),
    },
    values: {
      ...citizen.values,
      since: new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000).toISOString(),
      day,
      daySequence: `ticket_no_${day}`,
      ...matter,
      line: input.line,
      urgency: input.urgency,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      confidential: isConfidentialLine(input.line) || Boolean(input.confidential),
      status: input.draft ? 'draft' : 'registered',
      callId: input.callId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      userId: user?.id ?? null,
      userRole: user?.role ?? 'system',
      userUnitId: user?.unitId ?? null,
      actorName,
      now: now.toISOString(),
      registeredAt: input.draft ? null : now.toISOString(),
      eventPayload: JSON.stringify({
        line: input.line,
        channel: input.channel,
        type: input.type,
        urgency: input.urgency,
        complete,
      }),
    },
  };
}

/** One statement per shape, built once (its text is long) and run with each filing's values. */
const filingStatements = new Map<string, ReturnType<typeof reusableSql<Record<string, unknown>>>>();

function filingStatement(shape: TFilingShape) {
  const key = `${shape.citizen}:${shape.name}:${shape.idNumber}:${shape.call}`;
  let statement = filingStatements.get(key);
  if (!statement) filingStatements.set(key, (statement = reusableSql(() => filingSql(shape))));
  return statement;
}

/** The name the filing stored for its caller, when it stored one (a caller named now). */
function knownCitizenName(input: TCreateTicketInput): string | undefined {
  const c = input.citizen;
  return c && !c.anonymous && (c.phone || c.idNumber) && c.name ? c.name : undefined;
}

/**
 * The whole filing as one statement, so one round trip and its own transaction: the citizen found
 * or made by the keyed hash of the phone (or ID number), the facts the KPIs fix at filing (重复来电
 * within REPEAT_WINDOW_DAYS, data quality, timeliness against the linked call), the ticket numbered
 * from the day's sequence, its `ticket.created` event, the outbox row and the NOTIFY that wakes the
 * relay (delivered at commit). A key already used files nothing and returns no row. The CTEs share
 * one snapshot, so the repeat-call check never sees the ticket being filed.
 */
function filingSql(shape: TFilingShape): SQL {
  const citizen = citizenSql(shape);
  // isTimely in SQL: not timely when the linked call was answered more than TIMELY_MINUTES before.
  const timely = shape.call
    ? sql`coalesce((select ${p('now')}::timestamptz - answered_at <= make_interval(mins => ${TIMELY_MINUTES}::int)
                    from call_records where call_id = ${p('callId')}), true)`
    : sql`true`;
  return sql`
    with ${citizen ?? sql`citizen as (select null::uuid as id, null::text as phone_masked, null::text as name_enc, null::text as id_number_masked)`},
    facts as (
      select ${citizen ? sql`exists (select 1 from tickets where citizen_id = (select id from citizen) and created_at >= ${p('since')}::timestamptz)` : sql`false`} as repeat_caller,
             ${timely} as timely),
    ticket as (
      insert into tickets (no, line, channel, type, category_id, urgency, title, description, address, district_id,
        latitude, longitude, confidential, status, citizen_id, call_id, idempotency_key, created_by,
        created_at, updated_at, registered_at)
      select ${ticketNo}, ${p('line')}, ${p('channel')}, ${p('type')}, ${p('categoryId')}::uuid,
        ${p('urgency')}, ${p('title')}, ${p('description')}, ${p('address')}, ${p('districtId')}::uuid,
        ${p('latitude')}::double precision, ${p('longitude')}::double precision,
        ${p('confidential')}::boolean, ${p('status')},
        (select id from citizen), ${p('callId')}, ${p('idempotencyKey')}, ${p('userId')}::uuid,
        ${p('now')}::timestamptz, ${p('now')}::timestamptz, ${p('registeredAt')}::timestamptz
      on conflict (idempotency_key) do nothing
      returning ${TICKET_COLUMNS}),
    event as (
      insert into ticket_events
        (ticket_id, type, actor_id, actor_name, actor_role, unit_id, from_status, to_status, payload, created_at)
      select t.id, 'ticket.created', ${p('userId')}::uuid, ${p('actorName')}::text, ${p('userRole')}::text,
        ${p('userUnitId')}::uuid, null, t.status,
        ${p('eventPayload')}::jsonb || jsonb_build_object('repeatCaller', f.repeat_caller, 'timely', f.timely),
        ${p('now')}::timestamptz
      from ticket t, facts f
      returning id),
    written as (
      insert into outbox (topic, aggregate_id, payload, created_at)
      select 'ticket.created', t.id, jsonb_build_object(
          'message', jsonb_build_object('type', 'ticket.created', 'ticketId', t.id, 'ticketNo', t.no,
            'status', t.status, 'version', t.version, 'eventId', e.id::text, 'at', ${p('now')}::text,
            'actorName', ${p('actorName')}::text, 'unitIds', '[]'::jsonb),
          'confidential', t.confidential, 'deadlines', '[]'::jsonb),
        ${p('now')}::timestamptz
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
 * The caller's values for the statement: the number and ID number only encrypted and as keyed
 * hashes (and masked, for lists). Anonymous, or neither phone nor ID number: no citizen.
 */
function citizenValues(
  ctx: TUseCaseContext,
  c: TCreateTicketInput['citizen'],
): { shape: TFilingShape['citizen']; values: Record<string, string | null> } {
  const none = { phoneHash: null, phoneEnc: null, phoneMasked: null, nameEnc: null };
  const noId = { idEnc: null, idHash: null, idMasked: null };
  if (!c || c.anonymous || (!c.phone && !c.idNumber)) return { shape: 'none', values: { ...none, ...noId } };
  const nameEnc = c.name ? ctx.pii.encrypt(c.name) : null;
  const id = c.idNumber
    ? {
        idEnc: ctx.pii.encrypt(c.idNumber),
        idHash: ctx.pii.hash(c.idNumber),
        idMasked: maskIdNumber(c.idNumber),
      }
    : noId;
  if (!c.phone) return { shape: 'id', values: { ...none, nameEnc, ...id } };
  return {
    shape: 'phone',
    values: {
      phoneHash: ctx.pii.hash(c.phone.replace(/\D/g, '')),
      phoneEnc: ctx.pii.encrypt(c.phone),
      phoneMasked: maskPhone(c.phone),
      nameEnc,
      ...id,
    },
  };
}

/**
 * The CTE `citizen` (one row: its id and CITIZEN_COLUMNS) for the caller, or null for none. By
 * phone: an upsert on the number's keyed hash. By ID number alone (a walk-in or a letter): the
 * person with that keyed hash, made when there is none.
 */
function citizenSql(shape: TFilingShape): SQL | null {
  if (shape.citizen === 'none') return null;
  if (shape.citizen === 'id')
    return sql`known as (select ${CITIZEN_COLUMNS} from citizens where id_number_hash = ${p('idHash')} limit 1),
    made as (
      insert into citizens (id_number_enc, id_number_hash, id_number_masked, name_enc)
      select ${p('idEnc')}, ${p('idHash')}, ${p('idMasked')}, ${p('nameEnc')}
      where not exists (select 1 from known)
      returning ${CITIZEN_COLUMNS}),
    citizen as (select * from known union all select * from made)`;
  return sql`citizen as (
      insert into citizens (phone_hash, phone_enc, phone_masked, name_enc, id_number_enc, id_number_hash, id_number_masked)
      values (${p('phoneHash')}, ${p('phoneEnc')}, ${p('phoneMasked')}, ${p('nameEnc')},
        ${p('idEnc')}, ${p('idHash')}, ${p('idMasked')})
      on conflict (phone_hash) do update set phone_hash = excluded.phone_hash
        ${shape.name ? sql`, name_enc = excluded.name_enc` : sql``}
        ${shape.idNumber ? sql`, id_number_enc = excluded.id_number_enc, id_number_hash = excluded.id_number_hash, id_number_masked = excluded.id_number_masked` : sql``}
      returning ${CITIZEN_COLUMNS})`;
}

/** A caller's tickets within this many days of each other make a repeat call (重复来电). */
export const REPEAT_WINDOW_DAYS = 30;

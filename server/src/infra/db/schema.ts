import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

/** The organisation tree: city centre → district branches → departments and streets. */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    parentId: uuid('parent_id'),
    /** Materialised path of ids ("/a/b/c/"): subtree checks are one LIKE on an index. */
    path: text('path').notNull(),
    canDispatch: boolean('can_dispatch').notNull().default(false),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    index('units_path_idx').on(sql`${t.path} text_pattern_ops`),
    index('units_parent_idx').on(t.parentId),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    active: boolean('active').notNull().default(true),
    lastLoginAt: ts('last_login_at'),
    createdAt: createdAt(),
  },
  (t) => [index('users_unit_idx').on(t.unitId)],
);

/** Citizens: phone numbers and names encrypted at rest, found through a keyed hash. */
export const citizens = pgTable('citizens', {
  id: uuid('id').primaryKey().defaultRandom(),
  phoneHash: text('phone_hash').unique(),
  phoneEnc: text('phone_enc'),
  phoneMasked: text('phone_masked'),
  nameEnc: text('name_enc'),
  idNumberEnc: text('id_number_enc'),
  wechatOpenId: text('wechat_openid').unique(),
  weiboUid: text('weibo_uid').unique(),
  createdAt: createdAt(),
});

export const categories = pgTable(
  'categories',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    parentId: uuid('parent_id'),
    level: integer('level').notNull(),
    isLeaf: boolean('is_leaf').notNull().default(true),
    defaultUnitId: uuid('default_unit_id').references(() => units.id),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index('categories_parent_idx').on(t.parentId)],
);

export const slaPolicies = pgTable('sla_policies', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** null = any. The most specific matching policy wins. */
  line: text('line'),
  type: text('type'),
  urgency: text('urgency'),
  signAmount: real('sign_amount').notNull(),
  signUnit: text('sign_unit').notNull(),
  handleAmount: real('handle_amount').notNull(),
  handleUnit: text('handle_unit').notNull(),
  callbackAmount: real('callback_amount').notNull(),
  callbackUnit: text('callback_unit').notNull(),
  warnRatio: real('warn_ratio').notNull().default(0.75),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Exceptions to Monday–Friday: holidays on weekdays, make-up working days (调休) on weekends. */
export const calendarDays = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  isWorkingDay: boolean('is_working_day').notNull(),
  name: text('name'),
  source: text('source').notNull().default('chinese-days'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const tickets = pgTable(
  'tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    no: text('no').notNull().unique(),
    line: text('line').notNull(),
    channel: text('channel').notNull(),
    type: text('type').notNull(),
    categoryId: uuid('category_id').references(() => categories.id),
    urgency: text('urgency').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    address: text('address'),
    districtId: uuid('district_id').references(() => units.id),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    confidential: boolean('confidential').notNull().default(false),
    status: text('status').notNull(),
    statusBeforeSuspend: text('status_before_suspend'),
    citizenId: uuid('citizen_id').references(() => citizens.id),
    leadUnitId: uuid('lead_unit_id').references(() => units.id),
    parentId: uuid('parent_id'),
    supervisionLevel: text('supervision_level'),
    extensionPending: boolean('extension_pending').notNull().default(false),
    callbackDone: boolean('callback_done').notNull().default(false),
    satisfaction: text('satisfaction'),
    /** The next deadline of the ticket (sign, reply or callback): the inbox sorts on it. */
    dueAt: ts('due_at'),
    dueKind: text('due_kind'),
    overdue: boolean('overdue').notNull().default(false),
    callId: text('call_id'),
    idempotencyKey: text('idempotency_key').unique(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    registeredAt: ts('registered_at'),
    dispatchedAt: ts('dispatched_at'),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    index('tickets_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('tickets_status_created_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
    index('tickets_lead_unit_status_idx').on(t.leadUnitId, t.status),
    index('tickets_due_idx')
      .on(t.dueAt)
      .where(sql`${t.status} not in ('closed','merged')`),
    index('tickets_citizen_idx').on(t.citizenId),
    index('tickets_parent_idx').on(t.parentId),
    index('tickets_category_idx').on(t.categoryId),
    index('tickets_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
  ],
);

/** One per unit a ticket is sent to: the lead unit (主办) and assisting units (协办). */
export const assignments = pgTable(
  'assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    role: text('role').notNull(),
    /** pending → signed → replied → done; or returned / cancelled. */
    status: text('status').notNull(),
    dispatchedBy: uuid('dispatched_by').references(() => users.id),
    dispatchedAt: ts('dispatched_at').notNull(),
    signedAt: ts('signed_at'),
    signedBy: uuid('signed_by').references(() => users.id),
    returnedAt: ts('returned_at'),
    returnReason: text('return_reason'),
    repliedAt: ts('replied_at'),
    replyContent: text('reply_content'),
    replySolved: boolean('reply_solved'),
    createdAt: createdAt(),
  },
  (t) => [
    index('assignments_unit_status_idx').on(t.unitId, t.status),
    index('assignments_ticket_idx').on(t.ticketId),
  ],
);

/** Deadlines as rows: the SLA clocks and the sweeper read them, breaches are stamped once. */
export const ticketDeadlines = pgTable(
  'ticket_deadlines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    assignmentId: uuid('assignment_id').references(() => assignments.id),
    unitId: uuid('unit_id').references(() => units.id),
    kind: text('kind').notNull(),
    startAt: ts('start_at').notNull(),
    /** null while the ticket is suspended (the clock stands still). */
    dueAt: ts('due_at'),
    warnAt: ts('warn_at'),
    /** active → met | cancelled. */
    status: text('status').notNull().default('active'),
    durationAmount: real('duration_amount').notNull(),
    durationUnit: text('duration_unit').notNull(),
    extensionDays: integer('extension_days').notNull().default(0),
    /** Suspensions: [{from, to}] ISO strings; the clock does not run inside them. */
    pauses: jsonb('pauses').$type<{ from: string; to: string | null }[]>().notNull().default([]),
    warnedAt: ts('warned_at'),
    breachedAt: ts('breached_at'),
    metAt: ts('met_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('deadlines_ticket_idx').on(t.ticketId),
    index('deadlines_due_active_idx')
      .on(t.dueAt)
      .where(sql`${t.status} = 'active' and ${t.breachedAt} is null`),
    index('deadlines_warn_active_idx')
      .on(t.warnAt)
      .where(sql`${t.status} = 'active' and ${t.warnedAt} is null`),
  ],
);

/** Append-only history: the timeline and every KPI come from here. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    type: text('type').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    actorRole: text('actor_role'),
    unitId: uuid('unit_id'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('ticket_events_ticket_idx').on(t.ticketId, t.id),
    index('ticket_events_type_created_idx').on(t.type, t.createdAt),
  ],
);

/** Every raw message from every channel, stored before anything is done with it. */
export const inboundMessages = pgTable(
  'inbound_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').notNull(),
    externalId: text('external_id').notNull(),
    headers: jsonb('headers').$type<Record<string, unknown>>().notNull().default({}),
    body: text('body').notNull(),
    status: text('status').notNull().default('received'),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    error: text('error'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    processedAt: ts('processed_at'),
  },
  (t) => [uniqueIndex('inbound_channel_external_uq').on(t.channel, t.externalId)],
);

/** Written in the same transaction as the change; the relay turns rows into jobs and realtime events. */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    aggregateId: uuid('aggregate_id'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    dispatchedAt: ts('dispatched_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`${t.dispatchedAt} is null`),
  ],
);

/** Per-day ticket number sequence: YYYYMMDD + 6 digits. */
export const ticketNoCounters = pgTable('ticket_no_counters', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
});

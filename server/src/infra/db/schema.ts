import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  primaryKey,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The writing transaction's 64-bit id (`pg_current_xact_id()`). Roll-ups read rows below the
 * snapshot's xmin: every transaction under it has finished, so no earlier row can still appear.
 */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });
const writerXid = (name: string) =>
  xid8(name)
    .notNull()
    .default(sql`pg_current_xact_id()`);

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
    /** A handler's reply waits for the unit manager's sign-off (审核签发) before it leaves the unit. */
    replySignoff: boolean('reply_signoff').notNull().default(false),
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
    /** Named for 12388 discipline reports: may read their content (besides 市纪委监委's own staff). */
    confidentialReader: boolean('confidential_reader').notNull().default(false),
    lastLoginAt: ts('last_login_at'),
    createdAt: createdAt(),
  },
  (t) => [index('users_unit_idx').on(t.unitId)],
);

/** Citizens: phone numbers and names encrypted at rest, found through a keyed hash. */
export const citizens = pgTable(
  'citizens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneHash: text('phone_hash').unique(),
    phoneEnc: text('phone_enc'),
    phoneMasked: text('phone_masked'),
    nameEnc: text('name_enc'),
    idNumberEnc: text('id_number_enc'),
    /** Keyed hash and masked form (3201**********1234) of the 身份证 number, like the phone's. */
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    wechatOpenId: text('wechat_openid').unique(),
    weiboUid: text('weibo_uid').unique(),
    createdAt: createdAt(),
  },
  (t) => [index('citizens_id_number_hash_idx').on(t.idNumberHash)],
);

/**
 * Who saw a citizen's full details or a confidential ticket's content, and when. Append-only: no
 * code path updates or deletes a row, and a trigger refuses UPDATE / DELETE / TRUNCATE. `details`
 * never holds personal data (no phone, name or ID number: only which fields were shown).
 * Partitioned by China-time month of `at`, like ticket_events.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').notNull().defaultRandom(),
    at: ts('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorUsername: text('actor_username').notNull(),
    actorRole: text('actor_role').notNull(),
    actorUnitId: uuid('actor_unit_id'),
    /** e.g. ticket.contact.read, ticket.confidential.read, call.screen_pop */
    action: text('action').notNull(),
    /** ticket | citizen | call */
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    ticketNo: text('ticket_no'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    // Partitioned by month on `at` (0008_partitions.sql): the key must be part of the primary key.
    primaryKey({ columns: [t.id, t.at] }),
    index('audit_log_at_idx').on(t.at.desc(), t.id.desc()),
    index('audit_log_actor_idx').on(t.actorUsername, t.at.desc()),
    index('audit_log_subject_idx').on(t.subjectId, t.at.desc()),
    index('audit_log_ticket_no_idx').on(t.ticketNo, t.at.desc()),
    index('audit_log_action_idx').on(t.action, t.at.desc()),
  ],
);

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
    /**
     * The units holding the ticket (non-cancelled assignments) and every unit above them: who may
     * see it. Kept by triggers on assignments and units (migration 0010), so a unit's open inbox
     * is an index lookup instead of a probe of every open ticket's assignments.
     */
    audienceUnitIds: uuid('audience_unit_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
  },
  (t) => [
    index('tickets_created_idx').on(t.createdAt.desc(), t.id.desc()),
    // The predicate names the audience too, so only a query that asks by audience can use it (a
    // GIN index read whole is no way to find open tickets, but the planner would try).
    index('tickets_open_audience_idx')
      .using('gin', t.audienceUnitIds)
      .where(sql`${t.status} not in ('closed','merged') and cardinality(${t.audienceUnitIds}) > 0`),
    index('tickets_status_created_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
    index('tickets_lead_unit_status_idx').on(t.leadUnitId, t.status),
    index('tickets_due_idx')
      .on(t.dueAt)
      .where(sql`${t.status} not in ('closed','merged')`),
    // First pages of the open lists (newest first, due first) and of the work queues.
    index('tickets_open_created_idx')
      .on(t.createdAt.desc(), t.id.desc())
      .where(sql`${t.status} not in ('closed','merged')`),
    index('tickets_open_due_idx')
      .on(sql`coalesce(${t.dueAt}, 'infinity'::timestamptz)`, t.id)
      .where(sql`${t.status} not in ('closed','merged')`),
    // The archive (most tickets): without it the planner walks the newest tickets, all open,
    // through tickets_created_idx to reach the first closed one.
    index('tickets_closed_created_idx')
      .on(t.createdAt.desc(), t.id.desc())
      .where(sql`${t.status} = 'closed'`),
    // 待派单, oldest first (the status index is DESC NULLS LAST: read backwards it is NULLS FIRST).
    index('tickets_to_dispatch_idx')
      .on(t.createdAt, t.id)
      .where(sql`${t.status} = 'registered'`),
    index('tickets_extension_pending_idx')
      .on(t.createdAt, t.id)
      .where(sql`${t.extensionPending}`),
    index('tickets_callback_due_idx')
      .on(sql`coalesce(${t.resolvedAt}, ${t.createdAt})`, t.id)
      .where(sql`${t.status} = 'resolved' and ${t.callbackDone} = false`),
    // 今日办结 on the overview: today's slice of the closed tickets.
    index('tickets_closed_at_idx')
      .on(t.closedAt)
      .where(sql`${t.status} = 'closed'`),
    index('tickets_citizen_idx').on(t.citizenId),
    index('tickets_parent_idx').on(t.parentId),
    index('tickets_category_idx').on(t.categoryId),
    index('tickets_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
    // Duplicate suggestions compare descriptions by trigram similarity.
    index('tickets_description_trgm_idx').using('gin', sql`${t.description} gin_trgm_ops`),
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
    /** Two-level dispatch: the district branch's assignment this one was passed down from. */
    parentAssignmentId: uuid('parent_assignment_id'),
    /** Set when a district branch passed the work down (status `forwarded`). */
    forwardedAt: ts('forwarded_at'),
    /** 重办: how many times the work came back to this unit after review or an unsatisfied callback. */
    redoCount: integer('redo_count').notNull().default(0),
    /** The dispatcher's decision on a return: `accepted` (re-dispatched) or `rejected` (派单异议 refused). */
    returnDecision: text('return_decision'),
    returnDecidedAt: ts('return_decided_at'),
    returnDecidedBy: uuid('return_decided_by').references(() => users.id),
    /** A handler's reply waiting for the unit manager's sign-off (status `awaiting_signoff`). */
    draftReplyContent: text('draft_reply_content'),
    draftReplySolved: boolean('draft_reply_solved'),
    draftSubmittedAt: ts('draft_submitted_at'),
    draftSubmittedBy: uuid('draft_submitted_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('assignments_unit_status_idx').on(t.unitId, t.status),
    index('assignments_ticket_idx').on(t.ticketId),
    index('assignments_parent_idx').on(t.parentAssignmentId),
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
    index('deadlines_assignment_active_idx')
      .on(t.assignmentId)
      .where(sql`${t.status} = 'active'`),
    index('deadlines_due_active_idx')
      .on(t.dueAt)
      .where(sql`${t.status} = 'active' and ${t.breachedAt} is null`),
    // The overview's on-time rate of the day: reply clocks met in a time range.
    index('deadlines_reply_met_idx')
      .on(t.metAt)
      .where(sql`${t.kind} = 'reply' and ${t.status} = 'met'`),
    index('deadlines_warn_active_idx')
      .on(t.warnAt)
      .where(sql`${t.status} = 'active' and ${t.warnedAt} is null`),
  ],
);

/**
 * Append-only history: the timeline and every KPI come from here. Partitioned by China-time month
 * of created_at (server/src/infra/db/partitions.ts): a query that bounds created_at reads only its
 * months, e.g. a ticket's events are never older than the ticket (ticket-event-bounds.ts).
 */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: bigserial('id', { mode: 'number' }),
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
    /** The transaction that wrote the event: the KPI roll-up's cursor. */
    xid: writerXid('xid'),
  },
  (t) => [
    // Partitioned by month on created_at (0008_partitions.sql): the key must be part of the primary key.
    primaryKey({ columns: [t.id, t.createdAt] }),
    index('ticket_events_ticket_idx').on(t.ticketId, t.id),
    index('ticket_events_type_created_idx').on(t.type, t.createdAt),
    index('ticket_events_xid_idx').on(t.xid),
    // The KPI drill-down of one unit's figure (kpi-facts.ts unitOfEvent: keep the expression equal).
    index('ticket_events_kpi_unit_idx').on(
      sql`(case when type in ('ticket.callback_recorded', 'ticket.poll_answered') then nullif(payload->>'leadUnitId', '')::uuid else unit_id end)`,
      t.type,
      t.createdAt,
    ),
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

/*
 * Ticket numbers (YYYYMMDD + at least six digits) come from one PostgreSQL sequence per China
 * day, `ticket_no_YYYYMMDD`, made by `ticket_no_sequence(day)` (migration 0011): not a table,
 * so a filing never waits on another's commit for its number.
 */

/** One telephone call from the CTI middleware, folded from its events (which may arrive out of order). */
export const callRecords = pgTable(
  'call_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    callId: text('call_id').notNull().unique(),
    direction: text('direction'),
    callerHash: text('caller_hash'),
    callerEnc: text('caller_enc'),
    callerMasked: text('caller_masked'),
    calleeNumber: text('callee_number'),
    queue: text('queue'),
    agentExt: text('agent_ext'),
    agentId: uuid('agent_id').references(() => users.id),
    citizenId: uuid('citizen_id').references(() => citizens.id),
    ringingAt: ts('ringing_at'),
    answeredAt: ts('answered_at'),
    endedAt: ts('ended_at'),
    hangupCause: text('hangup_cause'),
    durationS: integer('duration_s'),
    billsecS: integer('billsec_s'),
    /** Highest number of participants at once: 3 or more is a three-way call. */
    maxParticipants: integer('max_participants').notNull().default(0),
    threeWay: boolean('three_way').notNull().default(false),
    /** participants currently on the call: { legId: role } */
    participants: jsonb('participants')
      .$type<Record<string, { role: string; joinedAt: string; leftAt?: string | null }>>()
      .notNull()
      .default({}),
    recordingUrl: text('recording_url'),
    recordingSha256: text('recording_sha256'),
    /** set once a call that ended unanswered has been called back (or dismissed). */
    callbackDoneAt: ts('callback_done_at'),
    lastSeq: integer('last_seq').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** The transaction that last changed the record (set on every update): the call roll-up's cursor. */
    updatedXid: writerXid('updated_xid'),
  },
  (t) => [
    index('call_records_ringing_idx').on(t.ringingAt),
    index('call_records_updated_xid_idx').on(t.updatedXid),
    index('call_records_caller_idx').on(t.callerHash),
    index('call_records_missed_idx')
      .on(t.endedAt)
      .where(sql`${t.answeredAt} is null and ${t.callbackDoneAt} is null`),
  ],
);

/** A WeChat / Weibo conversation that waits in the triage inbox until it is answered or becomes a ticket. */
export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').notNull(),
    /** The sender's id on the channel (WeChat OpenID, Weibo uid). */
    externalUserId: text('external_user_id').notNull(),
    /** The account that received it (WeChat ToUserName, Weibo receiver_id). */
    accountId: text('account_id'),
    citizenId: uuid('citizen_id').references(() => citizens.id),
    status: text('status').notNull().default('open'),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    lastMessageAt: ts('last_message_at').notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    index('conversations_open_idx').on(t.status, t.lastMessageAt.desc()),
    index('conversations_user_idx').on(t.channel, t.externalUserId),
  ],
);

export const conversationMessages = pgTable(
  'conversation_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id),
    direction: text('direction').notNull(),
    inboundMessageId: uuid('inbound_message_id').references(() => inboundMessages.id),
    kind: text('kind').notNull(),
    content: text('content'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    authorId: uuid('author_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('conversation_messages_conv_idx').on(t.conversationId, t.createdAt),
    uniqueIndex('conversation_messages_inbound_uq').on(t.inboundMessageId),
  ],
);

/** Everything sent to a citizen through a channel; the default provider only records it here. */
export const outboundMessages = pgTable('outbound_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  channel: text('channel').notNull(),
  recipient: text('recipient').notNull(),
  conversationId: uuid('conversation_id').references(() => conversations.id),
  ticketId: uuid('ticket_id').references(() => tickets.id),
  content: text('content').notNull(),
  provider: text('provider').notNull(),
  status: text('status').notNull().default('sent'),
  error: text('error'),
  createdAt: createdAt(),
});

/** Files attached to a ticket (portal images, replies), checked by content before they are kept. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    filename: text('filename').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    data: text('data_base64').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_ticket_idx').on(t.ticketId)],
);

/** Public tracking of portal / Open311 requests: a code to look the ticket up without personal data. */
export const trackingCodes = pgTable('tracking_codes', {
  code: text('code').primaryKey(),
  ticketId: uuid('ticket_id')
    .notNull()
    .unique()
    .references(() => tickets.id),
  /** hash of the query code the citizen got with the tracking number (the tracking page asks for both). */
  queryCodeHash: text('query_code_hash'),
  /** Open311 token of a request not yet turned into a ticket maps here too. */
  open311Token: text('open311_token').unique(),
  createdAt: createdAt(),
});

export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  scope: text('scope').notNull().default('open311'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/** 12340 satisfaction polls: a question set run over a sample of closed tickets. */
export const pollCampaigns = pgTable('poll_campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  questions: jsonb('questions')
    .$type<{ id: string; text: string; kind: 'satisfaction' | 'yes_no' | 'text' }[]>()
    .notNull(),
  periodFrom: ts('period_from').notNull(),
  periodTo: ts('period_to').notNull(),
  sampleSize: integer('sample_size').notNull(),
  status: text('status').notNull().default('open'),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
});

export const pollSamples = pgTable(
  'poll_samples',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => pollCampaigns.id),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => tickets.id),
    status: text('status').notNull().default('pending'),
    answers: jsonb('answers').$type<Record<string, unknown>>(),
    satisfaction: text('satisfaction'),
    answeredBy: uuid('answered_by').references(() => users.id),
    answeredAt: ts('answered_at'),
  },
  (t) => [uniqueIndex('poll_samples_uq').on(t.campaignId, t.ticketId)],
);

/** 派单目录: which unit leads (and which assist) for a category, optionally per district and line. */
export const dispatchRules = pgTable(
  'dispatch_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => categories.id),
    /** null = every district. */
    districtId: uuid('district_id').references(() => units.id),
    /** null = every line. */
    line: text('line'),
    leadUnitId: uuid('lead_unit_id')
      .notNull()
      .references(() => units.id),
    assistingUnitIds: jsonb('assisting_unit_ids').$type<string[]>().notNull().default([]),
    note: text('note'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // One live rule per (category, district, line); a deleted rule keeps its row and history.
    uniqueIndex('dispatch_rules_key_uq')
      .on(
        t.categoryId,
        sql`coalesce(${t.districtId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        sql`coalesce(${t.line}, '')`,
      )
      .where(sql`${t.active}`),
  ],
);

/** Every change to the catalogue: who changed what, when, and the rule as it was after the change. */
export const dispatchRuleVersions = pgTable(
  'dispatch_rule_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => dispatchRules.id),
    version: integer('version').notNull(),
    /** created | updated | deleted */
    change: text('change').notNull(),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    changedBy: uuid('changed_by').references(() => users.id),
    changedByName: text('changed_by_name'),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('dispatch_rule_versions_uq').on(t.ruleId, t.version)],
);

/** Trained routing models (smart suggestion), newest per target in use. */
export const routingModels = pgTable(
  'routing_models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** unit | category */
    target: text('target').notNull(),
    trainedAt: ts('trained_at').notNull(),
    trainingRows: integer('training_rows').notNull(),
    heldoutRows: integer('heldout_rows').notNull(),
    top1: real('top1'),
    top3: real('top3'),
    params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
    /** serializeRouter() output. */
    model: text('model').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('routing_models_target_trained_idx').on(t.target, t.trainedAt.desc())],
);

/** Settings admins change at run time (dispatch thresholds, windows, caps), one JSON value per key. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * One row whose number goes up with every change to the reference data routing reads (units,
 * categories, 派单目录 rules, settings; triggers in migration 0009). A process may keep what it
 * read of that data for as long as the number it reads alongside a ticket is the same.
 */
export const referenceVersion = pgTable(
  'reference_version',
  {
    id: boolean('id').primaryKey().default(true),
    version: bigint('version', { mode: 'number' }).notNull().default(1),
  },
  (t) => [check('reference_version_one_row', sql`${t.id}`)],
);

/** Conditions an admin must act on (e.g. no holiday calendar for next year). Raised once, resolved once. */
export const systemAlerts = pgTable(
  'system_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    /** warning | critical */
    level: text('level').notNull(),
    message: text('message').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    raisedAt: ts('raised_at').notNull().defaultNow(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [
    uniqueIndex('system_alerts_open_uq')
      .on(t.kind, t.key)
      .where(sql`${t.resolvedAt} is null`),
  ],
);

/**
 * 知识库: one row per article, holding its published version. Edits and new articles are
 * proposed as rows of `kb_article_versions` and become current only when the hotline approves.
 */
export const kbArticles = pgTable(
  'kb_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** draft (never published) → published → archived. */
    status: text('status').notNull(),
    title: text('title').notNull(),
    /** Sanitised HTML. */
    bodyHtml: text('body_html').notNull(),
    /** Plain text of the body, for search and snippets. */
    bodyText: text('body_text').notNull(),
    /** Words and CJK bigrams of title and body, space-separated: what the full-text index reads. */
    searchTerms: text('search_terms').notNull().default(''),
    categoryIds: uuid('category_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    ownerUnitId: uuid('owner_unit_id')
      .notNull()
      .references(() => units.id),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    usageCount: integer('usage_count').notNull().default(0),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('kb_articles_search_idx').using('gin', sql`to_tsvector('simple', ${t.searchTerms})`),
    index('kb_articles_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
    index('kb_articles_owner_idx').on(t.ownerUnitId),
  ],
);

/** Every proposed version of an article: pending → approved / rejected, with who and when. */
export const kbArticleVersions = pgTable(
  'kb_article_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    title: text('title').notNull(),
    bodyHtml: text('body_html').notNull(),
    categoryIds: uuid('category_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    expiresOn: date('expires_on', { mode: 'string' }),
    proposedBy: uuid('proposed_by').references(() => users.id),
    proposedByUnitId: uuid('proposed_by_unit_id').references(() => units.id),
    proposedAt: ts('proposed_at').notNull().defaultNow(),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    reviewComment: text('review_comment'),
  },
  (t) => [
    uniqueIndex('kb_article_versions_article_version_uq').on(t.articleId, t.version),
    index('kb_article_versions_status_idx').on(t.status),
  ],
);

/** Each time an agent opens or cites an article (citations carry the ticket). */
export const kbUsage = pgTable(
  'kb_usage',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => kbArticles.id),
    kind: text('kind').notNull(),
    userId: uuid('user_id').references(() => users.id),
    ticketId: uuid('ticket_id').references(() => tickets.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('kb_usage_article_idx').on(t.articleId, t.at)],
);

const counter = (name: string) => integer(name).notNull().default(0);
const bigCounter = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);

/**
 * KPI roll-up per unit and China-time day, kept by the roll-up worker from ticket events
 * (server/src/modules/kpi/kpi-facts.ts says which event adds to which column). Districts and
 * the city are sums over the unit tree. A rebuild recomputes it from the events: both agree.
 */
export const kpiUnitDaily = pgTable(
  'kpi_unit_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    unitId: uuid('unit_id').notNull(),
    /** Work received: dispatched, re-dispatched or passed down to the unit (lead role). */
    received: counter('received'),
    /** Of those, tickets whose caller had another ticket in the 30 days before (重复来电). */
    repeatReceived: counter('repeat_received'),
    signed: counter('signed'),
    signedOnTime: counter('signed_on_time'),
    /** Replies that left the unit (after sign-off where the unit has it). */
    replied: counter('replied'),
    repliedOnTime: counter('replied_on_time'),
    /** Replies the unit marked solved. */
    solved: counter('solved'),
    /** Sum over replies of seconds from the unit receiving the work to its reply. */
    handleSeconds: bigCounter('handle_seconds'),
    returned: counter('returned'),
    /** 重办: a reply rejected in review or an unsatisfied call-back sent the work back. */
    redone: counter('redone'),
    extensionRequested: counter('extension_requested'),
    extensionApproved: counter('extension_approved'),
    /** Call-backs and poll answers about the unit's work, by answer. */
    rated: counter('rated'),
    satisfied: counter('satisfied'),
    basicallySatisfied: counter('basically_satisfied'),
    unsatisfied: counter('unsatisfied'),
    /** Call-backs where the citizen said the matter was solved (解决率 numerator; over `rated`). */
    resolvedRated: counter('resolved_rated'),
    supervisedYellow: counter('supervised_yellow'),
    supervisedRed: counter('supervised_red'),
    breachedSign: counter('breached_sign'),
    breachedReply: counter('breached_reply'),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.unitId] }),
    index('kpi_unit_daily_unit_day_idx').on(t.unitId, t.day),
  ],
);

/** Tickets received per China-time day, line and channel, with the record-quality counts. */
export const kpiChannelDaily = pgTable(
  'kpi_channel_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    line: text('line').notNull(),
    channel: text('channel').notNull(),
    tickets: counter('tickets'),
    /** 即时办结: consultations answered on the spot. */
    answeredOnSpot: counter('answered_on_spot'),
    repeatCallers: counter('repeat_callers'),
    /** Data quality: records complete at registration / registered promptly. */
    dqComplete: counter('dq_complete'),
    dqTimely: counter('dq_timely'),
  },
  (t) => [primaryKey({ columns: [t.day, t.line, t.channel] })],
);

/** Telephone figures per China-time day (by the ringing time) and queue, from the CTI call records. */
export const kpiCallDaily = pgTable(
  'kpi_call_daily',
  {
    day: date('day', { mode: 'string' }).notNull(),
    /** The CTI queue ('' when none). */
    queue: text('queue').notNull(),
    offered: counter('offered'),
    answered: counter('answered'),
    abandoned: counter('abandoned'),
    /** Sum over answered calls of seconds from ringing to answer. */
    waitSeconds: bigCounter('wait_seconds'),
    talkSeconds: bigCounter('talk_seconds'),
    threeWay: counter('three_way'),
  },
  (t) => [primaryKey({ columns: [t.day, t.queue] })],
);

/** Where each roll-up has got to: rows written by transactions below `horizon` are included. */
export const rollupCursors = pgTable('rollup_cursors', {
  name: text('name').primaryKey(),
  horizon: xid8('horizon').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** 考核方案: which KPIs count, weights, floors, tiers, bonus / penalty items, minimum volume. */
export const assessmentSchemes = pgTable('assessment_schemes', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** TAssessmentScheme['config'] (shared/src/supervision/assessment.ts), checked by zod. */
  config: jsonb('config').$type<Record<string, unknown>>().notNull(),
  active: boolean('active').notNull().default(true),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** A scheme's scores for one period (`2018-03`, or a custom `2018-01-01..2018-06-30`), one row per unit. */
export const assessmentResults = pgTable(
  'assessment_results',
  {
    schemeId: uuid('scheme_id')
      .notNull()
      .references(() => assessmentSchemes.id),
    period: text('period').notNull(),
    unitId: uuid('unit_id')
      .notNull()
      .references(() => units.id),
    /** district | department: the tier the unit is scored in. */
    tier: text('tier').notNull(),
    score: doublePrecision('score'),
    /** 1-based rank within the tier; null when below the minimum volume. */
    rank: integer('rank'),
    /** red (best 5) | black (worst 5) | null */
    list: text('list'),
    breakdown: jsonb('breakdown').$type<Record<string, unknown>>().notNull(),
    computedAt: ts('computed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.schemeId, t.period, t.unitId] }),
    index('assessment_results_period_idx').on(t.period, t.schemeId),
  ],
);

/**
 * 热点预警: a count improbably high against its baseline. One row per topic and window: raising
 * the same alert twice is a no-op.
 */
export const hotTopicAlerts = pgTable(
  'hot_topic_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Stable key of the grouped topic, e.g. `phrase:路灯|district:<id>`. */
    topicKey: text('topic_key').notNull(),
    /** hour | day */
    window: text('window').notNull(),
    windowStart: ts('window_start').notNull(),
    label: text('label').notNull(),
    dimensions: jsonb('dimensions').$type<Record<string, unknown>>().notNull(),
    count: integer('count').notNull(),
    baseline: doublePrecision('baseline').notNull(),
    /** e.g. `poisson_tail`; `score` is its value (the tail probability), `threshold` the cut-off. */
    statistic: text('statistic').notNull(),
    score: doublePrecision('score').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    ticketIds: uuid('ticket_ids').array().notNull(),
    /** open | acknowledged | closed */
    status: text('status').notNull().default('open'),
    raisedAt: ts('raised_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hot_topic_alerts_topic_window_uq').on(t.topicKey, t.window, t.windowStart),
    index('hot_topic_alerts_raised_idx').on(t.raisedAt.desc()),
  ],
);

import type { TCallRecordDto, TCallStats, TListCallsQuery } from '@hotline/shared';
import { AppError } from '@hotline/shared';
import { and, desc, eq, gte, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { TUseCaseContext } from '../../app-context';
import { maskPhone } from '../../infra/crypto';
import type { TDb } from '../../infra/db/client';
import { callRecords, citizens, users } from '../../infra/db/schema';
import { foldCtiEvent, type TCallState, type TFoldLookups } from './call-fold';
import type { TCtiEvent } from './cti.schema';

type TCallRow = typeof callRecords.$inferSelect;

/**
 * The digits the citizen hash is taken over: the same rule as a ticket's phone (digits only),
 * with the country code of a mobile number dropped so "+86 138…" finds the "138…" citizen.
 */
export function normalizePhone(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  return digits.length === 13 && digits.startsWith('861') ? digits.slice(2) : digits;
}

/** The caller's number as stored: encrypted, keyed hash, masked. */
export function protectCaller(ctx: Pick<TUseCaseContext, 'pii'>, raw: string) {
  const digits = normalizePhone(raw);
  return { hash: ctx.pii.hash(digits), enc: ctx.pii.encrypt(digits), masked: maskPhone(digits) };
}

/** The agent named by a CTI event: our user id, or the username. */
export async function findAgentId(db: TDb, ref: string): Promise<string | null> {
  const byId = z.uuid().safeParse(ref).success;
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(byId ? eq(users.id, ref) : eq(users.username, ref.toLowerCase()))
    .limit(1);
  return row?.id ?? null;
}

async function lookupsFor(ctx: TUseCaseContext, ev: TCtiEvent): Promise<TFoldLookups> {
  if (ev.type === 'call.ringing') {
    const caller = protectCaller(ctx, ev.caller_number);
    const [citizen] = await ctx.db
      .select({ id: citizens.id })
      .from(citizens)
      .where(eq(citizens.phoneHash, caller.hash))
      .limit(1);
    return { caller, citizenId: citizen?.id ?? null };
  }
  if (ev.type === 'call.answered' && ev.agent_id) return { agentId: await findAgentId(ctx.db, ev.agent_id) };
  return {};
}

/**
 * Folds one CTI event into its call record. The row is created if missing and locked, so
 * concurrent events of one call apply one after the other; the fold rules make the order and
 * repetitions irrelevant.
 */
export async function applyCtiEvent(ctx: TUseCaseContext, ev: TCtiEvent): Promise<TCallRow> {
  const lookups = await lookupsFor(ctx, ev);
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    await tx
      .insert(callRecords)
      .values({ callId: ev.call_id, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: callRecords.callId });
    const [row] = await tx.select().from(callRecords).where(eq(callRecords.callId, ev.call_id)).for('update');
    const state: TCallState = row!;
    const next = foldCtiEvent(state, ev, lookups);
    const [updated] = await tx
      .update(callRecords)
      .set({ ...next, updatedAt: now, updatedXid: sql`pg_current_xact_id()` })
      .where(eq(callRecords.id, row!.id))
      .returning();
    return updated!;
  });
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toDto(r: TCallRow, agentName: string | null): TCallRecordDto {
  return {
    id: r.id,
    callId: r.callId,
    direction: r.direction,
    callerMasked: r.callerMasked,
    queue: r.queue,
    agentExt: r.agentExt,
    agentId: r.agentId,
    agentName,
    ringingAt: iso(r.ringingAt),
    answeredAt: iso(r.answeredAt),
    endedAt: iso(r.endedAt),
    hangupCause: r.hangupCause,
    durationS: r.durationS,
    billsecS: r.billsecS,
    maxParticipants: r.maxParticipants,
    threeWay: r.threeWay,
    hasRecording: r.recordingUrl !== null,
    callbackDoneAt: iso(r.callbackDoneAt),
  };
}

async function selectCalls(db: TDb, where: SQL | undefined, order: SQL, limit: number) {
  const rows = await db
    .select({ call: callRecords, agentName: users.displayName })
    .from(callRecords)
    .leftJoin(users, eq(users.id, callRecords.agentId))
    .where(where)
    .orderBy(order, desc(callRecords.id))
    .limit(limit);
  return rows.map((r) => toDto(r.call, r.agentName));
}

/** When a call started, for periods: ringing if we saw it, else whatever came first. */
const callTime = sql`coalesce(${callRecords.ringingAt}, ${callRecords.answeredAt}, ${callRecords.endedAt}, ${callRecords.createdAt})`;

export async function listCalls(db: TDb, q: TListCallsQuery): Promise<{ items: TCallRecordDto[] }> {
  const conds: SQL[] = [];
  if (q.from) conds.push(sql`${callTime} >= ${new Date(q.from)}`);
  if (q.to) conds.push(sql`${callTime} < ${new Date(q.to)}`);
  if (q.answered)
    conds.push(q.answered === 'true' ? isNotNull(callRecords.answeredAt) : isNull(callRecords.answeredAt));
  if (q.threeWay) conds.push(eq(callRecords.threeWay, q.threeWay === 'true'));
  const items = await selectCalls(
    db,
    conds.length ? and(...conds) : undefined,
    sql`${callTime} desc`,
    q.limit,
  );
  return { items };
}

/** Inbound calls that ended without an answer and have not been called back: the call-back list. */
export async function listMissedCalls(db: TDb, limit = 100): Promise<{ items: TCallRecordDto[] }> {
  const items = await selectCalls(
    db,
    and(
      isNotNull(callRecords.endedAt),
      isNull(callRecords.answeredAt),
      isNull(callRecords.callbackDoneAt),
      or(isNull(callRecords.direction), eq(callRecords.direction, 'inbound')),
    ),
    desc(callRecords.endedAt),
    limit,
  );
  return { items };
}

/** Marks a missed call as called back. Doing it twice keeps the first time. */
export async function markCallbackDone(db: TDb, id: string, now: Date): Promise<TCallRecordDto> {
  await db
    .update(callRecords)
    .set({ callbackDoneAt: now, updatedAt: now, updatedXid: sql`pg_current_xact_id()` })
    .where(and(eq(callRecords.id, id), isNull(callRecords.callbackDoneAt)));
  const [row] = await selectCalls(db, eq(callRecords.id, id), desc(callRecords.id), 1);
  if (!row) throw new AppError('NOT_FOUND', 'No such call');
  return row;
}

/** Calls in [from, to): answered share, average wait to answer, and three-way calls. */
export async function callStats(db: TDb, from: Date, to: Date): Promise<TCallStats> {
  const [row] = await db
    .select({
      calls: sql<number>`count(*)::int`,
      answered: sql<number>`count(${callRecords.answeredAt})::int`,
      avgWait: sql<
        number | null
      >`avg(extract(epoch from (${callRecords.answeredAt} - ${callRecords.ringingAt})))::float8`,
      threeWay: sql<number>`count(*) filter (where ${callRecords.threeWay})::int`,
    })
    .from(callRecords)
    .where(and(gte(callTime, from), lt(callTime, to)));
  const calls = row?.calls ?? 0;
  const answered = row?.answered ?? 0;
  return {
    calls,
    answered,
    answerRate: calls ? Math.round((answered / calls) * 10_000) / 10_000 : 0,
    avgWaitSeconds: row?.avgWait == null ? null : Math.round(row.avgWait * 10) / 10,
    threeWayCalls: row?.threeWay ?? 0,
  };
}

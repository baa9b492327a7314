import {
  AppError,
  isConfidentialLine,
  isTimely,
  missingFields,
  toShanghaiDate,
  ZCreateTicketSchema,
  type TCreateTicketInput,
} from '@hotline/shared';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { maskIdNumber, maskPhone } from '../../../infra/crypto';
import type { TDb, TTx } from '../../../infra/db/client';
import { callRecords, citizens, ticketNoCounters, tickets } from '../../../infra/db/schema';
import { parseInput } from '../../../infra/http/validate';
import type { TActor } from '../../auth/actor';
import type { TTicketRow } from './action-types';
import { recordTicketEvent } from './publish';

/**
 * YYYYMMDD + a six-digit sequence per China day, allocated inside the transaction: a CTE of the
 * ticket's INSERT and the SQL of its number. The counter row stays locked until commit, so the
 * number is taken in the statement that needs it rather than a round trip earlier.
 */
function ticketNoOf(tx: TTx, now: Date) {
  const day = toShanghaiDate(now).replaceAll('-', '');
  const counter = tx.$with('ticket_no').as(
    tx
      .insert(ticketNoCounters)
      .values({ day, last: 1 })
      .onConflictDoUpdate({ target: ticketNoCounters.day, set: { last: sql`${ticketNoCounters.last} + 1` } })
      .returning({ last: ticketNoCounters.last }),
  );
  // lpad cuts a longer string: a millionth ticket of the day keeps all its digits.
  const no = sql<string>`(select ${day} || lpad(last::text, greatest(6, length(last::text)), '0') from ${counter})`;
  return { counter, no };
}

/** The category and district named exist: one round trip for both. */
async function assertKnownReferences(tx: TTx, input: TCreateTicketInput): Promise<void> {
  if (!input.categoryId && !input.districtId) return;
  const res = await tx.execute(sql`select
    ${input.categoryId ? sql`exists (select 1 from categories where id = ${input.categoryId})` : sql`true`} as category,
    ${input.districtId ? sql`exists (select 1 from units where id = ${input.districtId})` : sql`true`} as district`);
  const known = res.rows[0] as { category: boolean; district: boolean };
  if (!known.category)
    throw new AppError('UNPROCESSABLE', 'Unknown category', { fields: { categoryId: ['unknown'] } });
  if (!known.district)
    throw new AppError('UNPROCESSABLE', 'Unknown district', { fields: { districtId: ['unknown'] } });
}

/** Finds or creates the citizen by phone (keyed hash), storing the number only encrypted. */
async function upsertCitizen(
  ctx: TUseCaseContext,
  tx: TTx,
  c: TCreateTicketInput['citizen'],
): Promise<string | null> {
  if (!c || c.anonymous || (!c.phone && !c.idNumber)) return null;
  const idFields = c.idNumber
    ? {
        idNumberEnc: ctx.pii.encrypt(c.idNumber),
        idNumberHash: ctx.pii.hash(c.idNumber),
        idNumberMasked: maskIdNumber(c.idNumber),
      }
    : {};
  if (!c.phone) {
    // Only an ID number (a walk-in or a letter): the same person is found by its keyed hash.
    const [known] = await tx
      .select({ id: citizens.id })
      .from(citizens)
      .where(eq(citizens.idNumberHash, idFields.idNumberHash!))
      .limit(1);
    if (known) return known.id;
    const [row] = await tx
      .insert(citizens)
      .values({ ...idFields, nameEnc: c.name ? ctx.pii.encrypt(c.name) : null })
      .returning({ id: citizens.id });
    return row!.id;
  }
  const phoneHash = ctx.pii.hash(c.phone.replace(/\D/g, ''));
  const res = await tx
    .insert(citizens)
    .values({
      phoneHash,
      phoneEnc: ctx.pii.encrypt(c.phone),
      phoneMasked: maskPhone(c.phone),
      nameEnc: c.name ? ctx.pii.encrypt(c.name) : null,
      ...idFields,
    })
    .onConflictDoUpdate({
      target: citizens.phoneHash,
      set: { phoneHash, ...(c.name ? { nameEnc: ctx.pii.encrypt(c.name) } : {}), ...idFields },
    })
    .returning({ id: citizens.id });
  return res[0]!.id;
}

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
): Promise<{ ticket: TTicketRow; created: boolean }> {
  const input = parseInput(ZCreateTicketSchema, raw);
  const now = ctx.clock();
  if (input.idempotencyKey) {
    const existing = await ticketByIdempotencyKey(ctx.db, input.idempotencyKey);
    if (existing) return { ticket: existing, created: false };
  }
  try {
    const ticket = await ctx.db.transaction(async (tx) => {
      await assertKnownReferences(tx, input);
      const citizenId = await upsertCitizen(ctx, tx, input.citizen);
      // Everything that only reads comes before the day's number: the counter row stays locked
      // until commit, so each round trip after it is time in which concurrent intakes wait.
      const facts = await registrationFacts(tx, input, citizenId, now);
      const ticketNo = ticketNoOf(tx, now);
      const [row] = await tx
        .with(ticketNo.counter)
        .insert(tickets)
        .values({
          no: ticketNo.no,
          line: input.line,
          channel: input.channel,
          type: input.type,
          categoryId: input.categoryId ?? null,
          urgency: input.urgency,
          title: input.title,
          description: input.description,
          address: input.address ?? null,
          districtId: input.districtId ?? null,
          latitude: input.latitude ?? null,
          longitude: input.longitude ?? null,
          confidential: isConfidentialLine(input.line) || Boolean(input.confidential),
          status: input.draft ? 'draft' : 'registered',
          citizenId,
          callId: input.callId ?? null,
          idempotencyKey: input.idempotencyKey ?? null,
          createdBy: actor.kind === 'user' ? actor.id : null,
          createdAt: now,
          updatedAt: now,
          registeredAt: input.draft ? null : now,
        })
        .returning();
      await recordTicketEvent(tx, {
        ticket: row!,
        type: 'ticket.created',
        actor,
        unitId: actor.kind === 'user' ? actor.unitId : null,
        fromStatus: null,
        payload: {
          line: input.line,
          channel: input.channel,
          type: input.type,
          urgency: input.urgency,
          ...facts,
        },
        now,
        newTicket: true,
      });
      return row!;
    });
    return { ticket, created: true };
  } catch (err) {
    // Two retries racing with the same key: the loser returns the winner's ticket.
    const pgCode =
      (err as { code?: string; cause?: { code?: string } }).code ??
      (err as { cause?: { code?: string } }).cause?.code;
    if (input.idempotencyKey && pgCode === '23505') {
      const existing = await ticketByIdempotencyKey(ctx.db, input.idempotencyKey);
      if (existing) return { ticket: existing, created: false };
    }
    throw err;
  }
}

/**
 * What the KPIs need to know about a new ticket, fixed when it is filed: whether the caller had
 * another ticket in the 30 days before (重复来电) and the record's data quality. Read before the
 * ticket is inserted, so every ticket of the caller found is another one.
 */
async function registrationFacts(
  tx: TTx,
  input: TCreateTicketInput,
  citizenId: string | null,
  now: Date,
): Promise<{ repeatCaller: boolean; complete: boolean; timely: boolean }> {
  const earlier = citizenId
    ? await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(
          and(
            eq(tickets.citizenId, citizenId),
            gte(tickets.createdAt, new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000)),
          ),
        )
        .limit(1)
    : [];
  const [call] = input.callId
    ? await tx
        .select({ answeredAt: callRecords.answeredAt })
        .from(callRecords)
        .where(eq(callRecords.callId, input.callId))
    : [];
  return {
    repeatCaller: earlier.length > 0,
    complete:
      missingFields({
        channel: input.channel,
        type: input.type,
        title: input.title,
        description: input.description,
        categoryId: input.categoryId ?? null,
        districtId: input.districtId ?? null,
        address: input.address ?? null,
        hasCitizen: Boolean(citizenId),
      }).length === 0,
    timely: isTimely(now, call?.answeredAt ?? null),
  };
}

/** A caller's tickets within this many days of each other make a repeat call (重复来电). */
export const REPEAT_WINDOW_DAYS = 30;

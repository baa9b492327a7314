import {
  AppError,
  isConfidentialLine,
  isTimely,
  missingFields,
  toShanghaiDate,
  ZCreateTicketSchema,
  type TCreateTicketInput,
} from '@hotline/shared';
import { and, eq, gte, ne, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { maskIdNumber, maskPhone } from '../../../infra/crypto';
import type { TTx } from '../../../infra/db/client';
import { callRecords, categories, citizens, tickets, units } from '../../../infra/db/schema';
import { parseInput } from '../../../infra/http/validate';
import type { TActor } from '../../auth/actor';
import type { TTicketRow } from './action-types';
import { recordTicketEvent } from './publish';

/** YYYYMMDD + a six-digit sequence per China day, allocated inside the transaction. */
async function nextTicketNo(tx: TTx, now: Date): Promise<string> {
  const day = toShanghaiDate(now).replaceAll('-', '');
  const res = await tx.execute(sql`
    insert into ticket_no_counters (day, last) values (${day}, 1)
    on conflict (day) do update set last = ticket_no_counters.last + 1
    returning last`);
  return `${day}${String((res.rows[0] as { last: number }).last).padStart(6, '0')}`;
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
    const [existing] = await ctx.db
      .select()
      .from(tickets)
      .where(eq(tickets.idempotencyKey, input.idempotencyKey));
    if (existing) return { ticket: existing, created: false };
  }
  try {
    const ticket = await ctx.db.transaction(async (tx) => {
      if (input.categoryId) {
        const [cat] = await tx
          .select({ id: categories.id })
          .from(categories)
          .where(eq(categories.id, input.categoryId));
        if (!cat)
          throw new AppError('UNPROCESSABLE', 'Unknown category', { fields: { categoryId: ['unknown'] } });
      }
      if (input.districtId) {
        const [d] = await tx.select({ id: units.id }).from(units).where(eq(units.id, input.districtId));
        if (!d)
          throw new AppError('UNPROCESSABLE', 'Unknown district', { fields: { districtId: ['unknown'] } });
      }
      const citizenId = await upsertCitizen(ctx, tx, input.citizen);
      const [row] = await tx
        .insert(tickets)
        .values({
          no: await nextTicketNo(tx, now),
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
          ...(await registrationFacts(tx, row!, input.callId ?? null, now)),
        },
        now,
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
      const [existing] = await ctx.db
        .select()
        .from(tickets)
        .where(eq(tickets.idempotencyKey, input.idempotencyKey));
      if (existing) return { ticket: existing, created: false };
    }
    throw err;
  }
}

/**
 * What the KPIs need to know about a new ticket, fixed when it is filed: whether the caller had
 * another ticket in the 30 days before (重复来电) and the record's data quality.
 */
async function registrationFacts(
  tx: TTx,
  t: TTicketRow,
  callId: string | null,
  now: Date,
): Promise<{ repeatCaller: boolean; complete: boolean; timely: boolean }> {
  const earlier = t.citizenId
    ? await tx
        .select({ id: tickets.id })
        .from(tickets)
        .where(
          and(
            eq(tickets.citizenId, t.citizenId),
            ne(tickets.id, t.id),
            gte(tickets.createdAt, new Date(now.getTime() - REPEAT_WINDOW_DAYS * 86_400_000)),
          ),
        )
        .limit(1)
    : [];
  const [call] = callId
    ? await tx
        .select({ answeredAt: callRecords.answeredAt })
        .from(callRecords)
        .where(eq(callRecords.callId, callId))
    : [];
  return {
    repeatCaller: earlier.length > 0,
    complete:
      missingFields({
        channel: t.channel,
        type: t.type,
        title: t.title,
        description: t.description,
        categoryId: t.categoryId,
        districtId: t.districtId,
        address: t.address,
        hasCitizen: Boolean(t.citizenId),
      }).length === 0,
    timely: isTimely(now, call?.answeredAt ?? null),
  };
}

/** A caller's tickets within this many days of each other make a repeat call (重复来电). */
export const REPEAT_WINDOW_DAYS = 30;

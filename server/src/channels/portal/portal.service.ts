import type { ZPortalSubmitSchema } from '@hotline/shared';
import { AppError } from '@hotline/shared';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type { TUseCaseContext } from '../../app-context';
import { attachments, categories, inboundMessages, trackingCodes } from '../../infra/db/schema';
import { createTicket } from '../../modules/tickets/use-cases/create-ticket';
import { storeInbound, type TInboundRow } from '../inbound';
import { PORTAL_ACTOR, ZStoredPortalMessage, type TStoredPortalMessage } from './portal.schema';
import type { TCheckedImage } from './uploads';

export type TPortalSubmit = z.infer<typeof ZPortalSubmitSchema>;
export type TPortalSubmitResult = { trackingNo: string | null; queryCode: string; pending?: boolean };

/** Category groups the portal does not take: 12388 discipline reports and 12340 polls. */
export const PORTAL_EXCLUDED_GROUPS = ['12', '13'];

function isExcludedCode(code: string): boolean {
  return PORTAL_EXCLUDED_GROUPS.some((g) => code.startsWith(g));
}

/** A citizen may pick only an active leaf category outside the excluded groups. */
export async function assertPortalCategory(ctx: TUseCaseContext, categoryId: string | undefined) {
  if (!categoryId) return;
  const [cat] = await ctx.db.select().from(categories).where(eq(categories.id, categoryId));
  if (!cat || !cat.active || !cat.isLeaf || isExcludedCode(cat.code))
    throw new AppError('VALIDATION_FAILED', '请选择有效的诉求分类', {
      fields: { categoryId: ['unknown category'] },
    });
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** What a retried submit (same Idempotency-Key) answers: the first request's tracking number and code. */
async function answerDuplicate(ctx: TUseCaseContext, row: TInboundRow, phoneHash: string) {
  const stored = ZStoredPortalMessage.parse(JSON.parse(row.body));
  // The key alone must not reveal someone else's query code: the phone has to match too.
  if (!sameHash(stored.phoneHash, phoneHash))
    throw new AppError('CONFLICT', '该请求编号已被使用', { fields: { 'Idempotency-Key': ['already used'] } });
  return finish(ctx, row, stored);
}

async function finish(
  ctx: TUseCaseContext,
  row: TInboundRow,
  stored: TStoredPortalMessage,
): Promise<TPortalSubmitResult> {
  const queryCode = ctx.pii.decrypt(stored.queryCodeEnc);
  try {
    return { trackingNo: await createPortalTicket(ctx, row), queryCode };
  } catch (err) {
    // Stored already: the intake job (queued with the message) files the ticket once it can.
    ctx.logger.error({ err, inboundId: row.id }, 'portal ticket not created at once; left to intake');
    return { trackingNo: null, queryCode, pending: true };
  }
}

/**
 * Accepts a checked portal request: stores it (images as attachments, contact data encrypted),
 * then files the ticket at once so the citizen leaves with a tracking number. A retry with the same
 * idempotency key returns the first answer and files nothing new.
 */
export async function submitPortalRequest(
  ctx: TUseCaseContext,
  input: TPortalSubmit,
  images: TCheckedImage[],
  externalId: string,
): Promise<TPortalSubmitResult> {
  const phoneHash = ctx.pii.hash(input.phone.replace(/\D/g, ''));
  const [existing] = await ctx.db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channel, 'web'), eq(inboundMessages.externalId, externalId)));
  if (existing) return answerDuplicate(ctx, existing, phoneHash);

  const now = ctx.clock();
  const attachmentIds = images.length
    ? (
        await ctx.db
          .insert(attachments)
          .values(
            images.map(({ dataBase64, ...img }) => ({
              ...img,
              data: dataBase64,
              ticketId: null,
              createdAt: now,
            })),
          )
          .returning({ id: attachments.id })
      ).map((a) => a.id)
    : [];
  const queryCode = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const description = input.description;
  const stored: TStoredPortalMessage = {
    v: 1,
    line: input.line,
    type: input.type,
    categoryId: input.categoryId ?? null,
    title: input.title || description.replace(/\s+/g, ' ').slice(0, 30),
    description,
    address: input.address,
    phoneEnc: ctx.pii.encrypt(input.phone),
    phoneHash,
    nameEnc: input.name ? ctx.pii.encrypt(input.name) : null,
    queryCodeEnc: ctx.pii.encrypt(queryCode),
    queryCodeHash: ctx.pii.hash(queryCode),
    attachmentIds,
  };
  const { row, duplicate } = await storeInbound(ctx.db, {
    channel: 'web',
    externalId,
    headers: { source: 'portal', images: images.length },
    body: JSON.stringify(stored),
    now,
  });
  if (duplicate) {
    // A concurrent retry won the race: our copies of the images are not needed.
    if (attachmentIds.length) await ctx.db.delete(attachments).where(inArray(attachments.id, attachmentIds));
    return answerDuplicate(ctx, row, phoneHash);
  }
  return finish(ctx, row, stored);
}

/**
 * Files the ticket of a stored portal message (channel web, by the portal's system actor) and
 * links its tracking code and images. Safe to run twice and concurrently: the ticket's idempotency
 * key is derived from the message, and every link is written only if missing.
 */
export async function createPortalTicket(ctx: TUseCaseContext, row: TInboundRow): Promise<string> {
  const stored = ZStoredPortalMessage.parse(JSON.parse(row.body));
  let categoryId = stored.categoryId;
  if (categoryId) {
    const [cat] = await ctx.db
      .select({ id: categories.id })
      .from(categories)
      .where(eq(categories.id, categoryId));
    // removed since the citizen picked it: the dispatcher categorises instead
    if (!cat) categoryId = null;
  }
  const { ticket } = await createTicket(ctx, PORTAL_ACTOR, {
    line: stored.line,
    channel: 'web',
    type: stored.type,
    ...(categoryId ? { categoryId } : {}),
    urgency: 'normal',
    title: stored.title,
    description: stored.description,
    address: stored.address,
    citizen: {
      phone: ctx.pii.decrypt(stored.phoneEnc),
      ...(stored.nameEnc ? { name: ctx.pii.decrypt(stored.nameEnc) } : {}),
    },
    idempotencyKey: `web:${row.externalId}`,
  });
  await ctx.db.transaction(async (tx) => {
    await tx
      .insert(trackingCodes)
      .values({ code: ticket.no, ticketId: ticket.id, queryCodeHash: stored.queryCodeHash })
      .onConflictDoNothing();
    if (stored.attachmentIds.length)
      await tx
        .update(attachments)
        .set({ ticketId: ticket.id })
        .where(and(inArray(attachments.id, stored.attachmentIds), isNull(attachments.ticketId)));
    await tx
      .update(inboundMessages)
      .set({ ticketId: ticket.id, status: 'processed', processedAt: ctx.clock(), error: null })
      .where(eq(inboundMessages.id, row.id));
  });
  return ticket.no;
}

import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TAppContext, TUseCaseContext } from '../../app-context';
import { apiKeys, inboundMessages, trackingCodes } from '../../infra/db/schema';
import type { TSystemActor } from '../../modules/auth/actor';
import { createTicket } from '../../modules/tickets/use-cases/create-ticket';
import { storeInbound, type TInboundRow } from '../inbound';
import type { TSubmission } from './open311-input';
import { defaultTypeOf, findService, type TService } from './open311-services';

/** Who creates Open311 tickets in the timeline. */
export const SYSTEM_OPEN311: TSystemActor = { kind: 'system', name: 'Open311' };
export const OPEN311_CHANNEL = 'open311';
export const SERVICE_NOTICE = '12345热线已受理，将按规定时限派单办理，可凭工单号查询办理进度。';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * An API key is valid if it is one of OPEN311_API_KEYS or an active `open311` row of api_keys
 * (stored as its sha256). Returns a label for the key (never the key itself) or null.
 */
export async function verifyApiKey(ctx: TAppContext, key: string | undefined): Promise<string | null> {
  if (!key || key.length > 200) return null;
  const hash = Buffer.from(sha256(key), 'hex');
  const configured = (ctx.config.OPEN311_API_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  for (const [i, k] of configured.entries())
    if (timingSafeEqual(hash, Buffer.from(sha256(k), 'hex'))) return `env#${i + 1}`;
  const [row] = await ctx.db
    .select({ id: apiKeys.id, name: apiKeys.name })
    .from(apiKeys)
    .where(
      and(eq(apiKeys.keyHash, hash.toString('hex')), eq(apiKeys.active, true), eq(apiKeys.scope, 'open311')),
    );
  return row ? `api_keys:${row.name}` : null;
}

/**
 * The token of a request: random, or — when the client sends an Idempotency-Key — derived from
 * that key and the API key, so a retry finds the first request and two clients never collide.
 */
export function tokenFor(apiKeyLabel: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return randomUUID();
  const h = sha256(`open311\n${apiKeyLabel}\n${idempotencyKey}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** What is stored (encrypted: it holds the citizen's name, phone and email) as the inbound body. */
const ZStoredRequest = z.object({
  v: z.literal(1),
  token: z.string(),
  submission: z.custom<TSubmission>((v) => typeof v === 'object' && v !== null),
});

/**
 * Accepts a validated request: stores it first (keyed by its token, so a retry is the same
 * message), then creates the ticket right away so the client gets its service_request_id. If
 * that fails the stored message is still there and the intake job creates the ticket later
 * (same idempotency key): the client gets the token to ask for the id.
 */
export async function acceptRequest(
  ctx: TAppContext,
  m: {
    submission: TSubmission;
    apiKeyLabel: string;
    idempotencyKey?: string;
    headers: Record<string, unknown>;
  },
): Promise<{ token: string; serviceRequestId: string | null }> {
  const token = tokenFor(m.apiKeyLabel, m.idempotencyKey);
  const body = ctx.pii.encrypt(JSON.stringify({ v: 1, token, submission: m.submission }));
  const { row } = await storeInbound(ctx.db, {
    channel: OPEN311_CHANNEL,
    externalId: token,
    headers: {
      ...m.headers,
      // Not personal: kept in clear so GET requests can show them without decrypting.
      open311: {
        apiKey: m.apiKeyLabel,
        mediaUrl: m.submission.mediaUrl,
        addressId: m.submission.addressId,
        coordSystem: m.submission.coordSystem,
        encrypted: true,
      },
    },
    body,
    now: ctx.clock(),
  });
  try {
    const ticketNo = await materialiseRequest(ctx, row);
    await ctx.db
      .update(inboundMessages)
      .set({ status: 'processed', processedAt: ctx.clock(), error: null })
      .where(eq(inboundMessages.id, row.id));
    return { token, serviceRequestId: ticketNo };
  } catch (err) {
    ctx.logger.warn({ err, inboundId: row.id }, 'open311 ticket not created now; the intake job will retry');
    return { token, serviceRequestId: null };
  }
}

function ticketText(s: TSubmission, service: TService) {
  const text = s.description ?? service.name;
  const extra = [
    s.addressId && !s.addressString ? `地址编号 address_id: ${s.addressId}` : null,
    s.mediaUrl ? `图片 media_url: ${s.mediaUrl}` : null,
  ].filter(Boolean);
  const description = [text, ...extra].join('\n');
  const head = text.replace(/\s+/g, ' ').slice(0, 40);
  return { title: head === service.name ? service.name : `${service.name}：${head}`, description };
}

function citizenName(s: TSubmission): string | undefined {
  const parts = [s.lastName, s.firstName].filter((x): x is string => Boolean(x));
  if (parts.length === 0) return undefined;
  // Chinese names are family name first, without a space; Latin ones the other way round.
  return /[\u4e00-\u9fff]/.test(parts.join('')) ? parts.join('') : parts.reverse().join(' ');
}

/**
 * Turns a stored Open311 message into its ticket and tracking code. Safe to run any number of
 * times and concurrently (the sync path and the intake job): the ticket's idempotency key is
 * the token, the tracking code and the message's ticket link are written only once.
 */
export async function materialiseRequest(ctx: TUseCaseContext, row: TInboundRow): Promise<string> {
  const stored = ZStoredRequest.parse(JSON.parse(ctx.pii.decrypt(row.body)));
  const s = stored.submission;
  const service = await findService(ctx.db, s.serviceCode);
  if (!service) throw new Error(`open311 service ${s.serviceCode} no longer exists`);
  const { title, description } = ticketText(s, service);
  const { ticket } = await createTicket(ctx, SYSTEM_OPEN311, {
    line: '12345',
    channel: OPEN311_CHANNEL,
    type: s.attributes.request_type ?? defaultTypeOf(service),
    urgency: s.attributes.urgency ?? 'normal',
    categoryId: service.categoryId,
    title,
    description,
    address: s.addressString ?? undefined,
    latitude: s.lat ?? undefined,
    longitude: s.long ?? undefined,
    citizen: s.phone ? { phone: s.phone, name: citizenName(s) } : undefined,
    idempotencyKey: `open311:${stored.token}`,
  });
  await ctx.db
    .insert(trackingCodes)
    .values({ code: ticket.no, ticketId: ticket.id, open311Token: stored.token })
    .onConflictDoNothing();
  await ctx.db.update(inboundMessages).set({ ticketId: ticket.id }).where(eq(inboundMessages.id, row.id));
  return ticket.no;
}

/** GET tokens/{token}: the request id once the ticket exists, null while it does not, 404 if unknown. */
export async function lookupToken(
  ctx: TUseCaseContext,
  token: string,
): Promise<{ serviceRequestId: string | null } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(token)) return null;
  const [code] = await ctx.db
    .select({ code: trackingCodes.code })
    .from(trackingCodes)
    .where(eq(trackingCodes.open311Token, token.toLowerCase()));
  if (code) return { serviceRequestId: code.code };
  const [row] = await ctx.db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(
      and(eq(inboundMessages.channel, OPEN311_CHANNEL), eq(inboundMessages.externalId, token.toLowerCase())),
    );
  return row ? { serviceRequestId: null } : null;
}

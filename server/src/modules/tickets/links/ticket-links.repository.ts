import type {
  TLinkedTicketView,
  TTicketAttachmentView,
  TTicketCallView,
  TTicketDetail,
} from '@hotline/shared';
import { CONFIDENTIAL_TITLE } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TDbOrTx } from '../../../infra/db/client';
import type { TUserActor } from '../../auth/actor';
import { readsConfidential, visibleTicketsCondition } from '../ticket-visibility';

type TRow = Record<string, unknown>;
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/**
 * The call the ticket was registered from. `hideContent` (a 12388 report read by someone who may
 * only know it exists) keeps when and who answered, never the caller or the recording; the
 * recording is for hotline staff only either way.
 */
export async function ticketCalls(
  db: TDbOrTx,
  callId: string | null,
  opts: { hideContent: boolean; recordings: boolean },
): Promise<TTicketCallView[]> {
  if (!callId) return [];
  const res = await db.execute(sql`
    select cr.*, u.display_name as agent_name
    from call_records cr left join users u on u.id = cr.agent_id
    where cr.call_id = ${callId}
    order by coalesce(cr.ringing_at, cr.answered_at, cr.created_at) asc`);
  return (res.rows as TRow[]).map((r) => ({
    id: r.id as string,
    callId: r.call_id as string,
    direction: (r.direction as string) ?? null,
    callerMasked: opts.hideContent ? null : ((r.caller_masked as string) ?? null),
    agentName: (r.agent_name as string) ?? null,
    agentExt: (r.agent_ext as string) ?? null,
    ringingAt: iso(r.ringing_at),
    answeredAt: iso(r.answered_at),
    endedAt: iso(r.ended_at),
    durationS: num(r.duration_s),
    billsecS: num(r.billsec_s),
    threeWay: Boolean(r.three_way),
    recordingUrl: opts.recordings && !opts.hideContent ? ((r.recording_url as string) ?? null) : null,
  }));
}

export const attachmentPath = (ticketId: string, attachmentId: string) =>
  `/api/v1/tickets/${ticketId}/attachments/${attachmentId}`;

/** The files of a ticket, oldest first; never their bytes. */
export async function ticketAttachments(db: TDbOrTx, ticketId: string): Promise<TTicketAttachmentView[]> {
  const res = await db.execute(sql`
    select id, filename, mime_type, size_bytes, created_at from attachments
    where ticket_id = ${ticketId} order by created_at asc, filename asc, id asc`);
  return (res.rows as TRow[]).map((r) => ({
    id: r.id as string,
    filename: r.filename as string,
    mimeType: r.mime_type as string,
    sizeBytes: Number(r.size_bytes),
    createdAt: iso(r.created_at)!,
    downloadUrl: attachmentPath(ticketId, r.id as string),
  }));
}

/** One attachment with its bytes, only if it belongs to that ticket. */
export async function attachmentFile(
  db: TDbOrTx,
  ticketId: string,
  attachmentId: string,
): Promise<{ filename: string; mimeType: string; data: Buffer } | null> {
  const res = await db.execute(sql`
    select filename, mime_type, data_base64 from attachments
    where id = ${attachmentId} and ticket_id = ${ticketId}`);
  const r = res.rows[0] as TRow | undefined;
  if (!r) return null;
  return {
    filename: r.filename as string,
    mimeType: r.mime_type as string,
    data: Buffer.from(r.data_base64 as string, 'base64'),
  };
}

/**
 * The parent this ticket was merged into and the tickets merged into it, as far as this reader
 * may see them (a unit may hold the child but not the parent); 12388 titles stay masked.
 */
export async function mergeLinks(
  db: TDbOrTx,
  actor: TUserActor,
  ticket: Pick<TTicketDetail, 'id' | 'parentId'>,
): Promise<{ parent: TLinkedTicketView | null; children: TLinkedTicketView[] }> {
  const parentCond = ticket.parentId ? sql`t.id = ${ticket.parentId} or ` : sql``;
  const res = await db.execute(sql`
    select t.id, t.no, t.title, t.status, t.created_at, t.confidential, t.parent_id from tickets t
    where (${parentCond}t.parent_id = ${ticket.id}) and ${visibleTicketsCondition(actor)}
    order by t.created_at asc, t.id asc`);
  const views = (res.rows as TRow[]).map((r) => ({
    parentOfThis: r.id === ticket.parentId,
    view: {
      id: r.id as string,
      no: r.no as string,
      title: r.confidential && !readsConfidential(actor) ? CONFIDENTIAL_TITLE : (r.title as string),
      status: r.status as TLinkedTicketView['status'],
      createdAt: iso(r.created_at)!,
    },
  }));
  return {
    parent: views.find((v) => v.parentOfThis)?.view ?? null,
    children: views.filter((v) => !v.parentOfThis).map((v) => v.view),
  };
}

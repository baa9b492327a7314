import { decodeKeysetCursor, encodeKeysetCursor } from '../../infra/http/keyset-cursor';
import {
  AppError,
  CONFIDENTIAL_TITLE,
  rooms,
  type TCitizenTicket,
  type TConversationDetailResponse,
  type TConversationListResponse,
  type TConversationMessage,
  type TConversationSummary,
  type TListConversationsQuery,
} from '@hotline/shared';
import { eq, sql, type SQL } from 'drizzle-orm';
import { queueRealtime } from '../../channels/inbound';
import type { TDbOrTx } from '../../infra/db/client';
import { conversations } from '../../infra/db/schema';
import type { TUserActor } from '../auth/actor';
import { readsConfidential, visibleTicketsCondition } from '../tickets/ticket-visibility';

export type TConversationRow = typeof conversations.$inferSelect;

type TRow = Record<string, unknown>;
const iso = (v: unknown) => new Date(v as string).toISOString();

/**
 * The inbox columns of alias `c`: counts and the last message come from the conversation's own
 * messages (indexed by conversation and time), so a page costs one index range per row.
 */
const SUMMARY_SELECT = sql`
  select c.id, c.channel, c.external_user_id, c.status, c.last_message_at, c.created_at, c.ticket_id,
    t.no as ticket_no, coalesce(t.confidential, false) as confidential,
    (select count(*) from conversation_messages m where m.conversation_id = c.id and m.direction <> 'note')
      as message_count,
    (select count(*) from conversation_messages m where m.conversation_id = c.id and m.direction = 'in'
      and m.created_at > coalesce((select max(o.created_at) from conversation_messages o
        where o.conversation_id = c.id and o.direction = 'out'), '-infinity'::timestamptz)) as unanswered_count,
    lm.direction as preview_direction, lm.kind as preview_kind, lm.content as preview_content,
    lm.created_at as preview_at
  from conversations c
  left join tickets t on t.id = c.ticket_id
  left join lateral (
    select m.direction, m.kind, m.content, m.created_at from conversation_messages m
    where m.conversation_id = c.id and m.direction <> 'note'
    order by m.created_at desc, m.id desc limit 1
  ) lm on true`;

/** A conversation that became a 12388 report says what the report says: only its readers see it. */
function hidesContent(actor: TUserActor, r: TRow): boolean {
  return Boolean(r.confidential) && !readsConfidential(actor);
}

function toSummary(actor: TUserActor, r: TRow): TConversationSummary {
  const redacted = hidesContent(actor, r);
  return {
    id: r.id as string,
    channel: r.channel as TConversationSummary['channel'],
    externalUserId: r.external_user_id as string,
    status: r.status as TConversationSummary['status'],
    lastMessageAt: iso(r.last_message_at),
    createdAt: iso(r.created_at),
    messageCount: Number(r.message_count),
    unansweredCount: Number(r.unanswered_count),
    preview: r.preview_at
      ? {
          direction: r.preview_direction as 'in' | 'out',
          kind: r.preview_kind as string,
          content: redacted ? null : ((r.preview_content as string | null) ?? null),
          at: iso(r.preview_at),
        }
      : null,
    ticketId: (r.ticket_id as string) ?? null,
    ticketNo: (r.ticket_no as string) ?? null,
    redacted,
  };
}

/** The triage inbox: newest citizen activity first, keyset-paginated (never OFFSET). */
export async function listConversations(
  db: TDbOrTx,
  actor: TUserActor,
  q: TListConversationsQuery,
): Promise<TConversationListResponse> {
  const where: SQL[] = [sql`c.status = ${q.status}`];
  if (q.channel) where.push(sql`c.channel = ${q.channel}`);
  if (q.cursor) {
    const [at, id] = decodeKeysetCursor(q.cursor);
    where.push(sql`(c.last_message_at, c.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const res = await db.execute(sql`${SUMMARY_SELECT}
    where ${sql.join(where, sql` and `)}
    order by c.last_message_at desc, c.id desc limit ${q.limit + 1}`);
  const rows = res.rows as TRow[];
  const items = rows.slice(0, q.limit).map((r) => toSummary(actor, r));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > q.limit && last ? encodeKeysetCursor(last.lastMessageAt, last.id) : null,
  };
}

export async function getConversationSummary(
  db: TDbOrTx,
  actor: TUserActor,
  id: string,
): Promise<TConversationSummary> {
  const res = await db.execute(sql`${SUMMARY_SELECT} where c.id = ${id}`);
  const r = res.rows[0] as TRow | undefined;
  if (!r) throw new AppError('NOT_FOUND', 'Conversation not found');
  return toSummary(actor, r);
}

async function getMessages(db: TDbOrTx, id: string, redacted: boolean): Promise<TConversationMessage[]> {
  const res = await db.execute(sql`
    select m.id, m.direction, m.kind, m.content, m.data, m.created_at, u.display_name as author_name
    from conversation_messages m left join users u on u.id = m.author_id
    where m.conversation_id = ${id}
    order by m.created_at asc, m.id asc`);
  return (res.rows as TRow[]).map((r) => ({
    id: r.id as string,
    direction: r.direction as TConversationMessage['direction'],
    kind: r.kind as string,
    content: redacted ? null : ((r.content as string | null) ?? null),
    data: redacted ? {} : ((r.data as Record<string, unknown>) ?? {}),
    authorName: (r.author_name as string) ?? null,
    createdAt: iso(r.created_at),
  }));
}

/**
 * The channel user's other conversations and every ticket known to be theirs: those their
 * conversations became, and those of the citizen record carrying their OpenID / Weibo uid.
 */
async function getHistory(
  db: TDbOrTx,
  actor: TUserActor,
  c: TConversationSummary,
): Promise<TConversationDetailResponse['history']> {
  const idColumn = c.channel === 'wechat' ? sql`ci.wechat_openid` : sql`ci.weibo_uid`;
  const [convs, tickets] = await Promise.all([
    db.execute(sql`${SUMMARY_SELECT}
      where c.channel = ${c.channel} and c.external_user_id = ${c.externalUserId} and c.id <> ${c.id}
      order by c.last_message_at desc, c.id desc limit 20`),
    db.execute(sql`
      select t.id, t.no, t.title, t.status, t.channel, t.confidential, t.created_at from tickets t
      where (t.id in (select hc.ticket_id from conversations hc
                      where hc.channel = ${c.channel} and hc.external_user_id = ${c.externalUserId})
          or t.citizen_id in (select ci.id from citizens ci where ${idColumn} = ${c.externalUserId}))
        and ${visibleTicketsCondition(actor)}
      order by t.created_at desc, t.id desc limit 20`),
  ]);
  return {
    conversations: (convs.rows as TRow[]).map((r) => toSummary(actor, r)),
    tickets: (tickets.rows as TRow[]).map((r): TCitizenTicket => ({
      id: r.id as string,
      no: r.no as string,
      title: hidesContent(actor, r) ? CONFIDENTIAL_TITLE : (r.title as string),
      status: r.status as TCitizenTicket['status'],
      channel: r.channel as TCitizenTicket['channel'],
      confidential: Boolean(r.confidential),
      createdAt: iso(r.created_at),
    })),
  };
}

export async function getConversationDetail(
  db: TDbOrTx,
  actor: TUserActor,
  id: string,
): Promise<TConversationDetailResponse> {
  const conversation = await getConversationSummary(db, actor, id);
  const [messages, history] = await Promise.all([
    getMessages(db, id, conversation.redacted),
    getHistory(db, actor, conversation),
  ]);
  return { conversation, messages, history };
}

/** Locks the conversation for a state change (reply, convert, close); 404 when there is none. */
export async function lockConversation(tx: TDbOrTx, id: string): Promise<TConversationRow> {
  const [row] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
  if (!row) throw new AppError('NOT_FOUND', 'Conversation not found');
  return row;
}

/** Every agent's triage inbox refreshes the conversation: ids only on the wire. */
export async function announceConversation(tx: TDbOrTx, c: TConversationRow, at: Date): Promise<void> {
  await queueRealtime(
    tx,
    {
      rooms: [rooms.hotline],
      event: 'conversation.updated',
      data: { conversationId: c.id, channel: c.channel, at: at.toISOString() },
    },
    c.id,
  );
}

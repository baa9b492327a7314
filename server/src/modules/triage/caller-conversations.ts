import type { TCallConversation, TConversationChannel } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';

/** The pop is a glance: a few conversations and the start of the last message. */
const LIMIT = 5;
const PREVIEW_CHARS = 60;

export type TCitizenIdentities = {
  id: string;
  wechatOpenId: string | null;
  weiboUid: string | null;
};

/**
 * A caller's WeChat / Weibo conversations still open in triage, newest first. A new conversation
 * carries only the sender's OpenID / uid (the citizen record is tied on conversion), so they are
 * found through the identities the citizen record holds as well as through `citizen_id`.
 * Open conversations are never linked to a ticket, so nothing here is a 12388 report's content.
 */
export async function openConversationsOf(
  db: TDbOrTx,
  citizen: TCitizenIdentities,
): Promise<TCallConversation[]> {
  const res = await db.execute(sql`
    select c.id, c.channel, c.last_message_at, lm.kind as last_kind, lm.content as last_content,
      (select count(*) from conversation_messages m where m.conversation_id = c.id and m.direction = 'in'
        and m.created_at > coalesce((select max(o.created_at) from conversation_messages o
          where o.conversation_id = c.id and o.direction = 'out'), '-infinity'::timestamptz)) as unanswered
    from conversations c
    left join lateral (
      select m.kind, m.content from conversation_messages m
      where m.conversation_id = c.id and m.direction = 'in'
      order by m.created_at desc, m.id desc limit 1
    ) lm on true
    where c.status = 'open'
      and (c.citizen_id = ${citizen.id}
        or (c.channel = 'wechat' and c.external_user_id = ${citizen.wechatOpenId ?? null})
        or (c.channel = 'weibo' and c.external_user_id = ${citizen.weiboUid ?? null}))
    order by c.last_message_at desc, c.id desc
    limit ${LIMIT}`);
  return (
    res.rows as {
      id: string;
      channel: TConversationChannel;
      last_message_at: Date | string;
      last_kind: string | null;
      last_content: string | null;
      unanswered: string | number;
    }[]
  ).map((r) => ({
    id: r.id,
    channel: r.channel,
    lastMessageAt: new Date(r.last_message_at).toISOString(),
    unansweredCount: Number(r.unanswered),
    preview: r.last_kind === 'text' && r.last_content ? shorten(r.last_content) : null,
  }));
}

function shorten(text: string): string {
  const chars = [...text.trim()];
  return chars.length > PREVIEW_CHARS ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : chars.join('');
}

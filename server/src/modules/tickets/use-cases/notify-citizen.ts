import { eq } from 'drizzle-orm';
import { outboundProvider } from '../../../channels/outbound';
import type { TTx } from '../../../infra/db/client';
import type { TPiiCipher } from '../../../infra/crypto';
import { citizens } from '../../../infra/db/schema';
import type { TTicketRow } from './action-types';

/**
 * Tells the citizen about their ticket through the channel they came by: WeChat and Weibo
 * through their account, everyone else by SMS to the number they gave. Returns the channel
 * used, or null when the citizen left no way to reach them (anonymous, no number).
 */
export async function notifyCitizen(
  tx: TTx,
  pii: TPiiCipher,
  ticket: Pick<TTicketRow, 'id' | 'channel' | 'citizenId'>,
  content: string,
): Promise<string | null> {
  if (!ticket.citizenId) return null;
  const [c] = await tx.select().from(citizens).where(eq(citizens.id, ticket.citizenId));
  if (!c) return null;
  let target: { channel: string; recipient: string } | null = null;
  if (ticket.channel === 'wechat' && c.wechatOpenId)
    target = { channel: 'wechat', recipient: c.wechatOpenId };
  else if (ticket.channel === 'weibo' && c.weiboUid) target = { channel: 'weibo', recipient: c.weiboUid };
  else if (c.phoneEnc) target = { channel: 'sms', recipient: pii.decrypt(c.phoneEnc) };
  if (!target) return null;
  await outboundProvider().send(tx, { ...target, content, ticketId: ticket.id });
  return target.channel;
}

import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../app-context';
import { inboundMessages } from '../infra/db/schema';
import { processCtiInbound } from './cti/cti.intake';
import type { TInboundRow } from './inbound';
import { processOpen311Inbound } from './open311/open311.intake';
import { processPortalInbound } from './portal/portal.intake';
import { processWechatInbound } from './wechat/wechat.intake';
import { processWeiboInbound } from './weibo/weibo.intake';

/** What turns a stored raw message into conversations, tickets and call records. Safe to run twice. */
export type TInboundProcessor = (ctx: TUseCaseContext, row: TInboundRow) => Promise<void>;

const PROCESSORS: Record<string, TInboundProcessor> = {
  cti: processCtiInbound,
  wechat: processWechatInbound,
  weibo: processWeiboInbound,
  web: processPortalInbound,
  open311: processOpen311Inbound,
};

/**
 * Processes one inbound message (the `intake` job). A message already processed is left alone,
 * so a job that runs twice changes nothing the second time.
 */
export async function processInbound(
  ctx: TUseCaseContext,
  inboundId: string,
): Promise<'processed' | 'skipped'> {
  const [row] = await ctx.db.select().from(inboundMessages).where(eq(inboundMessages.id, inboundId));
  if (!row || row.status === 'processed') return 'skipped';
  const processor = PROCESSORS[row.channel];
  if (!processor) throw new Error(`no intake processor for channel ${row.channel}`);
  try {
    await processor(ctx, row);
  } catch (err) {
    await ctx.db
      .update(inboundMessages)
      .set({ status: 'failed', error: (err as Error).message.slice(0, 1000) })
      .where(eq(inboundMessages.id, row.id));
    throw err;
  }
  await ctx.db
    .update(inboundMessages)
    .set({ status: 'processed', processedAt: ctx.clock(), error: null })
    .where(eq(inboundMessages.id, row.id));
  return 'processed';
}

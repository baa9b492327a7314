import { and, eq, sql } from 'drizzle-orm';
import type { TDb, TDbOrTx } from '../infra/db/client';
import { inboundMessages, outbox } from '../infra/db/schema';
import { OUTBOX_CHANNEL } from '../modules/tickets/use-cases/publish';

export type TInboundRow = typeof inboundMessages.$inferSelect;

/** Outbox topic of a stored inbound message: the relay turns it into an `intake` job. */
export const INBOUND_TOPIC = 'inbound.received';
/** Outbox topic for a realtime-only message: `{ rooms, event, data }` emitted as is. */
export const REALTIME_TOPIC = 'realtime.emit';

export type TRealtimePayload = { rooms: string[]; event: string; data: unknown };

/**
 * Stores a raw inbound message before anything else is done with it, keyed by the channel's
 * own message id: the sender's retries (and concurrent duplicates) find the first row instead of
 * adding one. The outbox row that schedules its processing commits with it, so a stored message
 * is always processed, even if Redis is down now (the relay sends it once Redis is back).
 */
export async function storeInbound(
  db: TDb,
  m: { channel: string; externalId: string; headers?: Record<string, unknown>; body: string; now?: Date },
): Promise<{ row: TInboundRow; duplicate: boolean }> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(inboundMessages)
      .values({
        channel: m.channel,
        externalId: m.externalId,
        headers: m.headers ?? {},
        body: m.body,
        receivedAt: m.now ?? new Date(),
      })
      .onConflictDoNothing({ target: [inboundMessages.channel, inboundMessages.externalId] })
      .returning();
    if (!inserted) {
      const [existing] = await tx
        .select()
        .from(inboundMessages)
        .where(and(eq(inboundMessages.channel, m.channel), eq(inboundMessages.externalId, m.externalId)));
      return { row: existing!, duplicate: true };
    }
    await tx.insert(outbox).values({
      topic: INBOUND_TOPIC,
      aggregateId: inserted.id,
      payload: { inboundId: inserted.id, channel: m.channel },
    });
    await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
    return { row: inserted, duplicate: false };
  });
}

/** Queues a realtime message through the outbox (same transaction as the change it announces). */
export async function queueRealtime(
  tx: TDbOrTx,
  payload: TRealtimePayload,
  aggregateId: string | null = null,
) {
  await tx.insert(outbox).values({ topic: REALTIME_TOPIC, aggregateId, payload });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}

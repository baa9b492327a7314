import { inArray } from 'drizzle-orm';
import type { TDbOrTx } from '../../../infra/db/client';
import { units } from '../../../infra/db/schema';

/** Names for event payloads, so the timeline reads without joins. */
export async function unitNames(tx: TDbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await tx.select({ id: units.id, name: units.name }).from(units).where(inArray(units.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

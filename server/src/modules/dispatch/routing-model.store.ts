import { deserializeRouter, type TRouterModel, type TRoutingModelDto } from '@hotline/shared';
import { and, desc, eq, notInArray } from 'drizzle-orm';
import type { TDb, TDbOrTx } from '../../infra/db/client';
import { routingModels } from '../../infra/db/schema';

export const ROUTING_TARGETS = ['unit', 'category'] as const;
export type TRoutingTarget = (typeof ROUTING_TARGETS)[number];

export type TLoadedModel = { id: string; trainedAt: Date; model: TRouterModel };
export type TCurrentModels = Record<TRoutingTarget, TLoadedModel | null>;

/** Older models are kept for comparison and rollback; beyond this they only take space. */
const KEEP_PER_TARGET = 5;
/** Another process may have trained meanwhile: look for a newer row at most this often. */
const RECHECK_MS = 30_000;

type TCacheEntry = TCurrentModels & { checkedAt: number };
// Keyed by the database handle: each test server (and each process) has its own.
const cache = new WeakMap<TDb, TCacheEntry>();
const inflight = new WeakMap<TDb, Promise<TCacheEntry>>();

const MODEL_COLUMNS = {
  id: routingModels.id,
  target: routingModels.target,
  trainedAt: routingModels.trainedAt,
  trainingRows: routingModels.trainingRows,
  heldoutRows: routingModels.heldoutRows,
  top1: routingModels.top1,
  top3: routingModels.top3,
};

const modelView = (
  m: Pick<typeof routingModels.$inferSelect, keyof typeof MODEL_COLUMNS>,
): TRoutingModelDto => ({
  id: m.id,
  target: m.target as TRoutingModelDto['target'],
  trainedAt: m.trainedAt.toISOString(),
  trainingRows: m.trainingRows,
  heldoutRows: m.heldoutRows,
  top1: m.top1,
  top3: m.top3,
});

/** The newest model per target, deserialised once and kept in memory (the blob is large). */
export async function currentRoutingModels(db: TDb): Promise<TCurrentModels> {
  const entry = cache.get(db);
  if (entry && Date.now() - entry.checkedAt < RECHECK_MS) return entry;
  let pending = inflight.get(db);
  if (!pending) {
    pending = refresh(db, entry).finally(() => inflight.delete(db));
    inflight.set(db, pending);
  }
  return pending;
}

/** Drops the cached models (after training in this process), so the next read sees the new ones. */
export function forgetRoutingModels(db: TDb): void {
  cache.delete(db);
}

async function refresh(db: TDb, previous: TCacheEntry | undefined): Promise<TCacheEntry> {
  const newest = await db
    .selectDistinctOn([routingModels.target], {
      id: routingModels.id,
      target: routingModels.target,
      trainedAt: routingModels.trainedAt,
    })
    .from(routingModels)
    .orderBy(routingModels.target, desc(routingModels.trainedAt), desc(routingModels.createdAt));
  const next: TCacheEntry = { unit: null, category: null, checkedAt: Date.now() };
  for (const target of ROUTING_TARGETS) {
    const row = newest.find((n) => n.target === target);
    if (!row) continue;
    const known = previous?.[target];
    if (known?.id === row.id) {
      next[target] = known;
      continue;
    }
    const [blob] = await db
      .select({ model: routingModels.model })
      .from(routingModels)
      .where(eq(routingModels.id, row.id));
    if (!blob) continue;
    try {
      next[target] = { id: row.id, trainedAt: row.trainedAt, model: deserializeRouter(blob.model) };
    } catch {
      // Stored by an older version of the learner (format changed): route without a model until
      // the next training (nightly, or 「重新训练」) replaces it, rather than failing every ticket.
      next[target] = null;
    }
  }
  cache.set(db, next);
  return next;
}

export async function listRoutingModels(db: TDbOrTx): Promise<TRoutingModelDto[]> {
  // Without the blobs: a list of figures, not of megabytes.
  const rows = await db
    .select(MODEL_COLUMNS)
    .from(routingModels)
    .orderBy(desc(routingModels.trainedAt), routingModels.target);
  return rows.map(modelView);
}

/** Stores a freshly trained model and deletes all but the newest few of its target. */
export async function storeRoutingModel(
  db: TDb,
  m: Omit<typeof routingModels.$inferInsert, 'id' | 'createdAt'>,
): Promise<TRoutingModelDto> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(routingModels).values(m).returning(MODEL_COLUMNS);
    const keep = tx
      .select({ id: routingModels.id })
      .from(routingModels)
      .where(eq(routingModels.target, m.target))
      .orderBy(desc(routingModels.trainedAt), desc(routingModels.createdAt))
      .limit(KEEP_PER_TARGET);
    await tx
      .delete(routingModels)
      .where(and(eq(routingModels.target, m.target), notInArray(routingModels.id, keep)));
    return modelView(row!);
  });
}

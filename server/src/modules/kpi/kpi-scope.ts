import { AppError, ticketScopeOf } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import type { TUserActor } from '../auth/actor';

/**
 * Which part of the unit tree a reader's KPIs cover: the hotline centre's staff the whole city,
 * anyone else their own unit and the units below it (as ticket visibility does). `anchor` is the
 * root of that part; a unit outside it answers 404, like a ticket the reader may not see.
 */
export type TKpiScope = {
  all: boolean;
  anchor: { id: string; name: string; kind: string; path: string };
};

export type TUnitRef = { id: string; name: string; kind: string; path: string };

async function unitRow(db: TDbOrTx, where: ReturnType<typeof sql>): Promise<TUnitRef | null> {
  const res = await db.execute(sql`select id, name, kind, path from units where ${where} limit 1`);
  return (res.rows[0] as TUnitRef | undefined) ?? null;
}

export async function kpiScopeOf(db: TDbOrTx, actor: TUserActor): Promise<TKpiScope> {
  if (ticketScopeOf(actor).kind === 'all') {
    const root = await unitRow(db, sql`parent_id is null order by created_at`);
    if (!root) throw new AppError('INTERNAL', 'The unit tree has no root');
    return { all: true, anchor: root };
  }
  const own = await unitRow(db, sql`id = ${actor.unitId}`);
  if (!own) throw new AppError('NOT_FOUND', 'Unit not found');
  return { all: false, anchor: own };
}

/** The unit, if the reader's scope covers it; 404 otherwise. */
export async function unitInScope(db: TDbOrTx, scope: TKpiScope, unitId: string): Promise<TUnitRef> {
  const unit = await unitRow(db, sql`id = ${unitId}`);
  if (!unit || !unit.path.startsWith(scope.anchor.path))
    throw new AppError('NOT_FOUND', 'Unit not found', { unitId });
  return unit;
}

/** Channel and telephone figures and the big screen are the centre's: they are not per unit. */
export function assertCityScope(scope: TKpiScope): void {
  if (!scope.all) throw new AppError('FORBIDDEN', 'Only the hotline centre sees the city-wide figures');
}

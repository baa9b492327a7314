import { AppError, type TAuditAction, type TAuditSubjectType } from '@hotline/shared';
import type { Request } from 'express';
import type { TDbOrTx } from '../../infra/db/client';
import { auditLog } from '../../infra/db/schema';
import type { TLogger } from '../../infra/logger';
import type { TUserActor } from '../auth/actor';

/** Where a view came from: the client's address and a short user agent (no request body, no query). */
export type TAuditOrigin = { ip: string | null; userAgent: string | null };

const USER_AGENT_MAX = 200;

export function auditOrigin(req: Request): TAuditOrigin {
  const ua = req.get('user-agent');
  return { ip: req.ip ?? null, userAgent: ua ? ua.slice(0, USER_AGENT_MAX) : null };
}

/** Only names of fields and views, counts and ids: a value that could be personal data has no place here. */
export type TAuditDetails = Record<string, string | number | boolean | string[]>;

export type TAuditRecord = {
  actor: TUserActor;
  action: TAuditAction;
  subjectType: TAuditSubjectType;
  subjectId: string;
  ticketNo?: string | null;
  origin: TAuditOrigin;
  details?: TAuditDetails;
  at: Date;
};

/**
 * Appends one audit row (the only write this table ever gets). An unaudited view is a leak, so a
 * row that cannot be written refuses the view: 503, and inside a transaction the rollback of
 * whatever the caller did with it. The database error is logged, never the data viewed.
 */
export async function recordAudit(db: TDbOrTx, logger: TLogger, rec: TAuditRecord): Promise<string> {
  try {
    const [row] = await db
      .insert(auditLog)
      .values({
        at: rec.at,
        actorId: rec.actor.id,
        actorUsername: rec.actor.username,
        actorRole: rec.actor.role,
        actorUnitId: rec.actor.unitId,
        action: rec.action,
        subjectType: rec.subjectType,
        subjectId: rec.subjectId,
        ticketNo: rec.ticketNo ?? null,
        ip: rec.origin.ip,
        userAgent: rec.origin.userAgent,
        details: rec.details ?? {},
      })
      .returning({ id: auditLog.id });
    return row!.id;
  } catch (err) {
    logger.error(
      {
        action: rec.action,
        subjectType: rec.subjectType,
        subjectId: rec.subjectId,
        err: (err as Error).message,
      },
      'audit row not written: view refused',
    );
    throw new AppError('UNAVAILABLE', '无法写入审计日志，本次查看已拒绝 (the view could not be audited)');
  }
}

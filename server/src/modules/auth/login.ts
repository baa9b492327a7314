import { AppError, CONFIDENTIAL_UNIT_CODES } from '@hotline/shared';
import type { TLoginInput, TSessionUser } from '@hotline/shared';
import { and, eq, inArray } from 'drizzle-orm';
import type { TAppContext } from '../../app-context';
import { units, users } from '../../infra/db/schema';
import type { TUserActor } from './actor';
import { assertNotLocked, clearAccountFailures, recordFailure } from './login-guard';
import { hashPassword, verifyPassword } from './password';

let dummyHash: Promise<string> | null = null;

/** Checks the password and opens a session. Unknown users cost the same time as wrong passwords. */
export async function login(
  ctx: TAppContext,
  input: TLoginInput,
  ip = 'unknown',
  userAgent: string | null = null,
): Promise<{ sid: string; user: TSessionUser }> {
  const guard = { redis: ctx.redis, prefix: ctx.config.REDIS_PREFIX };
  await assertNotLocked(guard, input.username, ip);
  // PostgreSQL text cannot hold NUL: such a name is no user's (a query would fail with a 500).
  const [row] = input.username.includes('\u0000')
    ? []
    : await ctx.db
        .select({ user: users, unit: units })
        .from(users)
        .innerJoin(units, eq(units.id, users.unitId))
        .where(eq(users.username, input.username.toLowerCase()))
        .limit(1);
  dummyHash ??= hashPassword('dummy-password-for-timing');
  const ok = row
    ? await verifyPassword(row.user.passwordHash, input.password)
    : await verifyPassword(await dummyHash, input.password).then(() => false);
  if (!row || !ok || !row.user.active || !row.unit.active) {
    await recordFailure(guard, input.username, ip);
    throw new AppError('UNAUTHENTICATED', '用户名或密码错误 (wrong username or password)');
  }
  const actor: TUserActor = {
    kind: 'user',
    id: row.user.id,
    username: row.user.username,
    displayName: row.user.displayName,
    role: row.user.role as TUserActor['role'],
    unitId: row.unit.id,
    unitName: row.unit.name,
    unitKind: row.unit.kind as TUserActor['unitKind'],
    unitCanDispatch: row.unit.canDispatch,
    unitParentId: row.unit.parentId,
    unitPath: row.unit.path,
    confidentialReader: row.user.confidentialReader || (await inConfidentialUnit(ctx, row.unit.path)),
  };
  await clearAccountFailures(guard, input.username, ip);
  await ctx.db.update(users).set({ lastLoginAt: ctx.clock() }).where(eq(users.id, row.user.id));
  const sid = await ctx.sessions.create(actor, { ip, userAgent });
  return { sid, user: toSessionUser(actor) };
}

/** 市纪委监委's staff (its unit or any unit below it) read 12388 reports. */
async function inConfidentialUnit(ctx: TAppContext, unitPath: string): Promise<boolean> {
  const ids = unitPath.split('/').filter(Boolean);
  const rows = await ctx.db
    .select({ id: units.id })
    .from(units)
    .where(and(inArray(units.id, ids), inArray(units.code, [...CONFIDENTIAL_UNIT_CODES])));
  return rows.length > 0;
}

export function toSessionUser(a: TUserActor): TSessionUser {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    unitId: a.unitId,
    unitName: a.unitName,
    unitKind: a.unitKind,
    // Sessions created before this field existed lack it: they do not pass tickets down.
    unitCanDispatch: a.unitCanDispatch === true,
  };
}

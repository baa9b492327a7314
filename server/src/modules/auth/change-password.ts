import {
  AppError,
  checkPassword,
  PASSWORD_PROBLEM_MESSAGES,
  type TChangePasswordInput,
} from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TAppContext } from '../../app-context';
import { users } from '../../infra/db/schema';
import type { TUserActor } from './actor';
import { assertNotLocked, recordFailure } from './login-guard';
import { hashPassword, verifyPassword } from './password';

/**
 * A user changes their own password: the current one proves it is them (wrong guesses count
 * towards the sign-in lockout), the new one must pass the policy, and every other session of
 * theirs ends — whoever else held one no longer does. Returns how many sessions ended.
 */
export async function changeOwnPassword(
  ctx: TAppContext,
  actor: TUserActor,
  input: TChangePasswordInput,
  opts: { sid: string; ip: string },
): Promise<number> {
  const guard = { redis: ctx.redis, prefix: ctx.config.REDIS_PREFIX };
  await assertNotLocked(guard, actor.username, opts.ip);
  const [row] = await ctx.db.select().from(users).where(eq(users.id, actor.id)).limit(1);
  if (!row) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await recordFailure(guard, actor.username, opts.ip);
    throw new AppError('VALIDATION_FAILED', '当前密码不正确 (the current password is wrong)', {
      fields: { currentPassword: ['当前密码不正确 (the current password is wrong)'] },
    });
  }
  assertPasswordPolicy(input.newPassword, row.username, 'newPassword');
  if (input.newPassword === input.currentPassword)
    throw new AppError('VALIDATION_FAILED', '新密码不能与当前密码相同 (choose a new password)', {
      fields: { newPassword: ['新密码不能与当前密码相同 (choose a new password)'] },
    });
  await ctx.db
    .update(users)
    .set({ passwordHash: await hashPassword(input.newPassword) })
    .where(eq(users.id, actor.id));
  return ctx.sessions.destroyAllForUser(actor.id, { exceptSid: opts.sid });
}

/** The policy with the username known (the schema checks the rest): a 400 naming the field. */
export function assertPasswordPolicy(password: string, username: string, field = 'password'): void {
  const problems = checkPassword(password, { username });
  if (problems.length === 0) return;
  throw new AppError('VALIDATION_FAILED', 'The request is not valid', {
    fields: { [field]: problems.map((p) => PASSWORD_PROBLEM_MESSAGES[p]) },
    form: [],
    problems,
  });
}

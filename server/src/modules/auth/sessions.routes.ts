import { AppError } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { users } from '../../infra/db/schema';
import { route } from '../../infra/http/route-table';
import { sessionHandle } from './session.store';

const ZUserId = z.object({ id: z.uuid() });
const ZHandle = z.object({ handle: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a session handle') });

/** Admins see a user's live sessions (by an opaque handle, never the cookie) and end them. */
export function sessionRoutes(ctx: TAppContext): Router {
  const r = Router();

  const assertUser = async (id: string) => {
    const [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.id, id)).limit(1);
    if (!row) throw new AppError('NOT_FOUND', 'User not found');
  };

  route(
    r,
    {
      method: 'get',
      path: '/users/:id/sessions',
      summary: "A user's live sessions (sign-in time, last use, address, browser)",
      tag: 'admin',
      permission: 'sessions.manage',
      params: ZUserId,
      statuses: [401, 403, 404],
    },
    async ({ params, res }) => {
      await assertUser(params.id);
      const mine = sessionHandle(res.locals.sid as string);
      const items = await ctx.sessions.list(params.id);
      return { items: items.map((s) => ({ ...s, current: s.handle === mine })) };
    },
  );

  route(
    r,
    {
      method: 'delete',
      path: '/users/:id/sessions',
      summary: 'Sign a user out everywhere (their open consoles are disconnected at once)',
      tag: 'admin',
      permission: 'sessions.manage',
      params: ZUserId,
      statuses: [401, 403, 404],
    },
    async ({ params, actor }) => {
      await assertUser(params.id);
      const revoked = await ctx.sessions.destroyAllForUser(params.id);
      ctx.logger.info({ userId: params.id, by: actor.id, revoked }, 'sessions revoked');
      return { revoked };
    },
  );

  route(
    r,
    {
      method: 'delete',
      path: '/sessions/:handle',
      summary: 'End one session',
      tag: 'admin',
      permission: 'sessions.manage',
      params: ZHandle,
      statuses: [204, 401, 403, 404],
    },
    async ({ params, actor }) => {
      const owner = await ctx.sessions.ownerOf(params.handle);
      if (!owner) throw new AppError('NOT_FOUND', 'Session not found (signed out or expired)');
      await ctx.sessions.revoke(owner, [params.handle]);
      ctx.logger.info({ userId: owner, by: actor.id }, 'session revoked');
      return undefined;
    },
  );
  return r;
}

import { ZChangePasswordSchema, ZLoginSchema } from '@hotline/shared';
import { Router } from 'express';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { clientIp, SESSION_COOKIE } from './auth.middleware';
import { changeOwnPassword } from './change-password';
import { login, toSessionUser } from './login';

export function authRoutes(ctx: TAppContext): Router {
  const r = Router();
  const secure = ctx.config.COOKIE_SECURE ?? ctx.config.NODE_ENV === 'production';

  route(
    r,
    {
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in',
      tag: 'auth',
      permission: 'public',
      body: ZLoginSchema,
      statuses: [400, 401, 429],
    },
    async ({ body, req, res }) => {
      const { sid, user } = await login(ctx, body, req.ip ?? 'unknown', req.get('user-agent') ?? null);
      res.cookie(SESSION_COOKIE, sid, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
      return { user };
    },
  );

  route(
    r,
    {
      method: 'post',
      path: '/auth/logout',
      summary: 'Sign out',
      tag: 'auth',
      permission: 'session.self',
      statuses: [204, 401],
    },
    async ({ res }) => {
      await ctx.sessions.destroy(res.locals.sid as string);
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      return undefined;
    },
  );

  route(
    r,
    {
      method: 'get',
      path: '/auth/me',
      summary: 'The signed-in user',
      tag: 'auth',
      permission: 'session.self',
      statuses: [401],
    },
    async ({ actor }) => ({
      user: toSessionUser(actor),
    }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/auth/password',
      summary: 'Change my password (my other sessions end)',
      tag: 'auth',
      permission: 'session.self',
      body: ZChangePasswordSchema,
      statuses: [400, 401, 429],
    },
    async ({ actor, body, req, res }) => ({
      otherSessionsEnded: await changeOwnPassword(ctx, actor, body, {
        sid: res.locals.sid as string,
        ip: clientIp(req),
      }),
    }),
  );
  return r;
}

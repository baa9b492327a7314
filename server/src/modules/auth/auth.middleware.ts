import { AppError } from '@hotline/shared';
import { parse as parseCookie } from 'cookie';
import type { Request, RequestHandler } from 'express';
import type { TAppContext } from '../../app-context';

export const SESSION_COOKIE = 'hotline_sid';

export function sessionIdFrom(cookieHeader: string | undefined): string | null {
  if (!cookieHeader) return null;
  return parseCookie(cookieHeader)[SESSION_COOKIE] ?? null;
}

/** Loads the session, if any, into res.locals.actor; each route in the route table decides if it needs one. */
export function loadSession(ctx: TAppContext): RequestHandler {
  return async (req, res, next) => {
    const sid = sessionIdFrom(req.headers.cookie);
    const actor = sid ? await ctx.sessions.get(sid) : null;
    if (actor) {
      res.locals.actor = actor;
      res.locals.sid = sid;
    }
    next();
  };
}

/** For the few routes that read a large body: nobody signed out gets that far. */
export const requireSignedIn: RequestHandler = (_req, res, next) => {
  if (!res.locals.actor) return next(new AppError('UNAUTHENTICATED', 'Sign in first'));
  next();
};

/**
 * Cookie-authenticated writes must carry a header a cross-site form cannot send. With SameSite=Lax
 * cookies this closes CSRF without a token round-trip.
 */
export const requireCsrfHeader: RequestHandler = (req, _res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  if (req.get('x-requested-with') !== 'hotline') {
    return next(new AppError('FORBIDDEN', 'Missing X-Requested-With: hotline header', { csrf: true }));
  }
  next();
};

export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

import {
  AppError,
  rolesWith,
  ticketScopeOf,
  userScopeOf,
  type TPermission,
  type TScope,
} from '@hotline/shared';
import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { TUserActor } from '../../modules/auth/actor';
import { parseInput } from './validate';

type TMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One row per REST route: the zod schemas here validate the request AND generate the OpenAPI
 * document, and the permission tests walk this table, so the three cannot drift apart.
 */
export type TRouteSpec = {
  method: TMethod;
  /** Express path below /api/v1, e.g. /tickets/:id/sign */
  path: string;
  summary: string;
  tag: string;
  /**
   * The action of the permission matrix (shared/src/auth/permissions.ts) this route performs;
   * 'public' needs no session. Every signed-in route names its action.
   */
  permission: TPermission | 'public';
  /**
   * 'all': records only the city centre keeps (polls, the triage inbox, call records): staff of a
   * district branch, whose scope the matrix narrows to their unit, get 403 here too.
   */
  requireScope?: 'all';
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Status codes this route answers besides 200 (documented). */
  statuses?: number[];
};

export type TRouteInput<S extends TRouteSpec> = {
  params: S['params'] extends z.ZodType ? z.infer<S['params']> : Record<string, never>;
  query: S['query'] extends z.ZodType ? z.infer<S['query']> : Record<string, never>;
  body: S['body'] extends z.ZodType ? z.infer<S['body']> : undefined;
  actor: TUserActor;
  /** How far this user's permission reaches ('unit': their unit subtree); 'all' on public routes. */
  scope: TScope;
  req: Request;
  res: Response;
};

export const ROUTE_TABLE: TRouteSpec[] = [];

/** 401 without a session, 403 when the matrix does not give the user's role the action; else the scope. */
export function authorize(
  spec: Pick<TRouteSpec, 'permission' | 'requireScope'>,
  actor: TUserActor | undefined,
): TScope {
  if (spec.permission === 'public') return 'all';
  if (!actor) throw new AppError('UNAUTHENTICATED', 'Please sign in');
  const scope = userScopeOf(actor.role, ticketScopeOf(actor), spec.permission);
  if (!scope)
    throw new AppError('FORBIDDEN', `This needs one of: ${rolesWith(spec.permission).join(', ')}`, {
      permission: spec.permission,
    });
  if (spec.requireScope && scope !== spec.requireScope)
    throw new AppError('FORBIDDEN', 'Only the city hotline centre works these records', {
      permission: spec.permission,
      requires: spec.requireScope,
    });
  return scope;
}

/** Registers a route on the router and in the route table. Permission checks happen before any parsing. */
export function route<S extends TRouteSpec>(
  router: Router,
  spec: S,
  handler: (input: TRouteInput<S>) => Promise<unknown>,
): void {
  if (!ROUTE_TABLE.some((r) => r.method === spec.method && r.path === spec.path)) ROUTE_TABLE.push(spec);
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const actor = res.locals.actor as TUserActor | undefined;
    const scope = authorize(spec, actor);
    const input = {
      params: spec.params ? parseInput(spec.params, req.params) : {},
      query: spec.query ? parseInput(spec.query, req.query) : {},
      body: spec.body ? parseInput(spec.body, req.body ?? {}) : undefined,
      actor: actor as TUserActor,
      scope,
      req,
      res,
    } as TRouteInput<S>;
    const result = await handler(input);
    if (res.headersSent) return;
    if (result === undefined) res.status(204).end();
    else res.json(result);
  });
}

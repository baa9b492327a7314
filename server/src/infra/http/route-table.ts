import type { TRole } from '@hotline/shared';
import { AppError } from '@hotline/shared';
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
  /** Roles allowed; 'public' needs no session; 'staff' is every signed-in user. */
  access: 'public' | 'staff' | readonly TRole[];
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
  req: Request;
  res: Response;
};

export const ROUTE_TABLE: TRouteSpec[] = [];

/** Registers a route on the router and in the route table. Role checks happen before any parsing. */
export function route<S extends TRouteSpec>(
  router: Router,
  spec: S,
  handler: (input: TRouteInput<S>) => Promise<unknown>,
): void {
  if (!ROUTE_TABLE.some((r) => r.method === spec.method && r.path === spec.path)) ROUTE_TABLE.push(spec);
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const actor = res.locals.actor as TUserActor | undefined;
    if (spec.access !== 'public') {
      if (!actor) throw new AppError('UNAUTHENTICATED', 'Please sign in');
      if (spec.access !== 'staff' && !spec.access.includes(actor.role)) {
        throw new AppError('FORBIDDEN', `This needs one of: ${spec.access.join(', ')}`);
      }
    }
    const input = {
      params: spec.params ? parseInput(spec.params, req.params) : {},
      query: spec.query ? parseInput(spec.query, req.query) : {},
      body: spec.body ? parseInput(spec.body, req.body ?? {}) : undefined,
      actor: actor as TUserActor,
      req,
      res,
    } as TRouteInput<S>;
    const result = await handler(input);
    if (res.headersSent) return;
    if (result === undefined) res.status(204).end();
    else res.json(result);
  });
}

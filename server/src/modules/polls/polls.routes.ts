import { ZCreatePollSchema, ZRecordPollAnswerSchema } from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { getPoll, listPolls, listSamples } from './polls.repository';
import { closePoll } from './use-cases/close-poll';
import { createPoll } from './use-cases/create-poll';
import { recordPollAnswer } from './use-cases/record-poll-answer';

const ZPollId = z.object({ id: z.uuid() });
const ZSampleParams = z.object({ id: z.uuid(), sampleId: z.uuid() });

/**
 * The centre's staff follow the polls; supervisors run them; agents (and supervisors) make the
 * calls (polls.* in the permission matrix). A sample lists tickets from every unit, so a district
 * branch's staff (scope narrowed to their unit) may not read it either: requireScope 'all'.
 */

/** 12340 satisfaction polls (民意调查) over samples of closed tickets. */
export function pollRoutes(ctx: TAppContext): Router {
  const r = Router();

  route(
    r,
    {
      method: 'get',
      path: '/polls',
      summary: 'Satisfaction polls with their progress',
      tag: 'polls',
      permission: 'polls.read',
      requireScope: 'all',
    },
    async () => ({ items: await listPolls(ctx.db) }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/polls',
      summary: 'Open a poll and draw its sample of closed tickets',
      tag: 'polls',
      permission: 'polls.run',
      requireScope: 'all',
      body: ZCreatePollSchema,
      statuses: [201, 400, 403],
    },
    async ({ actor, body, res }) => {
      const created = await createPoll(ctx, actor, body);
      res.status(201);
      return created;
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/polls/:id',
      summary: 'A poll with its samples (phones masked)',
      tag: 'polls',
      permission: 'polls.read',
      requireScope: 'all',
      params: ZPollId,
      statuses: [403, 404],
    },
    async ({ params }) => {
      const [poll, samples] = await Promise.all([getPoll(ctx.db, params.id), listSamples(ctx.db, params.id)]);
      return { poll, samples };
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/polls/:id/samples/:sampleId/answer',
      summary: 'Record the outcome of a poll call (the same submission again is a replay, another one 409)',
      tag: 'polls',
      permission: 'polls.answer',
      requireScope: 'all',
      params: ZSampleParams,
      body: ZRecordPollAnswerSchema,
      statuses: [400, 403, 404, 409],
    },
    async ({ actor, params, body }) => recordPollAnswer(ctx, actor, params.id, params.sampleId, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/polls/:id/close',
      summary: 'Stop a poll taking answers',
      tag: 'polls',
      permission: 'polls.run',
      requireScope: 'all',
      params: ZPollId,
      statuses: [403, 404],
    },
    async ({ actor, params }) => ({ poll: await closePoll(ctx, actor, params.id) }),
  );
  return r;
}

import {
  toShanghaiDate,
  ZKbApproveBody,
  ZKbListQuery,
  ZKbProposal,
  ZKbRejectBody,
  ZKbSearchQuery,
  ZKbVersionProposal,
} from '@hotline/shared';
import { Router } from 'express';
import { z } from 'zod';
import type { TAppContext } from '../../app-context';
import { route } from '../../infra/http/route-table';
import { listArticles, listPendingReviews } from './kb.repository';
import { archiveKbArticle } from './use-cases/archive-article';
import { proposeKbArticle } from './use-cases/propose-article';
import { proposeKbVersion } from './use-cases/propose-version';
import { approveKbVersion, rejectKbVersion } from './use-cases/review-version';
import { searchKbArticles } from './use-cases/search-articles';
import { listKbVersions, viewKbArticle } from './use-cases/view-article';

const ZId = z.object({ id: z.uuid() });
const TAG = 'knowledge base';

/** 知识库: search for the agent desk, the management list, proposals and the hotline's review. */
export function kbRoutes(ctx: TAppContext): Router {
  const r = Router();

  route(
    r,
    {
      method: 'get',
      path: '/kb/search',
      summary: 'Ranked search of the articles in effect (query: words or a whole ticket description)',
      tag: TAG,
      permission: 'kb.read',
      query: ZKbSearchQuery,
      statuses: [400],
    },
    async ({ query }) => searchKbArticles(ctx, query),
  );
  route(
    r,
    {
      method: 'get',
      path: '/kb/articles',
      summary: 'Articles for management: drafts and expired ones for reviewers and the owning unit',
      tag: TAG,
      permission: 'kb.read',
      query: ZKbListQuery,
      statuses: [400],
    },
    async ({ actor, query }) => listArticles(ctx.db, actor, query, toShanghaiDate(ctx.clock())),
  );
  route(
    r,
    {
      method: 'post',
      path: '/kb/articles',
      summary: 'Propose a new article (a draft whose first version waits for review)',
      tag: TAG,
      permission: 'kb.propose',
      body: ZKbProposal,
      statuses: [201, 400, 403, 422],
    },
    async ({ actor, body, res }) => {
      const article = await proposeKbArticle(ctx, actor, body);
      res.status(201);
      return { article };
    },
  );
  route(
    r,
    {
      method: 'get',
      path: '/kb/articles/:id',
      summary: 'An article (records a view)',
      tag: TAG,
      permission: 'kb.read',
      params: ZId,
      statuses: [404],
    },
    async ({ actor, params }) => viewKbArticle(ctx, actor, params.id),
  );
  route(
    r,
    {
      method: 'get',
      path: '/kb/articles/:id/versions',
      summary: "An article's versions, newest first",
      tag: TAG,
      permission: 'kb.read',
      params: ZId,
      statuses: [404],
    },
    async ({ actor, params }) => ({ items: await listKbVersions(ctx, actor, params.id) }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/kb/articles/:id/versions',
      summary: 'Propose a new version (409 while another waits or when baseVersion is stale)',
      tag: TAG,
      permission: 'kb.propose',
      params: ZId,
      body: ZKbVersionProposal,
      statuses: [201, 400, 403, 404, 409, 422],
    },
    async ({ actor, params, body, res }) => {
      const version = await proposeKbVersion(ctx, actor, params.id, body);
      res.status(201);
      return { version };
    },
  );
  route(
    r,
    {
      method: 'post',
      path: '/kb/articles/:id/archive',
      summary: 'Archive an article: agents no longer find it',
      tag: TAG,
      permission: 'kb.review',
      params: ZId,
      statuses: [403, 404, 409],
    },
    async ({ actor, params }) => ({ article: await archiveKbArticle(ctx, actor, params.id) }),
  );
  route(
    r,
    {
      method: 'get',
      path: '/kb/reviews',
      summary: 'Versions waiting for review, oldest first',
      tag: TAG,
      permission: 'kb.review',
      statuses: [403],
    },
    async () => ({ items: await listPendingReviews(ctx.db) }),
  );
  route(
    r,
    {
      method: 'post',
      path: '/kb/versions/:id/approve',
      summary: 'Approve a version: the article is published with it',
      tag: TAG,
      permission: 'kb.review',
      params: ZId,
      body: ZKbApproveBody,
      statuses: [403, 404, 409],
    },
    async ({ actor, params, body }) => approveKbVersion(ctx, actor, params.id, body),
  );
  route(
    r,
    {
      method: 'post',
      path: '/kb/versions/:id/reject',
      summary: 'Reject a version with a reason',
      tag: TAG,
      permission: 'kb.review',
      params: ZId,
      body: ZKbRejectBody,
      statuses: [400, 403, 404, 409],
    },
    async ({ actor, params, body }) => rejectKbVersion(ctx, actor, params.id, body),
  );
  return r;
}

import type {
  TKbArticle,
  TKbArticleResponse,
  TKbListResponse,
  TKbProposalInput,
  TKbReviewsResponse,
  TKbSearchResponse,
  TKbVersionProposalInput,
  TKbVersionResponse,
  TKbVersionsResponse,
} from '@hotline/shared';
import { apiGet, apiPost } from '../../api/http';

export type TKbListParams = {
  q?: string;
  status?: string;
  ownerUnitId?: string;
  /** Not (yet) read by the list endpoint; sent so the server may narrow, and checked here too. */
  categoryId?: string;
  includeExpired?: boolean;
  cursor?: string;
  limit?: number;
};

const article = (id: string) => `/kb/articles/${encodeURIComponent(id)}`;
const version = (id: string) => `/kb/versions/${encodeURIComponent(id)}`;

export const kbApi = {
  /** Ranked search, best first; expired and unpublished articles are left out for agents. */
  search: (query: { q: string; categoryId?: string; limit?: number }, signal?: AbortSignal) =>
    apiGet<TKbSearchResponse>('/kb/search', { query, signal }),
  list: (query: TKbListParams, signal?: AbortSignal) =>
    apiGet<TKbListResponse>('/kb/articles', { query, signal }),
  get: (id: string, signal?: AbortSignal) => apiGet<TKbArticle>(article(id), { signal }),
  versions: (id: string, signal?: AbortSignal) =>
    apiGet<TKbVersionsResponse>(`${article(id)}/versions`, { signal }),
  create: (input: TKbProposalInput) => apiPost<TKbArticleResponse>('/kb/articles', input),
  propose: (id: string, input: TKbVersionProposalInput) =>
    apiPost<TKbVersionResponse>(`${article(id)}/versions`, input),
  archive: (id: string) => apiPost<TKbArticleResponse>(`${article(id)}/archive`),
  reviews: (signal?: AbortSignal) => apiGet<TKbReviewsResponse>('/kb/reviews', { signal }),
  approve: (versionId: string, comment?: string) =>
    apiPost<TKbVersionResponse>(`${version(versionId)}/approve`, comment ? { comment } : {}),
  reject: (versionId: string, comment: string) =>
    apiPost<TKbVersionResponse>(`${version(versionId)}/reject`, { comment }),
};

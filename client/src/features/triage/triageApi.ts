import type {
  TCloseConversationInput,
  TConversationDetailResponse,
  TConversationListResponse,
  TConversationMessage,
  TConversationSummary,
  TConvertConversationInput,
  TConvertConversationResponse,
} from '@hotline/shared';
import { apiGet, apiPost } from '../../api/http';

export type TConversationListQuery = {
  status: 'open' | 'ticketed' | 'closed';
  channel?: 'wechat' | 'weibo';
  cursor?: string;
  limit?: number;
};

const one = (id: string) => `/conversations/${encodeURIComponent(id)}`;

export const triageApi = {
  list: (query: TConversationListQuery, signal?: AbortSignal) =>
    apiGet<TConversationListResponse>('/conversations', { query, signal }),
  get: (id: string, signal?: AbortSignal) => apiGet<TConversationDetailResponse>(one(id), { signal }),
  reply: (id: string, content: string) =>
    apiPost<{ message: TConversationMessage }>(`${one(id)}/reply`, { content }),
  convert: (id: string, input: TConvertConversationInput) =>
    apiPost<TConvertConversationResponse>(`${one(id)}/ticket`, input),
  close: (id: string, input: TCloseConversationInput) =>
    apiPost<{ conversation: TConversationSummary }>(`${one(id)}/close`, input),
};

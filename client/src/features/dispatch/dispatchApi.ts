import type {
  TDispatchRuleDto,
  TDispatchRuleInput,
  TDispatchRuleVersionDto,
  TDispatchSettings,
  TDuplicateCandidate,
  TRoutingModelDto,
  TRoutingSuggestions,
} from '@hotline/shared';
import { apiDelete, apiGet, apiPost, apiPut } from '../../api/http';

export type TRulesQuery = {
  categoryId?: string;
  districtId?: string;
  unitId?: string;
  includeDeleted?: boolean;
};

const ticket = (id: string) => `/tickets/${encodeURIComponent(id)}`;
const rule = (id: string) => `/dispatch-rules/${encodeURIComponent(id)}`;

/** Smart routing for one ticket: suggested units and possible duplicates (the dispatch dialog). */
export const routingApi = {
  suggestions: (ticketId: string, signal?: AbortSignal) =>
    apiGet<TRoutingSuggestions>(`${ticket(ticketId)}/suggestions`, { signal }),
  duplicates: (ticketId: string, signal?: AbortSignal) =>
    apiGet<{ items: TDuplicateCandidate[] }>(`${ticket(ticketId)}/duplicates`, { signal }),
  models: (signal?: AbortSignal) => apiGet<{ items: TRoutingModelDto[] }>('/routing/models', { signal }),
  train: () => apiPost<{ requestId: string }>('/routing/models/train'),
};

/** 派单目录 rules, their history, and the dispatch settings. */
export const catalogueApi = {
  list: (query: TRulesQuery, signal?: AbortSignal) =>
    apiGet<{ items: TDispatchRuleDto[] }>('/dispatch-rules', { query, signal }),
  create: (input: TDispatchRuleInput) => apiPost<TDispatchRuleDto>('/dispatch-rules', input),
  update: (id: string, input: TDispatchRuleInput & { expectedVersion: number }) =>
    apiPut<TDispatchRuleDto>(rule(id), input),
  remove: (id: string, expectedVersion: number) =>
    apiDelete<TDispatchRuleDto>(rule(id), { query: { expectedVersion } }),
  versions: (id: string, signal?: AbortSignal) =>
    apiGet<{ items: TDispatchRuleVersionDto[] }>(`${rule(id)}/versions`, { signal }),
  settings: (signal?: AbortSignal) => apiGet<TDispatchSettings>('/settings/dispatch', { signal }),
  saveSettings: (patch: Partial<TDispatchSettings>) => apiPut<TDispatchSettings>('/settings/dispatch', patch),
};

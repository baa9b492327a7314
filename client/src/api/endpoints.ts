import type {
  TActionInput,
  TCategoryView,
  TCreateTicketInput,
  TSessionUser,
  TTicketAction,
  TTicketDetail,
  TTicketDetailResponse,
  TTicketListResponse,
  TUnitView,
} from '@hotline/shared';
import { apiGet, apiPost } from './http';

export type TListQuery = {
  status?: string;
  open?: boolean;
  overdue?: boolean;
  line?: string;
  channel?: string;
  type?: string;
  unitId?: string;
  categoryId?: string;
  /** created in [from, to) */
  from?: string;
  to?: string;
  q?: string;
  sort?: 'created_desc' | 'due_asc';
  cursor?: string;
  limit?: number;
};

export const authApi = {
  login: (username: string, password: string) =>
    apiPost<{ user: TSessionUser }>('/auth/login', { username, password }),
  me: (signal?: AbortSignal) => apiGet<{ user: TSessionUser }>('/auth/me', { signal }),
  logout: () => apiPost<void>('/auth/logout'),
};

export const ticketsApi = {
  list: (query: TListQuery, signal?: AbortSignal) =>
    apiGet<TTicketListResponse>('/tickets', { query, signal }),
  get: (id: string, signal?: AbortSignal) =>
    apiGet<TTicketDetailResponse>(`/tickets/${encodeURIComponent(id)}`, { signal }),
  create: (input: TCreateTicketInput) => apiPost<{ ticket: TTicketDetail }>('/tickets', input),
  act: <A extends TTicketAction>(id: string, action: A, input: TActionInput<A>) =>
    apiPost<{ ticket: TTicketDetail }>(`/tickets/${encodeURIComponent(id)}/${action}`, input),
};

export const referenceApi = {
  units: (signal?: AbortSignal) => apiGet<{ items: TUnitView[] }>('/units', { signal }),
  categories: (signal?: AbortSignal) => apiGet<{ items: TCategoryView[] }>('/categories', { signal }),
};

import type {
  TAssessmentNotice,
  TAssessmentRankings,
  TAssessmentRunResult,
  TAssessmentScheme,
  TAssessmentSchemeInput,
  TKpiTicketsLink,
  TUnitBreakdown,
} from '@hotline/shared';
import { apiDelete, apiGet, apiPost, apiPut } from '../../api/http';

type TQuery = { period: string; schemeId?: string | undefined };

/** A ticket behind a KPI counter, as `/kpi/tickets` lists it. */
export type TKpiTicketRow = {
  eventId: string;
  ticketId: string;
  no: string;
  title: string;
  day: string;
  unitName: string | null;
};

export const assessmentApi = {
  schemes: () => apiGet<{ items: TAssessmentScheme[] }>('/assessment/schemes'),
  createScheme: (input: TAssessmentSchemeInput) => apiPost<TAssessmentScheme>('/assessment/schemes', input),
  updateScheme: (id: string, input: TAssessmentSchemeInput) =>
    apiPut<TAssessmentScheme>(`/assessment/schemes/${id}`, input),
  deleteScheme: (id: string) => apiDelete<void>(`/assessment/schemes/${id}`),
  run: (q: TQuery) => apiPost<TAssessmentRunResult>('/assessment/run', q),
  rankings: (q: TQuery, signal?: AbortSignal) =>
    apiGet<TAssessmentRankings>('/assessment/rankings', { query: q, signal }),
  unit: (unitId: string, q: TQuery, signal?: AbortSignal) =>
    apiGet<TUnitBreakdown>(`/assessment/units/${unitId}`, { query: q, signal }),
  notice: (q: TQuery, signal?: AbortSignal) =>
    apiGet<TAssessmentNotice>(`/assessment/notices/${encodeURIComponent(q.period)}`, {
      query: { schemeId: q.schemeId },
      signal,
    }),
  kpiTickets: (link: TKpiTicketsLink) =>
    apiGet<{ items: TKpiTicketRow[]; nextCursor: string | null }>('/kpi/tickets', {
      query: { metric: link.metric, unitId: link.unitId, level: link.level, from: link.from, to: link.to },
    }),
};

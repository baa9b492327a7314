import type {
  TCreatePollInput,
  TPollCampaignView,
  TPollDetailResponse,
  TPollSampleView,
  TRecordPollAnswerInput,
} from '@hotline/shared';
import { apiGet, apiPost } from '../../api/http';

const base = (id: string) => `/polls/${encodeURIComponent(id)}`;

export const pollsApi = {
  list: (signal?: AbortSignal) => apiGet<{ items: TPollCampaignView[] }>('/polls', { signal }),
  get: (id: string, signal?: AbortSignal) => apiGet<TPollDetailResponse>(base(id), { signal }),
  create: (input: TCreatePollInput) => apiPost<TPollDetailResponse>('/polls', input),
  answer: (id: string, sampleId: string, input: TRecordPollAnswerInput) =>
    apiPost<{ sample: TPollSampleView; replayed: boolean }>(
      `${base(id)}/samples/${encodeURIComponent(sampleId)}/answer`,
      input,
    ),
  close: (id: string) => apiPost<{ poll: TPollCampaignView }>(`${base(id)}/close`),
};

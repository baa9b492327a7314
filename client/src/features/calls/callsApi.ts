import type { TCallRecordDto } from '@hotline/shared';
import { apiGet, apiPost } from '../../api/http';

export const callsApi = {
  missed: (signal?: AbortSignal) => apiGet<{ items: TCallRecordDto[] }>('/calls/missed', { signal }),
  callbackDone: (id: string) =>
    apiPost<{ call: TCallRecordDto }>(`/calls/${encodeURIComponent(id)}/callback-done`),
  extension: (signal?: AbortSignal) => apiGet<{ ext: string | null }>('/calls/extension', { signal }),
  registerExtension: (ext: string) => apiPost<{ ext: string }>('/calls/extension', { ext }),
};

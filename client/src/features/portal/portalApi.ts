import type {
  TErrorBody,
  TPortalCaptcha,
  TPortalCategoriesResponse,
  TPortalSubmitInput,
  TPortalSubmitResponse,
  TPortalTrackResponse,
} from '@hotline/shared';
import { API_BASE, ApiError } from '../../api/http';

/**
 * The portal's own calls: public (no session, no 401 handling) and the submit carries an
 * Idempotency-Key, so a retried submit never files a second request.
 */
async function portalFetch<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/portal${path}`, {
      ...init,
      headers: { Accept: 'application/json', ...init.headers },
      credentials: 'omit',
    });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', (err as Error)?.message ?? 'Network error');
  }
  const payload: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (payload as Partial<TErrorBody> | null)?.error;
    throw new ApiError(
      res.status,
      error?.code ?? `HTTP_${res.status}`,
      error?.message ?? res.statusText,
      error?.details ?? null,
    );
  }
  return payload as T;
}

export const portalApi = {
  captcha: () => portalFetch<TPortalCaptcha>('/captcha', { cache: 'no-store' }),
  categories: () => portalFetch<TPortalCategoriesResponse>('/categories'),
  submit: (input: TPortalSubmitInput, idempotencyKey: string) =>
    portalFetch<TPortalSubmitResponse>('/requests', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Requested-With': 'hotline',
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify(input),
    }),
  track: (trackingNo: string, queryCode: string) =>
    portalFetch<TPortalTrackResponse>(`/track?${new URLSearchParams({ trackingNo, queryCode }).toString()}`),
};

/** Field errors the server named (`details.fields`), if any. */
export function fieldErrors(err: unknown): Record<string, string[]> {
  const details = (err as ApiError | null)?.details as { fields?: Record<string, string[]> } | null;
  return details?.fields ?? {};
}

/** crypto.randomUUID exists only in secure contexts: the portal may be served over plain http. */
export function newPortalKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return `portal-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  return `portal-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Reads a picked file as base64 (without the data: prefix). */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

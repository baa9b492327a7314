import type { TLimit } from '../../infra/http/rate-limit';

/** Portal limits: generous for a citizen, tight for a script. */
export const PORTAL_LIMITS = {
  submitPerIp: { name: 'portal:submit-ip', limit: 5, windowSeconds: 10 * 60 },
  submitPerPhone: { name: 'portal:submit-phone', limit: 3, windowSeconds: 60 * 60 },
  captchaPerIp: { name: 'portal:captcha-ip', limit: 60, windowSeconds: 10 * 60 },
  trackPerIp: { name: 'portal:track-ip', limit: 30, windowSeconds: 10 * 60 },
} as const satisfies Record<string, TLimit>;

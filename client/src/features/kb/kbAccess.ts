export { canProposeKb, canReviewKb } from '@hotline/shared';

export const KB_PATH = '/kb';
export const kbArticlePath = (id: string) => `${KB_PATH}/articles/${encodeURIComponent(id)}`;

/** `/kb` → {}, `/kb/articles/:id` → { articleId }; null for any other path. */
export function matchKbPath(pathname: string): { articleId?: string } | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === KB_PATH) return {};
  const m = /^\/kb\/articles\/([^/]+)$/.exec(path);
  return m?.[1] ? { articleId: decodeURIComponent(m[1]) } : null;
}

import { useSyncExternalStore } from 'react';

/** A tiny history router: the console has four screens and needs no more than this. */
export type TRoute =
  | { name: 'list' }
  | { name: 'create' }
  | { name: 'detail'; id: string }
  | { name: 'login' }
  | { name: 'notFound' };

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function matchRoute(pathname: string): TRoute {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/tickets') return { name: 'list' };
  if (path === '/tickets/new') return { name: 'create' };
  if (path === '/login') return { name: 'login' };
  const detail = /^\/tickets\/([^/]+)$/.exec(path);
  if (detail?.[1]) return { name: 'detail', id: decodeURIComponent(detail[1]) };
  return { name: 'notFound' };
}

export function useRoute(): TRoute {
  return matchRoute(usePathname());
}

export const paths = {
  list: () => '/tickets',
  create: () => '/tickets/new',
  detail: (id: string) => `/tickets/${encodeURIComponent(id)}`,
  login: () => '/login',
};

import { useEffect, useState } from 'react';
import type { TCategoryView, TUnitView } from '@hotline/shared';
import { referenceApi } from '../../../api/endpoints';

/** Units and categories change rarely: fetched once per page load and shared by every screen. */
type TCache<T> = { promise: Promise<T[]> | null; value: T[] | null };
const units: TCache<TUnitView> = { promise: null, value: null };
const categories: TCache<TCategoryView> = { promise: null, value: null };

function load<T>(cache: TCache<T>, fetcher: () => Promise<{ items: T[] }>): Promise<T[]> {
  if (!cache.promise) {
    cache.promise = fetcher()
      .then(({ items }) => {
        cache.value = items;
        return items;
      })
      .catch((err: unknown) => {
        cache.promise = null; // let the next screen try again
        throw err;
      });
  }
  return cache.promise;
}

export function resetReferenceData(): void {
  units.promise = null;
  units.value = null;
  categories.promise = null;
  categories.value = null;
}

type TReference<T> = { items: T[]; loading: boolean; error: unknown };

function useCached<T>(cache: TCache<T>, fetcher: () => Promise<{ items: T[] }>): TReference<T> {
  const [state, setState] = useState<TReference<T>>(() => ({
    items: cache.value ?? [],
    loading: !cache.value,
    error: null,
  }));
  useEffect(() => {
    if (cache.value) return;
    let alive = true;
    load(cache, fetcher).then(
      (items) => alive && setState({ items, loading: false, error: null }),
      (error: unknown) => alive && setState({ items: [], loading: false, error }),
    );
    return () => {
      alive = false;
    };
  }, [cache, fetcher]);
  return state;
}

const fetchUnits = () => referenceApi.units();
const fetchCategories = () => referenceApi.categories();

export function useUnits(): TReference<TUnitView> {
  return useCached(units, fetchUnits);
}

export function useCategories(): TReference<TCategoryView> {
  return useCached(categories, fetchCategories);
}

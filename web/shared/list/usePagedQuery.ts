/**
 * One paged-query hook for every list: the filters being edited (draft), the filters applied, the
 * page and page size, loading and reload. Searching or resetting goes back to page 1; changing the
 * page size too. The applied filters are what the list and its Excel export both ask for.
 *
 * Sorting (optional): `sort` is a list field ascending (`maturityDate`) or descending (`-maturityDate`),
 * as the route's `sortQuery` accepts; `changeSort` applies it and goes back to page 1. The list asks
 * with it only while one is chosen, and the export carries it too.
 */
import { useCallback, useState } from 'react';
import type { Page } from '../api';
import { useAsync } from '../useAsync';

export interface PageRequest<S extends string = string> {
  page: number;
  pageSize: number;
  /** Present only while a sort is chosen. */
  sort?: S;
}

export type Filters = Record<string, string | number | boolean | null | undefined>;

export interface PagedQueryOptions<F extends Filters> {
  initialFilters?: F;
  /** The sort a list starts with (default: none, the server's own order). */
  initialSort?: string;
  pageSize?: number;
  onError?: (err: unknown) => void;
}

export interface PagedQuery<T, F extends Filters, S extends string = string> {
  data: Page<T> | undefined;
  items: T[];
  total: number;
  loading: boolean;
  reload: () => void;
  page: number;
  pageSize: number;
  /** The filters as edited in the toolbar, not yet applied. */
  draft: F;
  setDraft: (update: F | ((d: F) => F)) => void;
  /** The filters of the rows shown (and of an export). */
  filters: F;
  /** Applies the draft (or the given filters) and goes back to page 1. */
  search: (next?: F) => void;
  reset: () => void;
  changePage: (page: number, pageSize: number) => void;
  /** The sort applied (`field` or `-field`), or undefined for the server's own order. */
  sort?: S;
  /** Applies a sort (undefined: none) and goes back to page 1. */
  changeSort(sort?: S): void;
}

export function usePagedQuery<T, F extends Filters = Filters, S extends string = string>(
  fetchPage: (q: F & PageRequest<S>, signal: AbortSignal) => Promise<Page<T>>,
  options: PagedQueryOptions<F> & { initialSort?: S } = {},
): PagedQuery<T, F, S> {
  const initial = options.initialFilters ?? ({} as F);
  const [draft, setDraft] = useState<F>(initial);
  const [filters, setFilters] = useState<F>(initial);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(options.pageSize ?? 20);
  const [sort, setSort] = useState<S | undefined>(options.initialSort);

  const { data, loading, reload } = useAsync(
    (signal) => fetchPage({ ...filters, page, pageSize, ...(sort ? { sort } : {}) }, signal),
    [page, pageSize, JSON.stringify(filters), sort],
    { onError: options.onError },
  );

  const search = useCallback(
    (next?: F) => {
      setFilters({ ...(next ?? draft) });
      if (next) setDraft(next);
      setPage(1);
    },
    [draft],
  );
  const reset = useCallback(() => {
    setDraft(initial);
    setFilters(initial);
    setPage(1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const changePage = useCallback(
    (p: number, ps: number) => {
      setPage(ps !== pageSize ? 1 : p);
      setPageSize(ps);
    },
    [pageSize],
  );
  const changeSort = useCallback((next?: S) => {
    setSort(next);
    setPage(1);
  }, []);

  return {
    data,
    items: data?.items ?? [],
    total: data?.total ?? 0,
    loading,
    reload,
    page,
    pageSize,
    draft,
    setDraft,
    filters,
    search,
    reset,
    changePage,
    sort,
    changeSort,
  };
}

/**
 * One paged-query hook for every list: the filters being edited (draft), the filters applied, the
 * page and page size, loading and reload. Searching or resetting goes back to page 1; changing the
 * page size too. The applied filters are what the list and its Excel export both ask for.
 */
import { useCallback, useState } from 'react';
import type { Page } from '../api';
import { useAsync } from '../useAsync';

export interface PageRequest {
  page: number;
  pageSize: number;
}

export type Filters = Record<string, string | number | boolean | null | undefined>;

export interface PagedQueryOptions<F extends Filters> {
  initialFilters?: F;
  pageSize?: number;
  onError?: (err: unknown) => void;
}

export interface PagedQuery<T, F extends Filters> {
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
}

export function usePagedQuery<T, F extends Filters = Filters>(
  fetchPage: (q: F & PageRequest, signal: AbortSignal) => Promise<Page<T>>,
  options: PagedQueryOptions<F> = {},
): PagedQuery<T, F> {
  const initial = options.initialFilters ?? ({} as F);
  const [draft, setDraft] = useState<F>(initial);
  const [filters, setFilters] = useState<F>(initial);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(options.pageSize ?? 20);

  const { data, loading, reload } = useAsync(
    (signal) => fetchPage({ ...filters, page, pageSize }, signal),
    [page, pageSize, JSON.stringify(filters)],
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
  };
}

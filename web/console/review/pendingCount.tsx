/**
 * The number of pending review requests the current user may check (the badge on 复核待办 and the
 * home card). The contract has no "checkable by me" filter, so the first page of pending requests is
 * counted by canCheck; `more` says the count may be higher than what one page showed.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Badge } from 'antd';
import { isAbort } from '../../shared/api';
import { useCan } from '../shell/auth';
import { reviewApi } from './api';

const PAGE = 100;
const POLL_MS = 60_000;

interface ReviewCountValue {
  /** Pending requests I may check; undefined until known. */
  mine: number | undefined;
  /** All pending requests visible to me. */
  total: number | undefined;
  more: boolean;
  refresh: () => void;
}

const Ctx = createContext<ReviewCountValue>({ mine: undefined, total: undefined, more: false, refresh: () => undefined });

export function ReviewCountProvider({ children }: { children: ReactNode }) {
  const can = useCan();
  const enabled = can('review:read');
  const [state, setState] = useState<Omit<ReviewCountValue, 'refresh'>>({ mine: undefined, total: undefined, more: false });
  const ctrlRef = useRef<AbortController | null>(null);

  const refresh = useCallback(() => {
    if (!enabled) return;
    ctrlRef.current?.abort();
    const ctrl = new AbortController();
    ctrlRef.current = ctrl;
    const load = async () => {
      const page = await reviewApi
        .list({ status: 'PENDING', page: 1, pageSize: PAGE }, ctrl.signal)
        // A server with a smaller page-size cap still answers the default page.
        .catch((e: unknown) => {
          if (isAbort(e)) throw e;
          return reviewApi.list({ status: 'PENDING', page: 1, pageSize: 20 }, ctrl.signal);
        });
      const mine = page.items.filter((r) => r.canCheck).length;
      setState({ mine, total: page.total, more: page.total > page.items.length && mine > 0 });
    };
    // The badge is a hint; errors are shown where the list itself is loaded.
    load().catch(() => undefined);
  }, [enabled]);

  useEffect(() => {
    if (!enabled) return;
    refresh();
    const timer = window.setInterval(refresh, POLL_MS);
    const onFocus = () => refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      ctrlRef.current?.abort();
    };
  }, [enabled, refresh]);

  const value = useMemo(() => ({ ...state, refresh }), [state, refresh]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useReviewCount(): ReviewCountValue {
  return useContext(Ctx);
}

export function ReviewMenuBadge() {
  const { mine, more } = useReviewCount();
  if (!mine) return null;
  return <Badge count={more ? `${mine}+` : mine} size="small" style={{ marginInlineStart: 8 }} data-testid="review-badge" />;
}

/**
 * Loads data for a component: re-runs when deps change, aborts the previous run, and exposes
 * reload(). Errors are handed to onError (the app decides how to show them) and kept in `error`.
 */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { isAbort } from './api';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (data: T | undefined) => void;
}

export interface AsyncOptions {
  /** Skip loading while false (the data is left as it is). */
  enabled?: boolean;
  onError?: (err: unknown) => void;
}

export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList, options: AsyncOptions = {}): AsyncState<T> {
  const { enabled = true } = options;
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState<boolean>(enabled);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  const onErrorRef = useRef(options.onError);
  loadRef.current = load;
  onErrorRef.current = options.onError;

  useEffect(() => {
    if (!enabled) {
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    loadRef.current(ctrl.signal).then(
      (value) => {
        if (ctrl.signal.aborted) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (ctrl.signal.aborted || isAbort(err)) return;
        setError(err);
        setLoading(false);
        onErrorRef.current?.(err);
      },
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, tick]);

  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

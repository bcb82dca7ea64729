/**
 * A live trial schedule (还款试算) through the public calculator: re-asked a moment after the inputs
 * stop changing, the previous request aborted. A null request (incomplete or invalid inputs) clears it.
 */
import { useEffect, useState } from 'react';
import { isAbort } from '../shared/api';
import { mobileApi, type TrialRequest, type TrialSchedule } from './api';

export interface TrialState {
  data: TrialSchedule | null;
  error: unknown;
  loading: boolean;
}

export function useTrial(req: TrialRequest | null, delayMs = 350): TrialState {
  const [state, setState] = useState<TrialState>({ data: null, error: null, loading: false });
  const key = req ? JSON.stringify(req) : '';
  useEffect(() => {
    if (!key) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(() => {
      mobileApi.trial(JSON.parse(key) as TrialRequest, ctrl.signal).then(
        (data) => {
          if (!ctrl.signal.aborted) setState({ data, error: null, loading: false });
        },
        (error: unknown) => {
          if (ctrl.signal.aborted || isAbort(error)) return;
          setState({ data: null, error, loading: false });
        },
      );
    }, delayMs);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [key, delayMs]);
  return state;
}

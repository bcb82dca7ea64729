/**
 * Counts and times every SQL statement this process sends through node-postgres, by wrapping
 * pg.Client.prototype.query (the pool and Drizzle's node-postgres driver both end there). Nothing in
 * src/ changes: the application opens its pool from the same `pg` module this file patches.
 *
 * Times are client-side wall time from send to result, so under concurrency they include waiting for
 * a pooled connection's earlier statements; sequential calibration runs give the clean per-request cost.
 */
import pg from 'pg';

export interface SqlSnapshot {
  statements: number;
  /** Sum of client-side wall time of the statements, milliseconds. */
  wallMs: number;
  /** Statements by their first keyword (select, insert, update, begin, commit, …). */
  byKind: Record<string, number>;
}

interface CounterState extends SqlSnapshot {
  capture: Map<string, number> | null;
  trace: string[] | null;
}

const state: CounterState = { statements: 0, wallMs: 0, byKind: {}, capture: null, trace: null };
const TRACE_MAX = 500;
let installed = false;

function textOf(config: unknown): string {
  if (typeof config === 'string') return config;
  if (config && typeof config === 'object' && typeof (config as { text?: unknown }).text === 'string')
    return (config as { text: string }).text;
  return '';
}

function kindOf(text: string): string {
  const m = /^\s*\(?\s*([A-Za-z]+)/.exec(text);
  return m ? m[1]!.toLowerCase() : 'other';
}

/** Installs the wrapper once (idempotent). */
export function installSqlCounter(): void {
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function countedQuery(this: unknown, ...args: unknown[]) {
    const text = textOf(args[0]);
    const kind = kindOf(text);
    state.statements += 1;
    state.byKind[kind] = (state.byKind[kind] ?? 0) + 1;
    if (state.capture || state.trace) {
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
      state.capture?.set(key, (state.capture.get(key) ?? 0) + 1);
      if (state.trace && state.trace.length < TRACE_MAX) state.trace.push(key);
    }
    const t0 = performance.now();
    const done = () => {
      state.wallMs += performance.now() - t0;
    };
    const cbIndex = typeof args[1] === 'function' ? 1 : typeof args[2] === 'function' ? 2 : -1;
    if (cbIndex >= 0) {
      const cb = args[cbIndex] as (...a: unknown[]) => unknown;
      args[cbIndex] = (...a: unknown[]) => {
        done();
        return cb(...a);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<unknown>).then(done, done);
    }
    return result;
  };
}

export function sqlSnapshot(): SqlSnapshot {
  return { statements: state.statements, wallMs: state.wallMs, byKind: { ...state.byKind } };
}

/** The difference between two snapshots. */
export function sqlDelta(before: SqlSnapshot, after: SqlSnapshot = sqlSnapshot()): SqlSnapshot {
  const byKind: Record<string, number> = {};
  for (const [k, v] of Object.entries(after.byKind)) {
    const d = v - (before.byKind[k] ?? 0);
    if (d) byKind[k] = d;
  }
  return { statements: after.statements - before.statements, wallMs: after.wallMs - before.wallMs, byKind };
}

/** Records statement texts (whitespace-normalised, first 160 characters) until the returned stop is called. */
export function captureStatements(): () => Array<{ text: string; count: number }> {
  const capture = new Map<string, number>();
  state.capture = capture;
  return () => {
    if (state.capture === capture) state.capture = null;
    return [...capture.entries()].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count);
  };
}

/** Records the statements in the order they are sent until the returned stop is called (at most 500). */
export function traceStatements(): () => string[] {
  const trace: string[] = [];
  state.trace = trace;
  return () => {
    if (state.trace === trace) state.trace = null;
    return trace;
  };
}

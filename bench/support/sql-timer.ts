/**
 * Time per SQL statement shape: wraps pg.Client.prototype.query (promise form) and, while a window is
 * open, sums client-side wall time and counts by the statement's first 200 characters (whitespace
 * collapsed). Used by the end-of-day benchmark to name the hot statements; nothing in src/ changes.
 */
import pg from 'pg';

interface Agg {
  count: number;
  ms: number;
}
let installed = false;
let window: Map<string, Agg> | null = null;

function textOf(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && typeof (arg as { text?: unknown }).text === 'string') return (arg as { text: string }).text;
  return '';
}

export function installSqlTimer(): void {
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function timedQuery(this: unknown, ...args: unknown[]) {
    const w = window;
    const result = original.apply(this, args);
    if (w && result && typeof (result as Promise<unknown>).then === 'function') {
      const key = textOf(args[0]).replace(/\s+/g, ' ').trim().slice(0, 200);
      const t0 = performance.now();
      const done = () => {
        const a = w.get(key) ?? { count: 0, ms: 0 };
        a.count += 1;
        a.ms += performance.now() - t0;
        w.set(key, a);
      };
      (result as Promise<unknown>).then(done, done);
    }
    return result;
  };
}

/** Opens a window; the returned function closes it and gives the statements by total time, top first. */
export function timeStatements(): () => Array<{ text: string; count: number; ms: number }> {
  const w = new Map<string, Agg>();
  window = w;
  return () => {
    if (window === w) window = null;
    return [...w.entries()].map(([text, a]) => ({ text, ...a })).sort((x, y) => y.ms - x.ms);
  };
}

/**
 * Several API processes for the origination benchmark (`--processes=N`): N child processes, each with
 * its own Huinong app and pool (bench/support/origination-worker.ts), on the same database. Arrivals go
 * to them in turn, as a round-robin load balancer would send them; the statement counts and CPU of the
 * children are read at the start and end of every step.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Applicant, ArrivalResult } from './origination-path.js';
import type { SqlSnapshot } from './sql-counter.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'origination-worker.ts');

export interface ProcessStats {
  sql: SqlSnapshot;
  /** CPU time of all the processes, microseconds (cumulative). */
  cpuMicros: number;
  /** Event loop: idle and active milliseconds summed over the processes (cumulative). */
  elu: { idle: number; active: number };
}

interface Worker {
  child: ChildProcess;
  pending: Map<number, (r: ArrivalResult) => void>;
  onStats: ((s: { sql: SqlSnapshot; cpuMicros: number; elu: { idle: number; active: number } }) => void) | null;
}

export interface ApiProcesses {
  count: number;
  arrive(a: Applicant): Promise<ArrivalResult>;
  stats(): Promise<ProcessStats>;
  close(): Promise<void>;
}

/** Starts `count` API processes one after another (each migrates nothing and seeds nothing: the bank exists). */
export async function startApiProcesses(
  count: number,
  init: { url: string; poolSize: number; prepared: boolean; token: string; runTag: string },
): Promise<ApiProcesses> {
  const workers: Worker[] = [];
  let seq = 0;
  let turn = 0;
  const failed = (w: Worker, why: string) => {
    for (const resolve of w.pending.values()) resolve({ ok: false, failure: `worker ${why}`, applicationMs: 0, drawdownMs: 0 });
    w.pending.clear();
  };
  try {
    for (let i = 0; i < count; i++) {
      const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const w: Worker = { child, pending: new Map(), onStats: null };
      workers.push(w);
      await new Promise<void>((resolve, reject) => {
        child.on('message', (msg: { type: string; seq?: number; result?: ArrivalResult; message?: string } & Record<string, unknown>) => {
          if (msg.type === 'ready') resolve();
          else if (msg.type === 'done') {
            const r = w.pending.get(msg.seq!);
            w.pending.delete(msg.seq!);
            r?.(msg.result!);
          } else if (msg.type === 'stats') w.onStats?.(msg as never);
          else if (msg.type === 'error') reject(new Error(`API process ${i + 1}: ${msg.message}`));
        });
        child.once('exit', (code) => {
          failed(w, `exited (${code})`);
          reject(new Error(`API process ${i + 1} exited (${code}) before it was ready`));
        });
        child.send({ type: 'init', ...init });
      });
    }
  } catch (err) {
    for (const w of workers) w.child.kill('SIGKILL');
    throw err;
  }

  return {
    count,
    arrive: (a) => {
      const w = workers[turn++ % workers.length]!;
      const id = seq++;
      return new Promise<ArrivalResult>((resolve) => {
        w.pending.set(id, resolve);
        w.child.send({ type: 'arrive', seq: id, applicant: a });
      });
    },
    stats: async () => {
      const all = await Promise.all(
        workers.map(
          (w) =>
            new Promise<{ sql: SqlSnapshot; cpuMicros: number; elu: { idle: number; active: number } }>((resolve) => {
              w.onStats = resolve;
              w.child.send({ type: 'stats' });
            }),
        ),
      );
      const byKind: Record<string, number> = {};
      for (const s of all) for (const [k, v] of Object.entries(s.sql.byKind)) byKind[k] = (byKind[k] ?? 0) + v;
      return {
        sql: { statements: sum(all.map((s) => s.sql.statements)), wallMs: sum(all.map((s) => s.sql.wallMs)), byKind },
        cpuMicros: sum(all.map((s) => s.cpuMicros)),
        elu: { idle: sum(all.map((s) => s.elu.idle)), active: sum(all.map((s) => s.elu.active)) },
      };
    },
    close: async () => {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => w.child.kill('SIGKILL'), 10_000);
              w.child.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              if (w.child.exitCode !== null) resolve();
              else w.child.send({ type: 'close' });
            }),
        ),
      );
    },
  };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * One API process of the origination benchmark's `--processes=N` mode: a Huinong app of its own (its
 * own pool and event loop) on the benchmark's database, serving the arrivals the parent sends it and
 * reporting its SQL statements and CPU. Several of these are what several API processes behind a load
 * balancer would be; the parent keeps the arrival clock and measures latency.
 *
 * Messages in:  init {url, poolSize, prepared, token, runTag} · arrive {seq, applicant} · stats · close
 * Messages out: ready · done {seq, result} · stats {sql, cpuMicros, elu} · error {message}
 */
import { performance } from 'node:perf_hooks';
import { createApp, type HuinongApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { arrival, type Applicant } from './origination-path.js';
import { installSqlCounter, sqlSnapshot } from './sql-counter.js';

type Incoming =
  | { type: 'init'; url: string; poolSize: number; prepared: boolean; token: string; runTag: string }
  | { type: 'arrive'; seq: number; applicant: Applicant }
  | { type: 'stats' }
  | { type: 'close' };

let app: HuinongApp | null = null;
let token = '';
let runTag = '';

const send = (msg: unknown) => process.send?.(msg);

process.on('message', (msg: Incoming) => {
  void handle(msg).catch((err: Error) => send({ type: 'error', message: err?.stack ?? String(err) }));
});

async function handle(msg: Incoming): Promise<void> {
  switch (msg.type) {
    case 'init': {
      installSqlCounter();
      token = msg.token;
      runTag = msg.runTag;
      const database = await openDatabase({ url: msg.url, poolSize: msg.poolSize, preparedStatements: msg.prepared });
      app = await createApp(testConfig({ databaseUrl: msg.url, logLevel: 'silent' }), database);
      send({ type: 'ready' });
      return;
    }
    case 'arrive': {
      const result = await arrival(app!.server, token, msg.applicant, runTag).catch((err: Error) => ({
        ok: false,
        failure: `exception ${err?.message?.slice(0, 80) ?? String(err)}`,
        applicationMs: 0,
        drawdownMs: 0,
      }));
      send({ type: 'done', seq: msg.seq, result });
      return;
    }
    case 'stats': {
      const cpu = process.cpuUsage();
      send({ type: 'stats', sql: sqlSnapshot(), cpuMicros: cpu.user + cpu.system, elu: performance.eventLoopUtilization() });
      return;
    }
    case 'close': {
      await app?.close();
      process.exit(0);
    }
  }
}

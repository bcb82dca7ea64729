/**
 * `huinong eod run --to DATE [--workers N]`: end-of-day from the command line with a progress bar
 * per step (partitions done / total). With --workers N on PostgreSQL the runner starts N − 1 child
 * processes per day (`node --import tsx src/cli/main.ts eod worker --date D`, same environment) that
 * pull partitions alongside it; on PGlite (one process owns the data folder) the N workers are async
 * workers in this process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import type { AppContext } from '../../context.js';
import { runEod, type EodProgress } from './runner.js';

const CLI_MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cli/main.ts');

function spawnWorker(date: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_MAIN, 'eod', 'worker', '--date', date], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: process.env,
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`eod worker for ${date} exited with code ${code}`))));
  });
}

export async function runEodCli(ctx: AppContext, o: { to: string; workers: number; partitionSize: number }): Promise<void> {
  const useProcesses = o.workers > 1 && ctx.database.kind === 'postgres';
  const bars = new cliProgress.MultiBar(
    { format: '{date} {step} [{bar}] {value}/{total} partitions · {rows} rows', hideCursor: true, clearOnComplete: false },
    cliProgress.Presets.shades_classic,
  );
  let steps: string[] = [];
  let total = 0;
  const current = new Map<string, { bar: cliProgress.SingleBar; rows: number; done: number }>();
  const onProgress = (e: EodProgress) => {
    if (!process.stdout.isTTY) {
      if (e.type === 'step-done') console.log(`${e.date} ${e.step} done`);
      if (e.type === 'day-done') console.log(`${e.date} 日终完成 / end-of-day done → business date ${e.businessDate}`);
      if (e.type === 'day-done' && e.anchorError)
        console.warn(`${e.date} 审计锚定失败，次日重试 / audit anchor failed, retried next day: ${e.anchorError}`);
      return;
    }
    if (e.type === 'day-start') {
      steps = e.steps;
      total = e.partitions;
      current.clear();
      for (const s of steps)
        current.set(s, { bar: bars.create(total, 0, { date: e.date, step: s.padEnd(11), rows: 0 }), rows: 0, done: 0 });
    } else if (e.type === 'partition') {
      const c = current.get(e.step);
      if (c) {
        c.rows += e.rows;
        c.done += 1;
        c.bar.update(c.done, { rows: c.rows });
      }
    } else if (e.type === 'step-done') {
      const c = current.get(e.step);
      if (c) c.bar.update(total, { rows: c.rows }); // partitions done by child processes count as done
    } else if (e.type === 'day-done') {
      for (const c of current.values()) bars.remove(c.bar);
      bars.log(`${e.date} 日终完成 / end-of-day done → business date ${e.businessDate}\n`);
      if (e.anchorError) bars.log(`${e.date} 审计锚定失败，次日重试 / audit anchor failed, retried next day: ${e.anchorError}\n`);
    }
  };
  try {
    const r = await runEod(ctx, {
      to: o.to,
      workers: useProcesses ? 1 : o.workers,
      partitionSize: o.partitionSize,
      onProgress,
      extraWorkers: useProcesses ? (date) => Array.from({ length: o.workers - 1 }, () => spawnWorker(date)) : undefined,
    });
    bars.stop();
    console.log(
      `营业日期 / business date: ${r.businessDate} (${r.days.length} day(s) closed${useProcesses ? `, ${o.workers} processes` : o.workers > 1 ? `, ${o.workers} async workers` : ''})`,
    );
  } catch (err) {
    bars.stop();
    throw err;
  }
}

/**
 * How the demo quarter is started: `huinong demo [--reset]` builds it in the foreground with a progress bar;
 * `npm start` in demo mode (HUINONG_DEMO_QUARTER, default on) serves at once and builds it in the background,
 * printing its progress to the console while the console's banner shows it to whoever has signed in.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import { createContext, openConfiguredDatabase, type HuinongApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import { getBusinessDate } from '../../src/modules/calendar/index.js';
import { finishDemoBuild, latestDemoBuild } from '../../src/modules/demo/index.js';
import { wallClock } from '../../src/kernel/clock.js';
import { DEMO_OPENING_DATE } from '../bank.js';
import { buildDemoQuarter } from './index.js';
import type { QuarterProgress } from './build.js';

export interface DemoCliOptions {
  reset: boolean;
  seed?: number;
  scale?: number;
}

/** Empties the configured database (the demo's data folder, or the server's public schema) so the next start seeds afresh. */
async function resetDatabase(config: Config): Promise<void> {
  if (config.databaseUrl) {
    const database = await openConfiguredDatabase(config);
    try {
      await database.db.execute(sql.raw('DROP SCHEMA public CASCADE'));
      await database.db.execute(sql.raw('CREATE SCHEMA public'));
    } finally {
      await database.close();
    }
    return;
  }
  if (config.dataDir) await rm(path.join(config.dataDir, 'pgdata'), { recursive: true, force: true });
}

/** Whether the bank is the fresh demo bank the quarter starts from (business date 2025-12-31, the go-live day, no build yet). */
async function freshDemoBank(ctx: AppContext): Promise<boolean> {
  return (await latestDemoBuild(ctx.db)) === null && (await getBusinessDate(ctx.db)) === DEMO_OPENING_DATE;
}

/** `huinong demo [--reset]`: builds the quarter in the foreground with a progress bar. */
export async function runDemoCli(config: Config, o: DemoCliOptions): Promise<number> {
  if (!config.demo) {
    console.error('huinong demo 只在演示模式下可用 (HUINONG_DEMO=1) / demo mode only');
    return 1;
  }
  if (o.reset) {
    await resetDatabase(config);
    console.log('演示数据已清空，重新生成 / demo data cleared, building afresh');
  }
  const ctx = await createContext({ ...config, demoQuarter: true });
  try {
    const last = await latestDemoBuild(ctx.db);
    if (last?.state === 'READY') {
      console.log('演示银行已生成（第一季度）；如需重来：huinong demo --reset / already built; to start over: huinong demo --reset');
      return 0;
    }
    if (!(await freshDemoBank(ctx))) {
      console.error(
        `演示银行不是初始状态（营业日期 ${await getBusinessDate(ctx.db)}${last ? `，上次生成 ${last.state}` : ''}）：请使用 huinong demo --reset / the bank is not fresh: use huinong demo --reset`,
      );
      return 1;
    }
    const bar = process.stdout.isTTY
      ? new cliProgress.SingleBar(
          { format: '演示银行 demo [{bar}] {percentage}% · {label}', hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    bar?.start(100, 0, { label: '' });
    const started = wallClock.now().getTime();
    let lastPrinted = -10;
    const result = await buildDemoQuarter(ctx, {
      seed: o.seed ?? config.demoSeed,
      scale: o.scale,
      onProgress: (p) => {
        if (bar) bar.update(Math.floor(p.progress), { label: p.label });
        else if (p.progress - lastPrinted >= 10 || p.phase === 'DONE') {
          lastPrinted = p.progress;
          console.log(`演示银行 demo ${Math.floor(p.progress)}% · ${p.label}`);
        }
      },
    });
    bar?.stop();
    console.log(
      `演示银行第一季度已生成 / the demo quarter is built: ${result.days} 天 days, 营业日期 business date ${result.businessDate}, ${((wallClock.now().getTime() - started) / 1000).toFixed(1)} s`,
    );
    return 0;
  } finally {
    await ctx.database.close();
  }
}

/**
 * Demo mode on a fresh bank: the quarter is built in the background while the server serves. A build a
 * previous process left half-done is marked FAILED (the console says how to start over).
 */
export async function startDemoQuarterInBackground(app: HuinongApp, log: (line: string) => void = console.log): Promise<void> {
  const { ctx } = app;
  if (!ctx.config.demo || !ctx.config.demoQuarter) return;
  const last = await latestDemoBuild(ctx.db);
  if (last?.state === 'BUILDING') {
    await finishDemoBuild(ctx.db, Number(last.id), {
      ok: false,
      error: '上次生成被中断 / the last build was interrupted',
      finishedAt: wallClock.now(),
    });
    log('演示银行上次生成被中断：运行 huinong demo --reset 重新生成 / the last demo build was interrupted: run huinong demo --reset');
    return;
  }
  if (!(await freshDemoBank(ctx))) return;
  let lastPrinted = -10;
  const onProgress = (p: QuarterProgress) => {
    if (p.progress - lastPrinted < 10 && p.phase !== 'DONE') return;
    lastPrinted = p.progress;
    log(`演示银行生成中 demo build ${Math.floor(p.progress)}% · ${p.label}`);
  };
  log('演示银行开始生成第一季度（后台进行，控制台显示进度）/ building the demo quarter in the background');
  void buildDemoQuarter(ctx, { seed: ctx.config.demoSeed, onProgress }).then(
    (r) => log(`演示银行第一季度已生成 / demo quarter built: business date ${r.businessDate}`),
    (err: unknown) => log(`演示银行生成失败 / demo build failed: ${err instanceof Error ? err.message : String(err)}`),
  );
}

/** The huinong command: the same module commands as the HTTP API, for operators and scripts. */
import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config.js';
import { createApp, createContext, openConfiguredDatabase, SYSTEM_COMMAND } from '../app.js';
import { migrate } from '../db/migrate.js';
import { isAppError, errorMessage } from '../kernel/errors.js';
import { createStaffDirect, loadActor, staffIdByUsername } from '../modules/access/index.js';
import { runAuditVerifyCli } from '../modules/audit/index.js';
import { runEodCli, runEodWorker, startEodSchedule } from '../modules/eod/index.js';
import { uploadImport } from '../modules/imports/index.js';
import { dispatchDueSms, startSmsDispatch } from '../modules/sms/index.js';
import { runDemoCli, startDemoQuarterInBackground } from '../../demo/quarter/run.js';

const program = new Command();
program.name('huinong').description('惠农 Huinong — 农商银行网贷平台 online-lending platform').version('0.1.0');

program
  .command('serve')
  .description('start the HTTP server (console at /, mobile page at /m/, API at /api/v1, docs at /docs)')
  .option('-p, --port <port>', 'port (default PORT or 8080)')
  .action(async (opts: { port?: string }) => {
    const config = loadConfig();
    if (opts.port) config.port = Number(opts.port);
    const app = await createApp(config);
    const shutdown = async () => {
      await app.close();
      process.exit(0);
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    await app.server.listen({ port: config.port, host: config.host });
    startEodSchedule(app.ctx, app.server.log);
    // queued messages (the night's reminders) go out when their time comes: HUINONG_SMS_DISPATCH_SECONDS, 0 = off
    startSmsDispatch(app.ctx.db, app.ctx.crypto, app.server.log);
    const where = `http://localhost:${config.port}`;
    console.log(`惠农 Huinong 已启动 / started: ${where}  (console ${where}/ · mobile ${where}/m/ · API docs ${where}/docs)`);
    console.log(`数据库 / database: ${app.ctx.database.describe()}${config.demo ? ' · 演示模式 demo mode (password Huinong@2026)' : ''}`);
    await startDemoQuarterInBackground(app);
  });

program
  .command('demo')
  .description("build the demo bank's first quarter (demo mode): the opening book and every day to 31 March, with a progress bar")
  .option('--reset', 'clear the demo data and build afresh')
  .option('--seed <n>', 'seed (default HUINONG_DEMO_SEED or 20260101): the same seed gives the same bank')
  .action(async (o: { reset?: boolean; seed?: string }) => {
    process.exitCode = await runDemoCli(loadConfig(), { reset: !!o.reset, seed: o.seed === undefined ? undefined : Number(o.seed) });
  });

program
  .command('migrate')
  .description('apply database migrations')
  .action(async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    const r = await migrate(database);
    console.log(
      `applied ${r.applied.length} migration(s)${r.applied.length ? ': ' + r.applied.join(', ') : ''}; ${r.skipped} already applied`,
    );
    await database.close();
  });

const staffCmd = program.command('staff').description('staff administration');
staffCmd
  .command('create')
  .description('create a staff member directly (bootstrap, e.g. the first administrator); audited')
  .requiredOption('-u, --username <username>')
  .requiredOption('-n, --name <name>')
  .requiredOption('-b, --branch <code>', 'branch code, e.g. HO')
  .requiredOption('-m, --mobile <mobile>')
  .option('-r, --roles <roles>', 'comma-separated role codes', '')
  .addOption(new Option('--password <password>', 'initial password (or HUINONG_NEW_PASSWORD)').env('HUINONG_NEW_PASSWORD'))
  .action(async (o: { username: string; name: string; branch: string; mobile: string; roles: string; password?: string }) => {
    await withContext(async (ctx) => {
      const id = await createStaffDirect(ctx, SYSTEM_COMMAND, {
        username: o.username,
        name: o.name,
        branchCode: o.branch,
        mobile: o.mobile,
        roles: o.roles
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        password: o.password ?? null,
      });
      console.log(`created staff ${o.username} (id ${id})`);
    });
  });

const auditCmd = program.command('audit').description('audit log');
auditCmd
  .command('verify')
  .description('verify the hash chain of the audit log; exit code 1 names the first broken link')
  .action(async () => {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config);
    await migrate(database);
    const code = await runAuditVerifyCli(database);
    await database.close();
    process.exitCode = code;
  });

program
  .command('import')
  .description('upload an import file (CSV or XLSX, UTF-8 or GBK); it waits for a second person to approve it')
  .requiredOption('-t, --type <type>', 'import type, e.g. STAFF')
  .requiredOption('-f, --file <file>', 'CSV or XLSX file')
  .requiredOption('--as <username>', 'the staff member submitting the import (maker)')
  .action(async (o: { type: string; file: string; as: string }) => {
    await withContext(async (ctx) => {
      const staffId = await staffIdByUsername(ctx.db, o.as);
      const actor = staffId !== null ? await loadActor(ctx.db, staffId, 0) : null;
      if (!actor) throw new Error(`no active staff member "${o.as}"`);
      if (!actor.permissions.has('import:create')) throw new Error(`${o.as} may not create imports`);
      const bytes = await readFile(o.file);
      const batch = await uploadImport(
        ctx,
        { actor, clientIp: null, lang: 'zh' },
        {
          type: o.type.toUpperCase(),
          filename: path.basename(o.file),
          bytes,
        },
      );
      console.log(
        `import ${batch.id}: ${batch.status} · ${batch.totalRows} rows, ${batch.validRows} valid, ${batch.errorRows} with errors` +
          (batch.reviewRequestId ? ` · review request ${batch.reviewRequestId} awaits a checker` : ''),
      );
      if (batch.status === 'INVALID') process.exitCode = 1;
    });
  });

const eodCmd = program.command('eod').description('end-of-day (日终)');
eodCmd
  .command('run')
  .description('run end-of-day up to (not including) --to; --workers N shares each day among N workers')
  .requiredOption('--to <date>', 'target business date, YYYY-MM-DD (the day before it is the last one closed)')
  .option('--workers <n>', 'workers per day (child processes on PostgreSQL, async workers on PGlite)', '1')
  .option('--partition-size <n>', 'loan ids per partition', '20000')
  .action(async (o: { to: string; workers: string; partitionSize: string }) => {
    await withContext(async (ctx) => {
      await runEodCli(ctx, { to: o.to, workers: Number(o.workers), partitionSize: Number(o.partitionSize) });
    });
  });
eodCmd
  .command('worker')
  .description('(internal) help the runner of --date with its partitions; started by `eod run --workers N`')
  .requiredOption('--date <date>', 'business date being closed')
  .action(async (o: { date: string }) => {
    await withContext(async (ctx) => {
      await runEodWorker(ctx, o.date);
    });
  });

const smsCmd = program.command('sms').description('SMS outbox (短信)');
smsCmd
  .command('dispatch')
  .description('send the queued messages whose time has come (reminders after quiet hours); expired ones are marked FAILED')
  .option('--limit <n>', 'messages at most', '1000')
  .action(async (o: { limit: string }) => {
    await withContext(async (ctx) => {
      const r = await dispatchDueSms(ctx.db, ctx.crypto, { limit: Number(o.limit) });
      console.log(`sent ${r.sent} · failed ${r.failed} · expired ${r.expired}`);
    });
  });

async function withContext(fn: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<void>) {
  const ctx = await createContext(loadConfig());
  try {
    await fn(ctx);
  } finally {
    await ctx.database.close();
  }
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (isAppError(err)) {
    console.error(
      `${err.code}: ${errorMessage(err.code, 'zh')} / ${errorMessage(err.code, 'en')}${err.details ? ' ' + JSON.stringify(err.details) : ''}`,
    );
  } else {
    console.error(err instanceof Error ? err.message : err);
  }
  process.exit(1);
});

/**
 * Composition root: opens the database (PGlite or PostgreSQL), migrates, loads the field key,
 * builds the registries of the modules' change and import types from the lists their doors hand
 * over, wires the servicing hooks, seeds a new bank, and builds the HTTP server.
 */
import type { FastifyInstance } from 'fastify';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.js';
import type { AppContext, CommandContext } from './context.js';
import { openDatabase, PRIVATE_DIR_MODE, withTx, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createFieldCrypto, loadOrCreateMasterKey } from './kernel/crypto.js';
import { buildServer, type ServerOptions } from './http/server.js';
import {
  accessChangeTypes,
  accessImportTypes,
  accessRoutes,
  authenticate,
  createStaffDirect,
  staffIdByUsername,
} from './modules/access/index.js';
import { branchByCode, hasBranches, insertBranch } from './modules/org/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { bureauImportTypes } from './modules/bureau/index.js';
import { coreImportTypes, coreRoutes } from './modules/core/index.js';
import { customerRoutes, customersImportTypes } from './modules/customers/index.js';
import { customersChangeTypes } from './modules/customers/index.js';
import { feedbackRoutes } from './modules/feedback/index.js';
import { marketingImportTypes, marketingRoutes } from './modules/marketing/index.js';
import { decisionChangeTypes, decisionRoutes, seedDecision } from './modules/decision/index.js';
import { ledgerRoutes } from './modules/ledger/index.js';
import { eodRoutes, isLoanInEod, loansPipeline } from './modules/eod/index.js';
import { externalListRoutes, listsImportTypes } from './modules/lists/index.js';
import { loanRoutes, loansChangeTypes, repaymentRoutes, type ServicingHooks } from './modules/loans/index.js';
import {
  authenticateCustomer,
  originationChangeTypes,
  originationImportTypes,
  originationRoutes,
  releasePledgeOnPayoff,
  restoreLineAvailability,
  restoreLinesAvailability,
} from './modules/origination/index.js';
import { productChangeTypes, productRoutes } from './modules/products/index.js';
import { servicingParamsChangeTypes, servicingParamsRoutes } from './modules/servicing-params/index.js';
import { warningChangeTypes, warningRoutes } from './modules/warning/index.js';
import { riskChangeTypes, riskRoutes } from './modules/risk/index.js';
import { smsRoutes } from './modules/sms/index.js';
import { collectionChangeTypes, collectionRoutes } from './modules/collection/index.js';
import { inspectionRoutes } from './modules/inspections/index.js';
import { reminderRoutes, remindersChangeTypes } from './modules/reminders/index.js';
import { recordReferredDisbursement, referralRoutes, referralsChangeTypes } from './modules/referrals/index.js';
import { slaChangeTypes, slaRoutes } from './modules/sla/index.js';
import { lobbyChangeTypes, lobbyRoutes } from './modules/lobby/index.js';
import { workReportRoutes } from './modules/workreport/index.js';
import { performanceChangeTypes, performanceRoutes } from './modules/performance/index.js';
import { supervisionRoutes } from './modules/supervision/index.js';
import { preCreditImportTypes, preCreditRoutes } from './modules/precredit/index.js';
import { preCreditChangeTypes } from './modules/precredit/index.js';
import { groupsImportTypes } from './modules/groups/index.js';
import { groupRoutes, recordGroupApplication } from './modules/groups/index.js';
import { attributeApplication, campaignRoutes } from './modules/campaigns/index.js';
import { calculatorRoutes } from './modules/calculator/index.js';
import { reportRoutes } from './modules/reports/index.js';
import { trainingRoutes } from './modules/training/index.js';
import { resourcesImportTypes, resourcesRoutes } from './modules/resources/index.js';
import { demoRoutes } from './modules/demo/index.js';
import { bankDateOf, calendarRoutes, initBusinessDate } from './modules/calendar/index.js';
import { clock } from './kernel/clock.js';
import { importRoutes, importsChangeTypes, importTypeRegistry, type ImportTypeSpec } from './modules/imports/index.js';
import { changeTypeRegistry, reviewChangeTypes, reviewRoutes, type ChangeTypeSpec } from './modules/review/index.js';
import { DEMO_BRANCHES, DEMO_BUSINESS_DATE, DEMO_CUSTOMERS, DEMO_OPENING_DATE, DEMO_PASSWORD, DEMO_USERS } from '../demo/bank.js';
import { makeIdNumber } from './kernel/idcard.js';
import { ensureCustomer } from './modules/customers/index.js';
import { seedDemoDeposits } from './modules/core/index.js';

export interface HuinongApp {
  ctx: AppContext;
  server: FastifyInstance;
  close(): Promise<void>;
}

export const SYSTEM_COMMAND: CommandContext = { actor: null, clientIp: null, lang: 'zh' };

/** Opens the database named by the configuration. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) {
    return openDatabase({
      url: config.databaseUrl,
      poolSize: config.databasePoolSize,
      preparedStatements: config.databasePreparedStatements,
    });
  }
  if (!config.dataDir) return openDatabase({});
  // The data folder (database and key file) is the owner's alone: 0700, created so and corrected on start.
  await mkdir(config.dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(config.dataDir, PRIVATE_DIR_MODE);
  return openDatabase({ dataDir: path.join(config.dataDir, 'pgdata') });
}

/** What a context may get besides the modules' own types (tests add their own change and import types). */
export interface WiringOptions {
  changeTypes?: ChangeTypeSpec<never>[];
  importTypes?: ImportTypeSpec<unknown>[];
}

/** The wiring of one application: the modules' change and import types and the servicing hooks, as data. */
export type Wiring = Pick<
  AppContext,
  'changeTypes' | 'importTypes' | 'hooks' | 'onReferredDisbursement' | 'onGroupApplication' | 'onCampaignApplication'
>;

/**
 * Builds the registries from the lists each module's door hands over (a type listed twice is refused
 * here) and the hooks servicing needs from the modules after it.
 */
export function wireModules(extra: WiringOptions = {}): Wiring {
  const changeTypes = changeTypeRegistry([
    ...reviewChangeTypes(),
    ...importsChangeTypes(),
    ...accessChangeTypes(),
    ...productChangeTypes(),
    ...decisionChangeTypes(),
    ...originationChangeTypes(),
    ...loansChangeTypes(),
    ...servicingParamsChangeTypes(),
    ...warningChangeTypes(),
    ...riskChangeTypes(),
    ...collectionChangeTypes(),
    ...remindersChangeTypes(),
    ...referralsChangeTypes(),
    ...customersChangeTypes(),
    ...slaChangeTypes(),
    ...preCreditChangeTypes(),
    ...lobbyChangeTypes(),
    ...performanceChangeTypes(),
    ...(extra.changeTypes ?? []),
  ]);
  const importTypes = importTypeRegistry([
    ...accessImportTypes(),
    ...customersImportTypes(),
    ...coreImportTypes(),
    ...bureauImportTypes(),
    ...listsImportTypes(),
    ...preCreditImportTypes(),
    ...marketingImportTypes(),
    ...groupsImportTypes(),
    ...resourcesImportTypes(),
    ...originationImportTypes(),
    ...(extra.importTypes ?? []),
  ]);
  // Servicing reaches back into origination (lines, pledges) and end-of-day only through these hooks:
  // no module cycle. Writes on a loan while its day's end-of-day covers it → 409 EOD_IN_PROGRESS.
  const hooks: ServicingHooks = {
    restoreLine: restoreLineAvailability,
    restoreLines: restoreLinesAvailability,
    releasePledge: releasePledgeOnPayoff,
    isLoanInEod,
  };
  // A referred customer's drawdown earns the referrer a reward (origination → referrals, no module cycle).
  const onReferredDisbursement = recordReferredDisbursement;
  // An application through a key customer group's link makes the applicant a member (origination → groups, no module cycle).
  const onGroupApplication = recordGroupApplication;
  // Every application is credited to its campaign: the code, or a campaign SMS within its window (origination → campaigns, no module cycle).
  const onCampaignApplication = attributeApplication;
  return { changeTypes, importTypes, hooks, onReferredDisbursement, onGroupApplication, onCampaignApplication };
}

/** Everything but HTTP: database migrated, key loaded, modules wired, bank seeded. */
export async function createContext(config: Config, database?: Database, extra: WiringOptions = {}): Promise<AppContext> {
  const wiring = wireModules(extra);
  const db = database ?? (await openConfiguredDatabase(config));
  await migrate(db);
  const key = await loadOrCreateMasterKey({ envKey: config.secretKey, dataDir: config.dataDir });
  const ctx: AppContext = {
    config,
    database: db,
    db: db.db,
    crypto: createFieldCrypto(key),
    ...wiring,
    eodPipeline: loansPipeline(wiring.hooks, config.publicBaseUrl),
  };
  await seedDecision(ctx);
  await seedBank(ctx);
  return ctx;
}

/** Every module's routes, in registration order (the server, and the demo quarter's own in-process server). */
export const ROUTE_MODULES: ServerOptions['modules'] = [
  calendarRoutes,
  accessRoutes,
  reviewRoutes,
  importRoutes,
  auditRoutes,
  calculatorRoutes,
  productRoutes,
  customerRoutes,
  smsRoutes,
  coreRoutes,
  externalListRoutes,
  decisionRoutes,
  ledgerRoutes,
  loanRoutes,
  repaymentRoutes,
  originationRoutes,
  eodRoutes,
  servicingParamsRoutes,
  warningRoutes,
  riskRoutes,
  collectionRoutes,
  inspectionRoutes,
  reminderRoutes,
  referralRoutes,
  feedbackRoutes,
  slaRoutes,
  lobbyRoutes,
  preCreditRoutes,
  marketingRoutes,
  campaignRoutes,
  groupRoutes,
  performanceRoutes,
  reportRoutes,
  supervisionRoutes,
  workReportRoutes,
  trainingRoutes,
  resourcesRoutes,
  demoRoutes,
];

export async function createApp(config: Config, database?: Database, extra: WiringOptions = {}): Promise<HuinongApp> {
  const ctx = await createContext(config, database, extra);
  const server = await buildServer({
    ctx,
    authenticate: (token) => authenticate(ctx.db, token),
    authenticateCustomer: (token) => authenticateCustomer(ctx.db, token),
    modules: ROUTE_MODULES,
  });
  return {
    ctx,
    server,
    close: async () => {
      await server.close();
      await ctx.database.close();
    },
  };
}

/** First start: the organisation (demo bank in demo mode), demo users, business date. */
export async function seedBank(ctx: AppContext): Promise<void> {
  if (await hasBranches(ctx.db)) return;
  const today = bankDateOf(clock.now());
  if (!ctx.config.demo) {
    await withTx(ctx.db, (tx) =>
      insertBranch(tx, { code: 'HO', name: process.env.HUINONG_BANK_NAME ?? '农商银行总行', kind: 'HEAD_OFFICE', parentId: null }),
    );
    await initBusinessDate(ctx.db, ctx.config.initialBusinessDate ?? today);
    return;
  }
  await withTx(ctx.db, async (tx) => {
    const ids = new Map<string, number>();
    for (const b of DEMO_BRANCHES) {
      const parentId = b.parent ? ids.get(b.parent)! : null;
      ids.set(b.code, await insertBranch(tx, { code: b.code, name: b.name, kind: b.kind, parentId }));
    }
  });
  // the business date first: the demo staff's history (staff_history) starts on the bank's first day
  await initBusinessDate(ctx.db, ctx.config.initialBusinessDate ?? (ctx.config.demoQuarter ? DEMO_OPENING_DATE : DEMO_BUSINESS_DATE));
  for (const u of DEMO_USERS) {
    if (!(await branchByCode(ctx.db, u.branch))) throw new Error(`demo branch ${u.branch} missing`);
    await createStaffDirect(ctx, SYSTEM_COMMAND, { ...u, branchCode: u.branch, password: DEMO_PASSWORD });
  }
  await seedDemoCustomers(ctx);
}

/** Demo customers with deposits and certificates, so every product can be tried at once. */
async function seedDemoCustomers(ctx: AppContext): Promise<void> {
  for (const c of DEMO_CUSTOMERS) {
    await withTx(ctx.db, async (tx) => {
      const branch = await branchByCode(tx, c.branch);
      const officerId = c.officer ? await staffIdByUsername(tx, c.officer) : null;
      const { customer } = await ensureCustomer(tx, ctx.crypto, {
        name: c.name,
        idNumber: makeIdNumber(c.idFirst17),
        mobile: c.mobile,
        branchId: branch!.id,
        officerId,
        occupation: c.occupation,
        monthlyIncomeFen: BigInt(c.monthlyIncomeYuan) * 100n,
      });
      await seedDemoDeposits(tx, customer.id, branch!.id, {
        demandFen: BigInt(c.demandYuan) * 100n,
        certificates: c.certificates.map((cd) => ({
          principalFen: BigInt(cd.principalYuan) * 100n,
          annualRatePct: cd.annualRatePct,
          openDate: cd.openDate,
          maturityDate: cd.maturityDate,
        })),
      });
    });
  }
}

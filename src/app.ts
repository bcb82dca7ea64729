/**
 * Composition root: opens the database (PGlite or PostgreSQL), migrates, loads the field key,
 * registers the modules' change and import types, seeds a new bank, and builds the HTTP server.
 */
import type { FastifyInstance } from 'fastify';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { Config } from './config.js';
import type { AppContext, CommandContext } from './context.js';
import { openDatabase, withTx, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createFieldCrypto, loadOrCreateMasterKey } from './kernel/crypto.js';
import { buildServer } from './http/server.js';
import {
  accessRoutes,
  authenticate,
  branches,
  createStaffDirect,
  insertBranch,
  registerAccessChangeTypes,
  branchByCode,
} from './modules/access/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { calculatorRoutes } from './modules/calculator/index.js';
import { calendarRoutes, initBusinessDate } from './modules/calendar/index.js';
import { importRoutes } from './modules/imports/index.js';
import { reviewRoutes } from './modules/review/index.js';
import { DEMO_BRANCHES, DEMO_BUSINESS_DATE, DEMO_PASSWORD, DEMO_USERS } from '../demo/bank.js';

export interface HuinongApp {
  ctx: AppContext;
  server: FastifyInstance;
  close(): Promise<void>;
}

export const SYSTEM_COMMAND: CommandContext = { actor: null, clientIp: null, lang: 'zh' };

/** Opens the database named by the configuration. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ url: config.databaseUrl });
  if (!config.dataDir) return openDatabase({});
  const dataDir = path.join(config.dataDir, 'pgdata');
  await mkdir(dataDir, { recursive: true });
  return openDatabase({ dataDir });
}

/** Everything but HTTP: database migrated, key loaded, modules registered, bank seeded. */
export async function createContext(config: Config, database?: Database): Promise<AppContext> {
  const db = database ?? (await openConfiguredDatabase(config));
  await migrate(db);
  const key = await loadOrCreateMasterKey({ envKey: config.secretKey, dataDir: config.dataDir });
  const ctx: AppContext = { config, database: db, db: db.db, crypto: createFieldCrypto(key) };
  registerAccessChangeTypes(ctx);
  await seedBank(ctx);
  return ctx;
}

export async function createApp(config: Config, database?: Database): Promise<HuinongApp> {
  const ctx = await createContext(config, database);
  const server = await buildServer({
    ctx,
    authenticate: (token) => authenticate(ctx.db, token),
    modules: [calendarRoutes, accessRoutes, reviewRoutes, importRoutes, auditRoutes, calculatorRoutes],
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
  const [{ n }] = await ctx.db.select({ n: count() }).from(branches);
  if (Number(n) > 0) return;
  const today = new Date().toISOString().slice(0, 10);
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
  for (const u of DEMO_USERS) {
    if (!(await branchByCode(ctx.db, u.branch))) throw new Error(`demo branch ${u.branch} missing`);
    await createStaffDirect(ctx, SYSTEM_COMMAND, { ...u, branchCode: u.branch, password: DEMO_PASSWORD });
  }
  await initBusinessDate(ctx.db, ctx.config.initialBusinessDate ?? DEMO_BUSINESS_DATE);
}

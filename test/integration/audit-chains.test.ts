/**
 * One audit chain per key (migration 0037): a record joins the chain of the customer its command touches,
 * else the acting staff member's, else the system's; commands on different customers append without
 * waiting for each other, while two on one chain still serialise and stay gap-free.
 * Two transactions held open at once need two connections: PostgreSQL and Citus (PGlite has one).
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/context.js';
import { queryRows, sql, withTx, type Db } from '../../src/db/client.js';
import { migrate, MIGRATIONS_DIR } from '../../src/db/migrate.js';
import { auditHash, GENESIS_HASH, type AuditRecord } from '../../src/modules/audit/canonical.js';
import { permissionsOf, scopeOf, type Actor } from '../../src/modules/org/index.js';
import {
  appendAudit,
  auditCommand,
  auditCommandAtCommit,
  verifyAuditChain,
  withAuditedTx,
  type AuditTarget,
} from '../../src/modules/audit/index.js';
import { createMigratedDatabase, testEngines, type Database } from '../support/db.js';

const officer: Actor = {
  staffId: 21,
  username: 'sun.officer',
  name: 'sun.officer',
  roles: ['loan_officer'],
  permissions: permissionsOf(['loan_officer']),
  scope: scopeOf(['loan_officer']),
  branchId: 1,
  branchPath: '/1/',
  sessionId: 21,
};
const cmd: CommandContext = { actor: officer, clientIp: '10.0.0.21', lang: 'zh' };

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Fails with `what` unless `p` settles within `ms`. */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms} ms: ${what}`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testEngines())('audit chains on %s', (kind) => {
  let database: Database;
  let db: Db;

  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
    db = database.db;
  });
  afterAll(async () => {
    await database?.close();
  });

  const chainRows = (chain: number) =>
    queryRows<{ seq: string; prev_hash: string; hash: string; target_id: string }>(
      db,
      sql`SELECT seq::text AS seq, prev_hash, hash, target_id FROM audit_log WHERE chain = ${chain} ORDER BY audit_log.seq`,
    );

  it('chooses the chain from what the command touches: the customer, else the staff member', async () => {
    const byTarget = await withTx(db, (tx) => auditCommand(tx, cmd, 'pii.unmask', { type: 'customer', id: 501 }));
    const byCustomer = await withTx(db, (tx) => auditCommand(tx, cmd, 'drawdown.create', { type: 'loan', id: 9, customerId: 501 }));
    const staffOnly = await withTx(db, (tx) => auditCommand(tx, cmd, 'branch.update', { type: 'branch', id: 1 }));
    const system = await withTx(db, (tx) => auditCommand(tx, { actor: null, clientIp: null, lang: 'zh' }, 'eod.run', null));
    expect([byTarget, byCustomer, staffOnly, system].map((r) => [r.chain, r.seq])).toEqual([
      [501, 1],
      [501, 2],
      [-21, 1],
      [0, 1],
    ]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 4 });
  });

  it('a transaction auditing several customers at its commit appends to each chain in key order', async () => {
    const targets: AuditTarget[] = [
      { type: 'application', id: 1, customerId: 703 },
      { type: 'application', id: 2, customerId: 702 },
      { type: 'application', id: 3, customerId: 703 },
    ];
    await withAuditedTx(db, async (tx) => {
      for (const t of targets) await auditCommandAtCommit(tx, cmd, 'application.submit', t);
    });
    expect((await chainRows(702)).map((r) => [r.seq, r.target_id])).toEqual([['1', '2']]);
    expect((await chainRows(703)).map((r) => [r.seq, r.target_id])).toEqual([
      ['1', '1'],
      ['2', '3'],
    ]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it.runIf(kind !== 'pglite')(
    'commands on different customers do not wait for each other: both append while the other is open, both commit',
    async () => {
      const appended = { a: deferred(), b: deferred() };
      const open = (customerId: number, mine: keyof typeof appended, theirs: keyof typeof appended) =>
        withTx(db, async (tx) => {
          const r = await auditCommand(tx, cmd, 'repayment.create', { type: 'loan', id: customerId, customerId });
          appended[mine].resolve();
          // Still open: the other transaction must append now, or it waits for this one's chain.
          await within(appended[theirs].promise, 10_000, `customer ${customerId}'s transaction open, the other customer's append waiting`);
          return r;
        });
      const [a, b] = await Promise.all([open(801, 'a', 'b'), open(802, 'b', 'a')]);
      expect(a).toMatchObject({ chain: 801, seq: 1 });
      expect(b).toMatchObject({ chain: 802, seq: 1 });
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    },
  );

  it.runIf(kind !== 'pglite')(
    'two commands on one customer serialise: the second waits for the first to commit, then links to it',
    async () => {
      const firstAppended = deferred();
      const release = deferred();
      const first = withTx(db, async (tx) => {
        const r = await auditCommand(tx, cmd, 'repayment.create', { type: 'loan', id: 1, customerId: 901 });
        firstAppended.resolve();
        await release.promise;
        return r;
      });
      await within(firstAppended.promise, 10_000, 'the first append');
      let secondDone = false;
      const second = withTx(db, (tx) => auditCommand(tx, cmd, 'repayment.create', { type: 'loan', id: 2, customerId: 901 })).then((r) => {
        secondDone = true;
        return r;
      });
      await sleep(300);
      expect(secondDone).toBe(false); // queued on chain 901's head
      release.resolve();
      const [a, b] = await Promise.all([first, second]);
      expect(a).toMatchObject({ chain: 901, seq: 1 });
      expect(b).toMatchObject({ chain: 901, seq: 2 });
      const rows = await chainRows(901);
      expect(rows.map((r) => r.seq)).toEqual(['1', '2']);
      expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    },
  );

  it.runIf(kind !== 'pglite')('many concurrent commands on a few customers leave every chain gap-free', async () => {
    const customers = [1101, 1102, 1103];
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        withTx(db, (tx) => auditCommand(tx, cmd, 'repayment.create', { type: 'loan', id: i, customerId: customers[i % 3]! })),
      ),
    );
    for (const c of customers) expect((await chainRows(c)).map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('migration 0037 moves the single chain written before it to chain 0, where it verifies as before and grows', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hn-audit-0036-'));
    for (const f of await readdir(MIGRATIONS_DIR)) {
      if (f.endsWith('.sql') && f < '0037') await copyFile(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
    }
    const old = await createMigratedDatabase(kind, dir);
    try {
      // Three records as the single-chain appender wrote them: hn-audit-v1, no chain column.
      let prevHash = GENESIS_HASH;
      const hashes: string[] = [];
      for (let seq = 1; seq <= 3; seq++) {
        const record: AuditRecord = {
          chain: 0,
          seq,
          prevHash,
          at: `2026-01-0${seq}T08:00:00.123000Z`,
          actorId: 11,
          actorUsername: 'wang.li',
          actorRoles: ['admin'],
          action: 'staff.create',
          targetType: 'staff',
          targetId: String(seq),
          summary: { n: seq },
          clientIp: '10.0.0.1',
        };
        const hash = auditHash(record);
        await old.db.execute(
          sql`INSERT INTO audit_log (seq, at, actor_id, actor_username, actor_roles, action, target_type, target_id, summary, client_ip, prev_hash, hash)
              VALUES (${seq}, ${record.at}::timestamptz, 11, 'wang.li', '{admin}', 'staff.create', 'staff', ${String(seq)},
                      ${JSON.stringify(record.summary)}::jsonb, '10.0.0.1', ${prevHash}, ${hash})`,
        );
        hashes.push(hash);
        prevHash = hash;
      }
      await old.db.execute(sql`UPDATE audit_chain_head SET seq = 3, hash = ${prevHash} WHERE id = 1`);

      await migrate(old);
      const moved = await queryRows<{ chain: string; seq: string; hash: string }>(
        old.db,
        sql`SELECT chain::text AS chain, seq::text AS seq, hash FROM audit_log ORDER BY audit_log.chain, audit_log.seq`,
      );
      expect(moved).toEqual(hashes.map((hash, i) => ({ chain: '0', seq: String(i + 1), hash })));
      expect(await verifyAuditChain(old.db)).toEqual({ ok: true, rows: 3 });
      const next = await appendAudit(old.db, { actor: { staffId: null, username: 'system', roles: [] }, action: 'eod.run' });
      expect(next).toMatchObject({ chain: 0, seq: 4 });
      expect(await verifyAuditChain(old.db)).toEqual({ ok: true, rows: 4 });
      // The old records are still hashed in the v1 form: an edit shows at its seq of chain 0.
      await withTx(old.db, async (tx) => {
        await tx.execute(sql`SELECT set_config('citus.enable_unsafe_triggers', 'on', true) FROM pg_extension WHERE extname = 'citus'`);
        await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
        await tx.execute(sql`UPDATE audit_log SET target_id = '9' WHERE chain = 0 AND seq = 2`);
        await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
      });
      expect(await verifyAuditChain(old.db)).toEqual({ ok: false, rows: 1, brokenAt: { chain: 0, seq: 2, reason: 'HASH_MISMATCH' } });
    } finally {
      await old.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

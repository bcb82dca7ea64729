/**
 * The audit log on every engine: appends ride the caller's transaction, concurrent appenders to one
 * chain make one gap-free chain while appenders to different chains do not wait for each other, ordinary
 * SQL cannot change history, and an attacker who switches the trigger off is caught by verification at
 * the first broken link, named by chain and seq — a tail cut together with its head too, once anchored.
 * Also the HTTP API and the CLI output.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wireModules } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import type { CommandContext } from '../../src/context.js';
import { queryOne, queryRows, sql, withTx, type Db } from '../../src/db/client.js';
import { buildServer } from '../../src/http/server.js';
import { createFieldCrypto } from '../../src/kernel/crypto.js';
import { permissionsOf, scopeOf, type Actor, type ActorRef } from '../../src/modules/org/index.js';
import {
  ANCHOR_CHAIN,
  anchorAuditChains,
  appendAudit,
  auditCommand,
  auditRoutes,
  listAudit,
  runAuditVerifyCli,
  verifyAuditChain,
  type AuditInput,
} from '../../src/modules/audit/index.js';
import { auditHash, GENESIS_HASH } from '../../src/modules/audit/canonical.js';
import { createMigratedDatabase, testEngines, type Database } from '../support/db.js';

const WANG: ActorRef = { staffId: 11, username: 'wang.li', roles: ['admin'] };
const ZHAO: ActorRef = { staffId: 12, username: 'zhao.min', roles: ['approver', 'branch_head'] };
/** WANG's records touch no customer: they join his staff chain, minus his staff id. */
const W = -11;

function input(action: string, extra: Partial<AuditInput> = {}): AuditInput {
  return { actor: WANG, action, targetType: 'staff', targetId: 1, summary: null, clientIp: '10.0.0.1', ...extra };
}

function actor(username: string, roles: string[], staffId: number): Actor {
  return {
    staffId,
    username,
    name: username,
    roles,
    permissions: permissionsOf(roles),
    scope: scopeOf(roles),
    branchId: 1,
    branchPath: '/1/',
    sessionId: staffId,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function count(db: Db): Promise<number> {
  return Number((await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM audit_log`))?.n);
}

/** The last seq of a chain (WANG's unless named). */
async function lastSeq(db: Db, chain = W): Promise<number> {
  return Number((await queryOne<{ s: string | null }>(db, sql`SELECT max(seq)::text AS s FROM audit_log WHERE chain = ${chain}`))?.s ?? 0);
}

/** The rows verification finds intact before a break at (chain, seq): every row of the chains walked before it, and the chain's rows before seq. */
async function intactBefore(db: Db, chain: number, seq: number): Promise<number> {
  const r = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM audit_log WHERE chain < ${chain}`);
  return Number(r?.n) + seq - 1;
}

/**
 * What an attacker with owner rights does: trigger off, change, trigger on — committed. On Citus the
 * trigger fires on the placements of the reference table, and Citus passes ENABLE/DISABLE TRIGGER on to
 * every placement (in this transaction) only with citus.enable_unsafe_triggers on; without it the
 * ALTER fails with "triggers are not supported on reference tables".
 */
async function tamper(db: Db, statement: SQL): Promise<void> {
  await withTx(db, async (tx) => {
    if (await queryOne(tx, sql`SELECT 1 AS citus FROM pg_extension WHERE extname = 'citus'`)) {
      await tx.execute(sql`SELECT set_config('citus.enable_unsafe_triggers', 'on', true)`);
    }
    await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await tx.execute(statement);
    await tx.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
  });
}

describe.each(testEngines())('audit log on %s', (kind) => {
  let database: Database;
  let db: Db;

  /** Keeps a copy of the log so a tampering test can put the original back afterwards. */
  const backup = async () => {
    await db.execute(sql`DROP TABLE IF EXISTS audit_backup`);
    await db.execute(sql`CREATE TABLE audit_backup AS SELECT * FROM audit_log`);
  };
  const restore = async () => {
    await tamper(db, sql`DELETE FROM audit_log`);
    await db.execute(sql`INSERT INTO audit_log SELECT * FROM audit_backup`);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  };

  /** The database's own message for a statement that must fail (Drizzle wraps it as the cause). */
  const failure = async (statement: SQL): Promise<string> => {
    try {
      await db.execute(statement);
    } catch (err) {
      const e = err as Error & { cause?: Error };
      return e.cause?.message ?? e.message;
    }
    throw new Error('the statement succeeded');
  };

  beforeAll(async () => {
    database = await createMigratedDatabase(kind);
    db = database.db;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('an empty log verifies as intact with 0 rows', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 0 });
  });

  it('the first record has seq 1 and the genesis prev_hash; the next links to it', async () => {
    const first = await withTx(db, (tx) => appendAudit(tx, input('auth.login')));
    const second = await withTx(db, (tx) => appendAudit(tx, input('auth.logout', { targetId: 'abc' })));
    expect(first).toMatchObject({ chain: W, seq: 1 });
    expect(second).toMatchObject({ chain: W, seq: 2 });
    const rows = await queryRows<{ seq: string; prev_hash: string; hash: string; target_id: string }>(
      db,
      sql`SELECT seq::text AS seq, prev_hash, hash, target_id FROM audit_log WHERE chain = ${W} ORDER BY audit_log.seq`,
    );
    expect(rows).toEqual([
      { seq: '1', prev_hash: GENESIS_HASH, hash: first.hash, target_id: '1' },
      { seq: '2', prev_hash: first.hash, hash: second.hash, target_id: 'abc' },
    ]);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });
  });

  it('a transaction that rolls back leaves no record and does not break the chain', async () => {
    const before = await lastSeq(db);
    const total = await count(db);
    await expect(
      withTx(db, async (tx) => {
        const r = await appendAudit(tx, input('staff.create', { summary: { after: { username: 'ghost' } } }));
        expect(r.seq).toBe(before + 1);
        throw new Error('command failed after auditing');
      }),
    ).rejects.toThrow('command failed');
    expect(await lastSeq(db)).toBe(before);
    const ghost = await queryRows(db, sql`SELECT 1 FROM audit_log WHERE summary @> '{"after":{"username":"ghost"}}'`);
    expect(ghost).toHaveLength(0);

    const next = await withTx(db, (tx) => appendAudit(tx, input('staff.create')));
    expect(next.seq).toBe(before + 1); // the seq is given back, no gap
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: total + 1 });
  });

  it('given the database instead of a transaction, appendAudit opens its own; no staff id: the system chain', async () => {
    const before = await lastSeq(db, 0);
    const r = await appendAudit(db, input('auth.login_failed', { actor: { staffId: null, username: 'nobody', roles: [] } }));
    expect(r).toMatchObject({ chain: 0, seq: before + 1 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('three concurrent transactions on one chain produce one valid chain, each one contiguous', async () => {
    const before = await lastSeq(db);
    const total = await count(db);
    const worker = (name: string) =>
      withTx(db, async (tx) => {
        const seqs: number[] = [];
        for (let i = 0; i < 4; i++) {
          seqs.push((await appendAudit(tx, input('review.submit', { targetId: `${name}-${i}` }))).seq);
          await sleep(5); // hold the transaction open while the others try to append
        }
        return seqs;
      });
    const loser = withTx(db, async (tx) => {
      await appendAudit(tx, input('review.reject', { targetId: 'rolled-back' }));
      await sleep(5);
      throw new Error('rejected');
    });
    const [a, b, c, d] = await Promise.allSettled([worker('a'), worker('b'), loser, worker('c')]);

    expect(c.status).toBe('rejected');
    const runs = [a, b, d].map((r) => (r.status === 'fulfilled' ? r.value : []));
    const all = runs.flat().sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 12 }, (_, i) => before + 1 + i));
    // The advisory lock is held to commit: one transaction's records are never interleaved.
    for (const seqs of runs) expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2, seqs[0] + 3]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: total + 12 });
    const lost = await queryRows(db, sql`SELECT 1 FROM audit_log WHERE target_id = 'rolled-back'`);
    expect(lost).toHaveLength(0);
  });

  it('auditCommand records the actor, roles and client address of the command', async () => {
    const cmd: CommandContext = { actor: actor('qian.hui', ['approver', 'inspector'], 31), clientIp: '192.168.1.20', lang: 'zh' };
    const r = await withTx(db, (tx) => auditCommand(tx, cmd, 'review.approve', { type: 'review', id: 77 }, { decision: 'APPROVED' }));
    const row = await queryOne<Record<string, unknown>>(
      db,
      sql`SELECT actor_id::text AS actor_id, actor_username, array_to_json(actor_roles)::text AS roles, action,
                 target_type, target_id, summary::text AS summary, client_ip FROM audit_log WHERE chain = ${r.chain} AND seq = ${r.seq}`,
    );
    expect(r.chain).toBe(-31); // no customer touched: the actor's staff chain
    expect(row).toEqual({
      actor_id: '31',
      actor_username: 'qian.hui',
      roles: '["approver","inspector"]',
      action: 'review.approve',
      target_type: 'review',
      target_id: '77',
      summary: '{"decision": "APPROVED"}',
      client_ip: '192.168.1.20',
    });
    const system = await withTx(db, (tx) => auditCommand(tx, { actor: null, clientIp: null, lang: 'zh' }, 'eod.run', null));
    const sys = await queryOne<{ actor_id: string | null; actor_username: string; target_type: string | null }>(
      db,
      sql`SELECT actor_id::text AS actor_id, actor_username, target_type FROM audit_log WHERE chain = 0 AND seq = ${system.seq}`,
    );
    expect(system.chain).toBe(0);
    expect(sys).toEqual({ actor_id: null, actor_username: 'system', target_type: null });
  });

  it('stores summaries without secrets or plain personal data, and they verify whatever order jsonb keeps', async () => {
    const summary = {
      zeta: 1,
      a: { longer_key: '惠农 😀', b: [3, { y: true, x: null }] },
      password: 'hunter2hunter2',
      mobile: '13812345678',
      amountYuan: '8530.99',
      ratio: 0.1,
      tiny: 1e-7,
      huge: 1e21,
      at: new Date('2024-05-01T00:00:00Z'),
    };
    const r = await withTx(db, (tx) => appendAudit(tx, input('staff.update', { summary, targetId: 'odd"{id},\\' })));
    const stored = await queryOne<{ summary: string; target_id: string }>(
      db,
      sql`SELECT summary::text AS summary, target_id FROM audit_log WHERE chain = ${r.chain} AND seq = ${r.seq}`,
    );
    const parsed = JSON.parse(stored!.summary) as Record<string, unknown>;
    expect(parsed.password).toBe('[REDACTED]');
    expect(parsed.mobile).toBe('138****5678');
    expect(parsed.at).toBe('2024-05-01T00:00:00.000Z');
    expect(stored!.target_id).toBe('odd"{id},\\');
    expect(stored!.summary).not.toContain('hunter2');
    // jsonb keeps keys shorter-first, not as given: verification must not care.
    expect(Object.keys(parsed)[0]).not.toBe('zeta');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('actor roles with commas, quotes and braces round-trip exactly', async () => {
    const odd: ActorRef = { staffId: 5, username: 'o"dd', roles: ['a,b', '{c}', 'd"e', 'NULL', '', '\\'] };
    const r = await withTx(db, (tx) => appendAudit(tx, input('staff.update', { actor: odd })));
    const row = await queryOne<{ roles: string }>(
      db,
      sql`SELECT array_to_json(actor_roles)::text AS roles FROM audit_log WHERE chain = ${r.chain} AND seq = ${r.seq}`,
    );
    expect(JSON.parse(row!.roles)).toEqual(odd.roles);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through ordinary SQL', async () => {
    const n = await count(db);
    expect(await failure(sql`UPDATE audit_log SET action = 'x' WHERE seq = 1`)).toBe('audit_log is append-only: UPDATE refused');
    expect(await failure(sql`DELETE FROM audit_log WHERE seq = 2`)).toBe('audit_log is append-only: DELETE refused');
    expect(await failure(sql`TRUNCATE audit_log`)).toBe('audit_log is append-only: TRUNCATE refused');
    expect(await count(db)).toBe(n);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: n });
  });

  it('refuses rows that break the table constraints', async () => {
    const insert = (seq: number, prev: string, action = 'x.y') =>
      failure(sql`INSERT INTO audit_log (chain, seq, at, actor_username, action, prev_hash, hash)
                  VALUES (${W}, ${seq}, now(), 'x', ${action}, ${prev}, ${GENESIS_HASH})`);
    expect(await insert(999999, 'not-a-hash')).toMatch(/audit_log_prev_hash_hex/);
    expect(await insert(0, GENESIS_HASH)).toMatch(/audit_log_seq_positive/);
    expect(await insert(999999, GENESIS_HASH, '')).toMatch(/audit_log_action_not_empty/);
    expect(await insert(1, GENESIS_HASH)).toMatch(/audit_log_pkey/);
  });

  it('an edited summary is caught at that seq (HASH_MISMATCH); putting it back, keys reordered, passes', async () => {
    const n = await count(db);
    const original = await queryOne<{ chain: string; seq: string; summary: string }>(
      db,
      sql`SELECT chain::text AS chain, seq::text AS seq, summary::text AS summary FROM audit_log WHERE summary ? 'zeta'`,
    );
    const chain = Number(original!.chain);
    const target = Number(original!.seq);
    expect(chain).toBe(W);
    await tamper(db, sql`UPDATE audit_log SET summary = jsonb_set(summary, '{zeta}', '2') WHERE chain = ${chain} AND seq = ${target}`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, chain, target),
      brokenAt: { chain, seq: target, reason: 'HASH_MISMATCH' },
    });

    const lines: string[] = [];
    expect(await runAuditVerifyCli(database, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toBe(
      `审计链 ${chain} 在第 ${target} 条断开 (HASH_MISMATCH) / audit chain ${chain} broken at seq ${target} (HASH_MISMATCH)`,
    );

    const reordered = Object.fromEntries(Object.entries(JSON.parse(original!.summary) as object).reverse());
    await tamper(db, sql`UPDATE audit_log SET summary = ${JSON.stringify(reordered)}::jsonb WHERE chain = ${chain} AND seq = ${target}`);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: n });
    const ok: string[] = [];
    expect(await runAuditVerifyCli(database, (l) => ok.push(l))).toBe(0);
    expect(ok).toEqual([`审计链完整，共 ${n} 条 / audit chain intact: ${n} rows`]);
  });

  it('an edit of any stored column is caught, even one microsecond of the time', async () => {
    await backup();
    // The later time is computed in a read and written as a parameter: Citus refuses interval
    // arithmetic on a column in an UPDATE.
    const later = await queryOne<{ at: string }>(
      db,
      sql`SELECT (at + interval '1 microsecond')::text AS at FROM audit_log WHERE chain = ${W} AND seq = 6`,
    );
    expect(later?.at).toMatch(/\.\d{6}/);
    const edits = [
      sql`UPDATE audit_log SET at = ${later!.at}::timestamptz WHERE chain = ${W} AND seq = 6`,
      sql`UPDATE audit_log SET actor_username = 'someone.else' WHERE chain = ${W} AND seq = 6`,
      sql`UPDATE audit_log SET actor_roles = '{auditor}' WHERE chain = ${W} AND seq = 6`,
      sql`UPDATE audit_log SET actor_id = actor_id + 1 WHERE chain = ${W} AND seq = 6`,
      sql`UPDATE audit_log SET client_ip = '8.8.8.8' WHERE chain = ${W} AND seq = 6`,
      sql`UPDATE audit_log SET target_id = '2' WHERE chain = ${W} AND seq = 6`,
      sql`UPDATE audit_log SET summary = '{}' WHERE chain = ${W} AND seq = 6`,
    ];
    for (const edit of edits) {
      await tamper(db, edit);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: { chain: W, seq: 6, reason: 'HASH_MISMATCH' } });
      await restore();
    }
  });

  it('a record moved to another chain is caught in the chain it left', async () => {
    await backup();
    expect(await lastSeq(db, 77)).toBe(0);
    // Copied over and deleted: Citus does not update a distribution column in place.
    await tamper(
      db,
      sql`INSERT INTO audit_log SELECT 77, seq, at, actor_id, actor_username, actor_roles, action, target_type, target_id, summary,
                                       client_ip, prev_hash, hash FROM audit_log WHERE chain = ${W} AND seq = 5`,
    );
    await tamper(db, sql`DELETE FROM audit_log WHERE chain = ${W} AND seq = 5`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, W, 5),
      brokenAt: { chain: W, seq: 5, reason: 'SEQ_GAP' },
    });
    await restore();
  });

  it('a deleted middle row is caught at its chain and seq (SEQ_GAP)', async () => {
    await backup();
    await tamper(db, sql`DELETE FROM audit_log WHERE chain = ${W} AND seq = 7`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, W, 7),
      brokenAt: { chain: W, seq: 7, reason: 'SEQ_GAP' },
    });
    const lines: string[] = [];
    expect(await runAuditVerifyCli(database, (l) => lines.push(l))).toBe(1);
    expect(lines[0]).toBe(`审计链 ${W} 在第 7 条断开 (SEQ_GAP) / audit chain ${W} broken at seq 7 (SEQ_GAP)`);
    await restore();
  });

  it('a deleted first row is caught at seq 1', async () => {
    await backup();
    await tamper(db, sql`DELETE FROM audit_log WHERE chain = ${W} AND seq = 1`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, W, 1),
      brokenAt: { chain: W, seq: 1, reason: 'SEQ_GAP' },
    });
    await restore();
  });

  it('rows cut off the end are caught at the first missing seq, against the chain head', async () => {
    await backup();
    const n = await lastSeq(db);
    await tamper(db, sql`DELETE FROM audit_log WHERE chain = ${W} AND seq >= ${n - 1}`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, W, n - 1),
      brokenAt: { chain: W, seq: n - 1, reason: 'SEQ_GAP' },
    });
    await restore();
  });

  it('a last row that is not the one the head recorded is caught (HEAD_MISMATCH)', async () => {
    const total = await count(db);
    const n = await lastSeq(db);
    const head = await queryOne<{ hash: string }>(db, sql`SELECT hash FROM audit_chain_heads WHERE chain = ${W}`);
    await db.execute(sql`UPDATE audit_chain_heads SET hash = ${'a'.repeat(64)} WHERE chain = ${W}`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, W, n),
      brokenAt: { chain: W, seq: n, reason: 'HEAD_MISMATCH' },
    });
    const lines: string[] = [];
    expect(await runAuditVerifyCli(database, (l) => lines.push(l))).toBe(1);
    expect(lines[1]).toContain('the last record is not the one the chain head recorded');
    await db.execute(sql`UPDATE audit_chain_heads SET hash = ${head!.hash} WHERE chain = ${W}`);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: total });
  });

  it.runIf(kind !== 'pglite')('verifies as intact while others append, up to the heads it started from', async () => {
    const before = await count(db);
    const appends = Promise.all(
      Array.from({ length: 20 }, (_, i) => withTx(db, (tx) => appendAudit(tx, input('review.submit', { targetId: `during-verify-${i}` })))),
    );
    const during = await verifyAuditChain(db, { batchSize: 5 });
    await appends;
    expect(during.ok).toBe(true);
    expect(during.rows).toBeGreaterThanOrEqual(before);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: before + 20 });
  });

  it('a deleted row whose successors were renumbered is caught (PREV_HASH_MISMATCH)', async () => {
    await backup();
    await tamper(db, sql`DELETE FROM audit_log WHERE chain = ${W} AND seq = 4`);
    // Renumber the tail down by one (through a high range, so the primary key never collides).
    await tamper(db, sql`UPDATE audit_log SET seq = seq + 1000000 WHERE chain = ${W} AND seq > 4`);
    await tamper(db, sql`UPDATE audit_log SET seq = seq - 1000001 WHERE chain = ${W} AND seq > 1000000`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, W, 4),
      brokenAt: { chain: W, seq: 4, reason: 'PREV_HASH_MISMATCH' },
    });
    await restore();
  });

  it('two swapped rows are caught at the first of them', async () => {
    await backup();
    await tamper(db, sql`UPDATE audit_log SET seq = 1000008 WHERE chain = ${W} AND seq = 8`);
    await tamper(db, sql`UPDATE audit_log SET seq = 8 WHERE chain = ${W} AND seq = 9`);
    await tamper(db, sql`UPDATE audit_log SET seq = 9 WHERE chain = ${W} AND seq = 1000008`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, W, 8),
      brokenAt: { chain: W, seq: 8, reason: 'PREV_HASH_MISMATCH' },
    });
    await restore();
  });

  /** Row (chain, seq) with its summary replaced and its hash recomputed, as a forger with the code would. */
  const forgedHash = async (chain: number, seq: number, summary: Record<string, unknown>): Promise<string> => {
    const row = await queryOne<Record<string, string | null>>(
      db,
      sql`SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
                 actor_id::text AS actor_id, actor_username, array_to_json(actor_roles)::text AS roles, action,
                 target_type, target_id, client_ip, prev_hash FROM audit_log WHERE chain = ${chain} AND seq = ${seq}`,
    );
    return auditHash({
      chain,
      seq,
      prevHash: row!.prev_hash!,
      at: row!.at!,
      actorId: row!.actor_id === null ? null : Number(row!.actor_id),
      actorUsername: row!.actor_username!,
      actorRoles: JSON.parse(row!.roles!) as string[],
      action: row!.action!,
      targetType: row!.target_type,
      targetId: row!.target_id,
      summary,
      clientIp: row!.client_ip,
    });
  };

  it('an edited row whose hash was recomputed breaks the link of the next row', async () => {
    await backup();
    const forged = await forgedHash(W, 3, { forged: true });
    await tamper(db, sql`UPDATE audit_log SET summary = '{"forged": true}', hash = ${forged} WHERE chain = ${W} AND seq = 3`);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: await intactBefore(db, W, 4),
      brokenAt: { chain: W, seq: 4, reason: 'PREV_HASH_MISMATCH' },
    });
    await restore();
  });

  it('finds a break on a batch boundary and carries the link across batches', async () => {
    await backup();
    const n = await count(db);
    expect(await verifyAuditChain(db, { batchSize: 3 })).toEqual({ ok: true, rows: n });
    // The seqs of WANG's chain that open a batch of 3 in the walk (after the rows of the chains before it).
    const walkedBefore = await intactBefore(db, W, 1);
    const opening = Array.from({ length: await lastSeq(db) }, (_, i) => i + 1).filter((q) => q > 1 && (walkedBefore + q - 1) % 3 === 0);
    const [first, second] = [opening[0]!, opening[1]!];
    await tamper(db, sql`UPDATE audit_log SET action = 'auth.logout' WHERE chain = ${W} AND seq = ${second}`);
    expect(await verifyAuditChain(db, { batchSize: 3 })).toEqual({
      ok: false,
      rows: walkedBefore + second - 1,
      brokenAt: { chain: W, seq: second, reason: 'HASH_MISMATCH' },
    });
    await restore();
    await tamper(db, sql`UPDATE audit_log SET prev_hash = ${GENESIS_HASH} WHERE chain = ${W} AND seq = ${first}`); // across a boundary
    expect(await verifyAuditChain(db, { batchSize: 3 })).toMatchObject({
      ok: false,
      brokenAt: { chain: W, seq: first, reason: 'PREV_HASH_MISMATCH' },
    });
    await restore();
  });

  describe('anchors', () => {
    /** Keeps the heads too: these attacks move a chain's head with its rows. */
    let heads: { chain: string; seq: string; hash: string; anchored_seq: string }[] = [];
    const backupHeads = async () => {
      heads = await queryRows(
        db,
        sql`SELECT chain::text AS chain, seq::text AS seq, hash, anchored_seq::text AS anchored_seq FROM audit_chain_heads`,
      );
    };
    const restoreHeads = async () => {
      for (const h of heads) {
        await db.execute(
          sql`UPDATE audit_chain_heads SET seq = ${h.seq}::bigint, hash = ${h.hash}, anchored_seq = ${h.anchored_seq}::bigint
               WHERE chain = ${h.chain}::bigint`,
        );
      }
    };
    /** Cuts the chain's last row and moves its head back to the row before: what no head check can see. */
    const cutTailWithHead = async (chain: number) => {
      const n = await lastSeq(db, chain);
      const prev = await queryOne<{ hash: string }>(db, sql`SELECT hash FROM audit_log WHERE chain = ${chain} AND seq = ${n - 1}`);
      await tamper(db, sql`DELETE FROM audit_log WHERE chain = ${chain} AND seq = ${n}`);
      await db.execute(
        sql`UPDATE audit_chain_heads SET seq = ${n - 1}, hash = ${prev!.hash}, anchored_seq = least(anchored_seq, ${n - 1})
             WHERE chain = ${chain}`,
      );
      return n;
    };

    it('without an anchor, a tail cut together with its head is not seen (the gap anchors close)', async () => {
      await backup();
      await backupHeads();
      const n = await count(db);
      await cutTailWithHead(W);
      expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: n - 1 });
      await restoreHeads();
      await restore();
    });

    it('records every moved head in the anchor chain, once', async () => {
      const moved = await queryRows<{ chain: string; seq: string; hash: string }>(
        db,
        sql`SELECT chain::text AS chain, seq::text AS seq, hash FROM audit_chain_heads WHERE seq > anchored_seq ORDER BY audit_chain_heads.chain`,
      );
      expect(moved.length).toBeGreaterThanOrEqual(4); // the system's, WANG's, qian.hui's and o"dd's chains
      expect(await anchorAuditChains(db)).toEqual({ chains: moved.length });
      const anchor = await queryOne<{ chain: string; seq: string; actor: string; summary: string }>(
        db,
        sql`SELECT chain::text AS chain, seq::text AS seq, actor_username AS actor, summary::text AS summary
              FROM audit_log WHERE chain = ${ANCHOR_CHAIN} ORDER BY audit_log.seq DESC LIMIT 1`,
      );
      expect(anchor).toMatchObject({ chain: String(ANCHOR_CHAIN), seq: '1', actor: 'system' });
      expect(JSON.parse(anchor!.summary)).toEqual({ heads: moved.map((h) => [Number(h.chain), Number(h.seq), h.hash]) });
      // Nothing moved since: nothing to record.
      expect(await anchorAuditChains(db)).toEqual({ chains: 0 });
      expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: await count(db) });
    });

    it('after an anchor, a tail cut together with its head is caught at the first seq cut (SEQ_GAP)', async () => {
      await backup();
      await backupHeads();
      const n = await cutTailWithHead(W);
      expect(await verifyAuditChain(db)).toEqual({
        ok: false,
        rows: await intactBefore(db, W, n),
        brokenAt: { chain: W, seq: n, reason: 'SEQ_GAP' },
      });
      await restoreHeads();
      await restore();
    });

    it('after an anchor, a last row rewritten with its head is caught at that seq (ANCHOR_MISMATCH)', async () => {
      await backup();
      await backupHeads();
      const n = await lastSeq(db);
      const forged = await forgedHash(W, n, { forged: true });
      await tamper(db, sql`UPDATE audit_log SET summary = '{"forged": true}', hash = ${forged} WHERE chain = ${W} AND seq = ${n}`);
      await db.execute(sql`UPDATE audit_chain_heads SET hash = ${forged} WHERE chain = ${W}`);
      expect(await verifyAuditChain(db)).toEqual({
        ok: false,
        rows: await intactBefore(db, W, n),
        brokenAt: { chain: W, seq: n, reason: 'ANCHOR_MISMATCH' },
      });
      const lines: string[] = [];
      expect(await runAuditVerifyCli(database, (l) => lines.push(l))).toBe(1);
      expect(lines[1]).toContain('the record is not the one an anchor recorded at this seq');
      await restoreHeads();
      await restore();
    });

    it('an edited anchor is caught in the anchor chain, first', async () => {
      await backup();
      await tamper(db, sql`UPDATE audit_log SET summary = '{"heads": []}' WHERE chain = ${ANCHOR_CHAIN} AND seq = 1`);
      expect(await verifyAuditChain(db)).toEqual({
        ok: false,
        rows: 0,
        brokenAt: { chain: ANCHOR_CHAIN, seq: 1, reason: 'HASH_MISMATCH' },
      });
      await restore();
      await db.execute(sql`DROP TABLE audit_backup`);
    });
  });

  describe('HTTP API', () => {
    let server: FastifyInstance;
    const tokens: Record<string, Actor> = {
      'auditor-token': actor('shen.shen', ['auditor'], 41),
      'officer-token': actor('li.officer', ['loan_officer'], 42),
    };
    const get = (url: string, token: string | null = 'auditor-token') =>
      server.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {} });

    beforeAll(async () => {
      const config = testConfig({ webDir: '/nonexistent-web-dir' });
      server = await buildServer({
        ctx: { config, database, db, crypto: createFieldCrypto(randomBytes(32)), ...wireModules() },
        authenticate: async (token) => tokens[token] ?? null,
        modules: [auditRoutes],
        logger: false,
      });
      await withTx(db, async (tx) => {
        await appendAudit(tx, input('pii.unmask', { actor: ZHAO, targetType: 'customer', targetId: 900, summary: { fields: ['mobile'] } }));
        await appendAudit(tx, input('pii.unmask', { actor: ZHAO, targetType: 'customer', targetId: 901 }));
      });
      await sleep(5); // strictly the newest record
      await withTx(db, (tx) => appendAudit(tx, input('import.upload', { actor: ZHAO })));
    });
    afterAll(async () => {
      await server?.close();
    });

    it('lists newest first (time, then chain, then seq) with the total, and pages', async () => {
      const n = await count(db);
      const z = await lastSeq(db, -12); // ZHAO's chain: the records appended last
      const res = await get('/api/v1/audit/logs?page=1&pageSize=2');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.total).toBe(n);
      expect(body.page).toBe(1);
      expect(body.pageSize).toBe(2);
      expect(body.items.map((i: { chain: number; seq: number }) => [i.chain, i.seq])).toEqual([
        [-12, z],
        [901, 1], // ZHAO's unmasking of customer 901's data: that customer's chain
      ]);
      expect(body.items[0]).toEqual({
        chain: -12,
        seq: z,
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        actorUsername: 'zhao.min',
        actorRoles: ['approver', 'branch_head'],
        action: 'import.upload',
        targetType: 'staff',
        targetId: '1',
        summary: null,
        clientIp: '10.0.0.1',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const last = await get(`/api/v1/audit/logs?page=${Math.ceil(n / 2)}&pageSize=2`);
      expect(last.json().items.at(-1)).toMatchObject({ chain: W, seq: 1, action: 'auth.login' });
      // The whole listing, page by page: ordered by time, then chain, then seq, all descending.
      const all: { at: string; chain: number; seq: number }[] = [];
      for (let p = 1; p <= Math.ceil(n / 200); p++) all.push(...(await get(`/api/v1/audit/logs?page=${p}&pageSize=200`)).json().items);
      expect(all).toHaveLength(n);
      const key = (e: { at: string; chain: number; seq: number }) => [e.at, e.chain, e.seq] as const;
      for (let i = 1; i < all.length; i++) {
        const [a, b] = [key(all[i - 1]!), key(all[i]!)];
        const descending = a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2])));
        expect(descending, `${a.join(' ')} before ${b.join(' ')}`).toBe(true);
      }
      const beyond = await get(`/api/v1/audit/logs?page=${n + 1}&pageSize=2`);
      expect(beyond.json()).toMatchObject({ items: [], total: n });
    });

    it('filters by action, by prefix, by actor and by time; empty filters mean none', async () => {
      const byAction = (await get('/api/v1/audit/logs?action=pii.unmask')).json();
      expect(byAction.total).toBe(2);
      expect(byAction.items[0].summary).toBeNull();
      expect(byAction.items[1].summary).toEqual({ fields: ['mobile'] });
      expect((await get('/api/v1/audit/logs?action=pii.*')).json().total).toBe(2);
      expect((await get('/api/v1/audit/logs?actor=ZHAO.MIN')).json().total).toBe(3);
      expect((await get('/api/v1/audit/logs?actor=zhao.min&action=import.upload')).json().total).toBe(1);
      expect((await get('/api/v1/audit/logs?actor=nobody.here')).json().total).toBe(0);

      const bankToday = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const shift = (days: number) => new Date(Date.parse(bankToday) + days * 86400_000).toISOString().slice(0, 10);
      const n = await count(db);
      expect((await get(`/api/v1/audit/logs?from=${shift(-1)}&to=${shift(1)}`)).json().total).toBe(n);
      expect((await get(`/api/v1/audit/logs?from=${shift(1)}`)).json().total).toBe(0);
      expect((await get(`/api/v1/audit/logs?to=${shift(-1)}`)).json().total).toBe(0);
      const soon = encodeURIComponent(new Date(Date.now() + 3600_000).toISOString());
      expect((await get(`/api/v1/audit/logs?to=${soon}`)).json().total).toBe(n);
      expect((await get('/api/v1/audit/logs?action=&actor=&from=&to=')).json().total).toBe(n);
    });

    it('refuses bad paging and filters with 400', async () => {
      for (const q of ['pageSize=201', 'pageSize=0', 'page=0', 'page=abc', 'from=2024-02-30', 'to=yesterday', 'from=2024-05-01T08:00:00']) {
        const res = await get(`/api/v1/audit/logs?${q}`);
        expect(res.statusCode, q).toBe(400);
        expect(res.json().code).toBe('VALIDATION_FAILED');
      }
      expect((await get('/api/v1/audit/logs?pageSize=200')).statusCode).toBe(200);
    });

    it('needs a login and the audit:read permission', async () => {
      expect((await get('/api/v1/audit/logs', null)).statusCode).toBe(401);
      const officer = await get('/api/v1/audit/logs', 'officer-token');
      expect(officer.statusCode).toBe(403);
      expect(officer.json().code).toBe('FORBIDDEN');
      expect((await get('/api/v1/audit/verify', 'officer-token')).statusCode).toBe(403);
    });

    it('verifies the chain; calls at the same time share one run', async () => {
      const n = await count(db);
      const [a, b] = await Promise.all([get('/api/v1/audit/verify'), get('/api/v1/audit/verify')]);
      expect(a.json()).toEqual({ ok: true, rows: n });
      expect(b.json()).toEqual({ ok: true, rows: n });
    });

    it('reports a broken chain', async () => {
      await backup();
      await tamper(db, sql`DELETE FROM audit_log WHERE chain = ${W} AND seq = 2`);
      const res = await get('/api/v1/audit/verify');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ ok: false, rows: await intactBefore(db, W, 2), brokenAt: { chain: W, seq: 2, reason: 'SEQ_GAP' } });
      await restore();
      await db.execute(sql`DROP TABLE audit_backup`);
    });
  });

  it('listAudit clamps paging when called directly', async () => {
    const page = await listAudit(db, { page: 0, pageSize: 10_000 });
    expect(page.page).toBe(1);
    expect(page.pageSize).toBe(200);
  });

  it('a chain of 5,000 more rows verifies, read in batches', async () => {
    const before = await count(db);
    for (let t = 0; t < 10; t++) {
      await withTx(db, async (tx) => {
        for (let i = 0; i < 500; i++) {
          await appendAudit(tx, input('review.submit', { targetId: t * 500 + i, summary: { batch: t, i } }));
        }
      });
    }
    const total = before + 5000;
    expect(await count(db)).toBe(total);

    // Count the queries and their sizes: the log is read a batch at a time, never whole.
    const sizes: number[] = [];
    const spy = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== 'execute') return Reflect.get(target, prop, receiver);
        return async (query: Parameters<Db['execute']>[0]) => {
          const res = (await target.execute(query)) as unknown as { rows: unknown[] };
          sizes.push(res.rows.length);
          return res;
        };
      },
    });
    expect(await verifyAuditChain(spy as Db)).toEqual({ ok: true, rows: total });
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2000);
    // the chains' heads (one row each), then the log in batches
    const chains = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM audit_chain_heads`);
    expect(sizes[0]).toBe(Number(chains?.n));
    expect(sizes.length).toBe(1 + Math.floor(total / 2000) + 1);
  });
});

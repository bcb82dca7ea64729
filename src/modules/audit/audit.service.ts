/**
 * Audit commands and queries: append a record inside the caller's transaction, verify the chain,
 * list records.
 *
 * Appenders are serialised by the row lock on the chain's head (audit_chain_head: the last seq and
 * hash), taken by SELECT … FOR UPDATE: under READ COMMITTED a waiter then reads the head as the
 * previous appender committed it, so every record links to the one before it and seq has no gaps (a
 * rolled-back transaction gives its seq back). Callers must run at READ COMMITTED (the default);
 * under REPEATABLE READ a concurrently moved head fails the append (could not serialize) instead of
 * forking the chain.
 *
 * The lock is held from the append to the commit, serialising every auditing transaction for that
 * span: busy commands open their transaction with withAuditedTx and audit with auditCommandAtCommit,
 * which appends all their records in one batch just before the commit.
 */
import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { InvariantError } from '../../kernel/errors.js';
import { clock } from '../../kernel/clock.js';
import type { CommandContext } from '../../context.js';
import { actorRef, type ActorRef } from '../org/index.js';
import { auditHash, canonicalJson, GENESIS_HASH, isoMillisToMicros, type AuditRecord } from './canonical.js';
import { normaliseSummary, storableText } from './sanitize.js';
import type { AuditBreak, AuditListQuery, AuditPage, AuditVerifyResult } from './audit.contract.js';
import { actionFilter, timeBounds } from './filters.js';

export const VERIFY_BATCH_SIZE = 2000;
const MAX_ACTION_CHARS = 100;

export interface AuditInput {
  actor: ActorRef;
  /** Dotted verb, e.g. 'auth.login', 'review.approve', 'pii.unmask'. */
  action: string;
  targetType?: string | null;
  targetId?: string | number | null;
  /** Before/after digest; secrets are redacted and ID/mobile numbers masked before storing. */
  summary?: Record<string, unknown> | null;
  clientIp?: string | null;
}

export interface AuditAppended {
  seq: number;
  hash: string;
}

export type { AuditBreak, AuditEntry, AuditListQuery, AuditPage, AuditVerifyResult } from './audit.contract.js';

/**
 * Appends one record in the caller's transaction: it commits or rolls back with the command.
 * Given the database instead of a transaction, it opens its own.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<AuditAppended> {
  if (!isTransaction(tx)) return withTx(tx, (own) => appendInTx(own, input));
  return appendInTx(tx, input);
}

function isTransaction(tx: Tx): boolean {
  return (tx as unknown) instanceof PgTransaction;
}

/** Audits a command with the actor and client address of its context. */
export async function auditCommand(
  tx: Tx,
  cmd: CommandContext,
  action: string,
  target: { type: string; id: string | number } | null,
  summary?: Record<string, unknown> | null,
): Promise<AuditAppended> {
  return appendAudit(tx, commandInput(cmd, action, target, summary));
}

/** The audit input of a command: its context's actor and client address. */
function commandInput(
  cmd: CommandContext,
  action: string,
  target: { type: string; id: string | number } | null,
  summary?: Record<string, unknown> | null,
): AuditInput {
  return {
    actor: actorRef(cmd.actor),
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    summary: summary ?? null,
    clientIp: cmd.clientIp,
  };
}

async function appendInTx(tx: Tx, input: AuditInput): Promise<AuditAppended> {
  const [appended] = await appendDraftsInTx(tx, [recordDraft(input)]);
  return appended!;
}

type AuditDraft = ReturnType<typeof recordDraft>;

/**
 * Links drafts to the chain in order: one statement locks the chain's head and reads the last seq and
 * hash from it, one inserts the records and moves the head. The lock is held from here to the
 * commit, so callers append as late in their transaction as they can.
 */
async function appendDraftsInTx(tx: Tx, drafts: readonly AuditDraft[]): Promise<AuditAppended[]> {
  if (drafts.length === 0) return [];
  const head = await queryOne<{ seq: string; hash: string }>(
    tx,
    sql`SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1 FOR UPDATE`,
  );
  if (!head) throw new InvariantError('audit_chain_head has no row (migration 0026 not applied?)');
  let seq = Number(head.seq);
  let prevHash = head.hash;
  const appended: AuditAppended[] = [];
  const values: SQL[] = [];
  for (const draft of drafts) {
    seq += 1;
    const record: AuditRecord = { ...draft.record, seq, prevHash };
    const hash = auditHash(record);
    values.push(sql`(${seq}, ${draft.atIso}::timestamptz, ${record.actorId}, ${record.actorUsername},
            ${pgTextArray(record.actorRoles)}::text[], ${record.action}, ${record.targetType}, ${record.targetId},
            ${record.summary === null ? null : canonicalJson(record.summary)}::jsonb, ${record.clientIp},
            ${record.prevHash}, ${hash})`);
    appended.push({ seq, hash });
    prevHash = hash;
  }
  await tx.execute(sql`
    WITH appended AS (
      INSERT INTO audit_log (seq, at, actor_id, actor_username, actor_roles, action, target_type, target_id,
                             summary, client_ip, prev_hash, hash)
      VALUES ${sql.join(values, sql`, `)}
    )
    UPDATE audit_chain_head SET seq = ${seq}, hash = ${prevHash} WHERE id = 1`);
  return appended;
}

/** Transactions opened by withAuditedTx → the records they will append just before their commit. */
const pendingByTx = new WeakMap<object, AuditDraft[]>();

/**
 * One transaction whose audit records are appended together at its end, just before the commit, so
 * the chain's lock is held for the last statements only instead of from the first record onwards.
 * Inside it, auditCommandAtCommit / appendAuditAtCommit queue their records (validated at once, stamped
 * with the time of the call, chained in call order); everything commits or rolls back together.
 */
export async function withAuditedTx<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTx(db, async (tx) => {
    const pending: AuditDraft[] = [];
    pendingByTx.set(tx, pending);
    try {
      const result = await fn(tx);
      await appendDraftsInTx(tx, pending.splice(0));
      return result;
    } finally {
      pendingByTx.delete(tx);
    }
  });
}

/**
 * Appends a record at the end of the transaction when `tx` comes from withAuditedTx; otherwise right
 * away, as appendAudit does.
 */
export async function appendAuditAtCommit(tx: Tx, input: AuditInput): Promise<void> {
  const pending = pendingByTx.get(tx);
  if (pending) pending.push(recordDraft(input));
  else await appendAudit(tx, input);
}

/** auditCommand, appended at the end of the transaction (see appendAuditAtCommit). */
export async function auditCommandAtCommit(
  tx: Tx,
  cmd: CommandContext,
  action: string,
  target: { type: string; id: string | number } | null,
  summary?: Record<string, unknown> | null,
): Promise<void> {
  await appendAuditAtCommit(tx, commandInput(cmd, action, target, summary));
}

/** Everything but the chain position, validated and made exactly storable. */
function recordDraft(input: AuditInput): { atIso: string; record: Omit<AuditRecord, 'seq' | 'prevHash'> } {
  const action = storableText(String(input.action ?? '').trim());
  if (!action || action.length > MAX_ACTION_CHARS || /\s/.test(action)) {
    throw new InvariantError(`audit action must be a non-empty word of at most ${MAX_ACTION_CHARS} characters: "${action}"`);
  }
  const actorId = input.actor.staffId;
  if (actorId !== null && !Number.isSafeInteger(actorId)) throw new InvariantError(`audit actor id ${actorId}`);
  const atIso = clock.now().toISOString();
  return {
    atIso,
    record: {
      at: isoMillisToMicros(atIso),
      actorId,
      actorUsername: storableText(input.actor.username),
      actorRoles: input.actor.roles.map(storableText),
      action,
      targetType: optionalText(input.targetType),
      targetId: optionalText(input.targetId),
      summary: normaliseSummary(input.summary),
      clientIp: optionalText(input.clientIp),
    },
  };
}

function optionalText(v: string | number | null | undefined): string | null {
  return v === null || v === undefined ? null : storableText(String(v));
}

/** A PostgreSQL array literal: every element quoted, so commas, braces and NULL stay text. */
function pgTextArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

interface StoredRow {
  seq: string;
  at: string;
  actor_id: string | null;
  actor_username: string;
  actor_roles: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  summary: string | null;
  client_ip: string | null;
  prev_hash: string;
  hash: string;
}

// Every value as text, formatted by the database, so both engines and drivers give the same bytes.
// (Queries order by `audit_log.seq`: a bare `seq` would be the text alias and sort '10' before '9'.)
const STORED_COLUMNS = sql`seq::text AS seq,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  actor_id::text AS actor_id, actor_username, array_to_json(actor_roles)::text AS actor_roles, action,
  target_type, target_id, summary::text AS summary, client_ip, prev_hash, hash`;

/**
 * Walks the whole chain in seq order, batch by batch (never the whole log in memory), and reports
 * the first broken link: a missing seq (deleted row), a prev_hash that is not the previous row's
 * hash (deleted, reordered or relinked rows), or a hash that does not match the row (edited row).
 * The log is walked up to the chain's head as read at the start (later appends are not waited for),
 * and must end there: rows cut off the end are a SEQ_GAP at the first missing seq, and a last row
 * other than the one the head recorded (a tail rewritten with fresh hashes) is a HEAD_MISMATCH.
 *
 * What it cannot see: a log and head rewritten together — compare `rows` with an earlier run for that.
 */
export async function verifyAuditChain(db: Db, opts: { batchSize?: number } = {}): Promise<AuditVerifyResult> {
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? VERIFY_BATCH_SIZE));
  const headRow = await queryOne<{ seq: string; hash: string }>(db, sql`SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1`);
  const head = headRow ? { seq: Number(headRow.seq), hash: headRow.hash } : null;
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let after: string | null = null;
  for (;;) {
    const conds: SQL[] = [];
    if (after !== null) conds.push(sql`audit_log.seq > ${after}::bigint`);
    if (head) conds.push(sql`audit_log.seq <= ${head.seq}`);
    const where = conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
    const batch = await queryRows<StoredRow>(
      db,
      sql`SELECT ${STORED_COLUMNS} FROM audit_log ${where} ORDER BY audit_log.seq LIMIT ${batchSize}`,
    );
    for (const row of batch) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return broken(rows, seq > expectedSeq ? expectedSeq : seq, 'SEQ_GAP');
      if (row.prev_hash !== prevHash) return broken(rows, seq, 'PREV_HASH_MISMATCH');
      if (recomputedHash(row) !== row.hash) return broken(rows, seq, 'HASH_MISMATCH');
      prevHash = row.hash;
      expectedSeq++;
      rows++;
    }
    if (batch.length < batchSize) break;
    after = batch[batch.length - 1].seq;
  }
  if (head) {
    if (rows < head.seq) return broken(rows, rows + 1, 'SEQ_GAP');
    if (prevHash !== head.hash) return broken(rows - 1, rows, 'HEAD_MISMATCH');
  }
  return { ok: true, rows };
}

function broken(rows: number, seq: number, reason: AuditBreak): AuditVerifyResult {
  return { ok: false, rows, brokenAt: { seq, reason } };
}

/** The hash the row should have; null when the stored values are ones the appender never writes. */
function recomputedHash(row: StoredRow): string | null {
  try {
    const actorId = row.actor_id === null ? null : Number(row.actor_id);
    if (actorId !== null && String(actorId) !== row.actor_id) return null;
    const roles = JSON.parse(row.actor_roles) as unknown;
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) return null;
    const summary = row.summary === null ? null : (JSON.parse(row.summary) as unknown);
    if (summary !== null && (typeof summary !== 'object' || Array.isArray(summary))) return null;
    return auditHash({
      seq: Number(row.seq),
      prevHash: row.prev_hash,
      at: row.at,
      actorId,
      actorUsername: row.actor_username,
      actorRoles: roles as string[],
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      summary: summary as Record<string, unknown> | null,
      clientIp: row.client_ip,
    });
  } catch {
    return null;
  }
}

const running = new WeakMap<Db, Promise<AuditVerifyResult>>();

/** verifyAuditChain, but callers arriving while a run is under way share its result. */
export function verifyAuditChainShared(db: Db): Promise<AuditVerifyResult> {
  const current = running.get(db);
  if (current) return current;
  const run = verifyAuditChain(db).finally(() => running.delete(db));
  running.set(db, run);
  return run;
}

/** Newest first, with the filters of the audit screen. */
export async function listAudit(db: Db, q: AuditListQuery): Promise<AuditPage> {
  const page = Math.max(1, Math.floor(q.page));
  const pageSize = Math.min(200, Math.max(1, Math.floor(q.pageSize)));
  return auditPageOf(db, q, { offset: (page - 1) * pageSize, pageSize }, page);
}

/**
 * The pages of an export, each record exactly once although the log grows meanwhile: the log is
 * pinned at its last seq when the first page is read (the total counts only up to it), and each
 * next page continues below the last seq already read (keyset), not at an offset that records
 * appended since would shift. Pages must be asked for in order, as the export does.
 */
export function pinnedAuditPages(
  db: Db,
  q: Omit<AuditListQuery, 'page' | 'pageSize'>,
): (page: number, pageSize: number) => Promise<AuditPage> {
  let pinnedSeq: number | undefined;
  let belowSeq: number | undefined;
  return async (page, size) => {
    if (pinnedSeq === undefined) {
      const head = await queryOne<{ seq: string | null }>(db, sql`SELECT max(seq)::text AS seq FROM audit_log`);
      pinnedSeq = Number(head?.seq ?? 0);
    }
    const pageSize = Math.min(200, Math.max(1, Math.floor(size)));
    const result = await auditPageOf(db, { ...q, page, pageSize }, { pageSize, pinnedSeq, belowSeq }, page);
    const last = result.items.at(-1);
    if (last) belowSeq = last.seq;
    return result;
  };
}

interface AuditWindow {
  pageSize: number;
  /** Rows skipped (the screen's paging). */
  offset?: number;
  /** Only records up to this seq, rows and total alike (an export's pin). */
  pinnedSeq?: number;
  /** Only rows below this seq (an export's next page). */
  belowSeq?: number;
}

async function auditPageOf(db: Db, q: AuditListQuery, w: AuditWindow, page: number): Promise<AuditPage> {
  const conds = filterConditions(q);
  if (w.pinnedSeq !== undefined) conds.push(sql`seq <= ${w.pinnedSeq}`);
  const where = whereOf(conds);
  const rowWhere = w.belowSeq === undefined ? where : whereOf([...conds, sql`seq < ${w.belowSeq}`]);
  const [items, count] = await Promise.all([
    queryRows<Omit<StoredRow, 'prev_hash'>>(
      db,
      sql`SELECT seq::text AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
                 actor_username, array_to_json(actor_roles)::text AS actor_roles, action, target_type, target_id,
                 summary::text AS summary, client_ip, hash
          FROM audit_log ${rowWhere} ORDER BY audit_log.seq DESC LIMIT ${w.pageSize} OFFSET ${w.offset ?? 0}`,
    ),
    queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM audit_log ${where}`),
  ]);
  return {
    items: items.map((r) => ({
      seq: Number(r.seq),
      at: r.at,
      actorUsername: r.actor_username,
      actorRoles: JSON.parse(r.actor_roles) as string[],
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      summary: r.summary === null ? null : (JSON.parse(r.summary) as Record<string, unknown>),
      clientIp: r.client_ip,
      hash: r.hash,
    })),
    total: Number(count?.n ?? 0),
    page,
    pageSize: w.pageSize,
  };
}

function whereOf(conds: SQL[]): SQL {
  return conds.length ? sql`WHERE ${sql.join(conds, sql` AND `)}` : sql``;
}

function filterConditions(q: Omit<AuditListQuery, 'page' | 'pageSize'>): SQL[] {
  const conds: SQL[] = [];
  if (q.action?.trim()) {
    const f = actionFilter(q.action);
    conds.push('exact' in f ? sql`action = ${f.exact}` : sql`action LIKE ${f.likePrefix} ESCAPE '\\'`);
  }
  if (q.actor?.trim()) conds.push(sql`actor_username = ${q.actor.trim().toLowerCase()}`);
  const t = timeBounds(q.from?.trim() || undefined, q.to?.trim() || undefined);
  if (t.fromInclusive) conds.push(sql`at >= ${t.fromInclusive}::timestamptz`);
  if (t.toExclusive) conds.push(sql`at < ${t.toExclusive}::timestamptz`);
  if (t.toInclusive) conds.push(sql`at <= ${t.toInclusive}::timestamptz`);
  return conds;
}

/**
 * Audit commands and queries: append a record inside the caller's transaction, verify the chains,
 * anchor them, list records.
 *
 * The log is many hash chains, one per key (chains.ts: the customer the command touches, else the staff
 * member acting, else the system; migration 0037), each with its own head row (audit_chain_heads: the
 * chain's last seq and hash) and gap-free seq. Appenders to one chain are serialised by the row lock on
 * its head, taken by SELECT … FOR UPDATE (the chain's first record creates the head at seq 0 first): under READ COMMITTED a waiter then reads the head as the previous appender
 * committed it, so every record links to the one before it and seq has no gaps (a rolled-back
 * transaction gives its seq back). Appenders to different chains do not wait for each other. Callers
 * must run at READ COMMITTED (the default); under REPEATABLE READ a concurrently moved head fails the
 * append (could not serialize) instead of forking the chain.
 *
 * A chain's lock is held from the append to the commit, serialising the auditing transactions of that
 * chain for that span: busy commands open their transaction with withAuditedTx and audit with
 * auditCommandAtCommit, which appends all their records in one batch just before the commit — chain by
 * chain in key order, so two such transactions never wait for each other in a circle.
 *
 * Records are listed newest first: by `at` descending, then chain descending, then seq descending.
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
import { ANCHOR_CHAIN, chainOf } from './chains.js';

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
  /**
   * The customer the command touches: its record joins that customer's chain. Without it, a target of
   * type 'customer' names the customer; otherwise the actor's staff chain, or the system chain.
   */
  customerId?: number | null;
}

/** What a command audits: its target, and the customer it touches when the target is not the customer itself. */
export interface AuditTarget {
  type: string;
  id: string | number;
  customerId?: number | null;
}

export interface AuditAppended {
  chain: number;
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
  target: AuditTarget | null,
  summary?: Record<string, unknown> | null,
): Promise<AuditAppended> {
  return appendAudit(tx, commandInput(cmd, action, target, summary));
}

/** The audit input of a command: its context's actor and client address. */
function commandInput(
  cmd: CommandContext,
  action: string,
  target: AuditTarget | null,
  summary?: Record<string, unknown> | null,
): AuditInput {
  return {
    actor: actorRef(cmd.actor),
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    summary: summary ?? null,
    clientIp: cmd.clientIp,
    // the customer named by the target, else the one calling from the mobile page
    customerId: target?.customerId ?? cmd.customer?.customerId ?? null,
  };
}

async function appendInTx(tx: Tx, input: AuditInput): Promise<AuditAppended> {
  const [appended] = await appendDraftsInTx(tx, [recordDraft(input)]);
  return appended!;
}

type AuditDraft = ReturnType<typeof recordDraft>;

/**
 * Links drafts to their chains in order: chain by chain in key order, one statement locks the chain's
 * head and reads the last seq and hash from it (the chain's first record creates the head at seq 0
 * first), one inserts the chain's records and moves the head. The locks are held from here to the commit, so callers
 * append as late in their transaction as they can.
 */
async function appendDraftsInTx(tx: Tx, drafts: readonly AuditDraft[]): Promise<AuditAppended[]> {
  if (drafts.length === 0) return [];
  let held = headsHeld.get(tx);
  if (!held) headsHeld.set(tx, (held = new Map()));
  const byChain = new Map<number, number[]>();
  drafts.forEach((d, i) => byChain.set(d.chain, [...(byChain.get(d.chain) ?? []), i]));
  const appended: AuditAppended[] = new Array<AuditAppended>(drafts.length);
  for (const chain of [...byChain.keys()].sort((a, b) => a - b)) {
    const lockHead = () =>
      queryOne<{ seq: string; hash: string }>(
        tx,
        sql`SELECT seq::text AS seq, hash FROM audit_chain_heads WHERE chain = ${chain} FOR UPDATE`,
      );
    // A head this transaction already holds is known: no statement needed to lock and read it again.
    let head = held.get(chain) ?? (await lockHead());
    if (!head) {
      // The chain's first record: its head begins at seq 0, held by this transaction from its insert on.
      // Two first appenders: one inserts, the other waits for its commit, inserts nothing and locks the row.
      head =
        (await queryOne<{ seq: string; hash: string }>(
          tx,
          sql`INSERT INTO audit_chain_heads (chain, seq, hash) VALUES (${chain}, 0, ${GENESIS_HASH}) ON CONFLICT (chain) DO NOTHING
              RETURNING seq::text AS seq, hash`,
        )) ?? (await lockHead());
    }
    if (!head) throw new InvariantError(`audit chain ${chain}: no head after creating it`);
    const fromSeq = Number(head.seq);
    let seq = fromSeq;
    let prevHash = head.hash;
    const values: SQL[] = [];
    for (const i of byChain.get(chain)!) {
      const draft = drafts[i]!;
      seq += 1;
      const record: AuditRecord = { ...draft.record, chain, seq, prevHash };
      const hash = auditHash(record);
      values.push(sql`(${chain}, ${seq}, ${draft.atIso}::timestamptz, ${record.actorId}, ${record.actorUsername},
              ${pgTextArray(record.actorRoles)}::text[], ${record.action}, ${record.targetType}, ${record.targetId},
              ${record.summary === null ? null : canonicalJson(record.summary)}::jsonb, ${record.clientIp},
              ${record.prevHash}, ${hash})`);
      appended[i] = { chain, seq, hash };
      prevHash = hash;
    }
    // Moved only from the seq it was read at: a head known from earlier in the transaction but since moved
    // back (a savepoint rolled back after an append) fails the command instead of forking the chain.
    const moved = await queryOne<{ seq: string }>(
      tx,
      sql`
      WITH appended AS (
        INSERT INTO audit_log (chain, seq, at, actor_id, actor_username, actor_roles, action, target_type, target_id,
                               summary, client_ip, prev_hash, hash)
        VALUES ${sql.join(values, sql`, `)}
      )
      UPDATE audit_chain_heads SET seq = ${seq}, hash = ${prevHash} WHERE chain = ${chain} AND seq = ${fromSeq}
      RETURNING seq::text AS seq`,
    );
    if (!moved) throw new InvariantError(`audit chain ${chain}: its head is no longer at seq ${fromSeq}`);
    held.set(chain, { seq: String(seq), hash: prevHash });
  }
  return appended;
}

/** Transaction → the heads it has locked and moved: held to its commit, so known without reading them again. */
const headsHeld = new WeakMap<object, Map<number, { seq: string; hash: string }>>();

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
  target: AuditTarget | null,
  summary?: Record<string, unknown> | null,
): Promise<void> {
  await appendAuditAtCommit(tx, commandInput(cmd, action, target, summary));
}

/** Everything but the position in the chain, validated and made exactly storable; and the chain. */
function recordDraft(input: AuditInput): { chain: number; atIso: string; record: Omit<AuditRecord, 'chain' | 'seq' | 'prevHash'> } {
  const action = storableText(String(input.action ?? '').trim());
  if (!action || action.length > MAX_ACTION_CHARS || /\s/.test(action)) {
    throw new InvariantError(`audit action must be a non-empty word of at most ${MAX_ACTION_CHARS} characters: "${action}"`);
  }
  const actorId = input.actor.staffId;
  if (actorId !== null && !Number.isSafeInteger(actorId)) throw new InvariantError(`audit actor id ${actorId}`);
  const atIso = clock.now().toISOString();
  const targetType = optionalText(input.targetType);
  const targetId = optionalText(input.targetId);
  const customerId = input.customerId ?? null;
  if (customerId !== null && !(Number.isSafeInteger(customerId) && customerId > 0)) {
    throw new InvariantError(`audit customer id ${customerId}`);
  }
  return {
    chain: chainOf({ customerId, targetType, targetId, staffId: actorId }),
    atIso,
    record: {
      at: isoMillisToMicros(atIso),
      actorId,
      actorUsername: storableText(input.actor.username),
      actorRoles: input.actor.roles.map(storableText),
      action,
      targetType,
      targetId,
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
  chain: string;
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
// (Queries order by `audit_log.chain, audit_log.seq`: a bare `seq` would be the text alias and sort '10'
// before '9'.)
const STORED_COLUMNS = sql`chain::text AS chain, seq::text AS seq,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  actor_id::text AS actor_id, actor_username, array_to_json(actor_roles)::text AS actor_roles, action,
  target_type, target_id, summary::text AS summary, client_ip, prev_hash, hash`;

/** The action of an anchor record; its summary is `{ heads: [[chain, seq, hash], …] }`. */
export const ANCHOR_ACTION = 'audit.anchor';
/** Heads per anchor record: an anchor of more chains is several records (a summary holds at most 64 KiB). */
export const ANCHOR_HEADS_PER_RECORD = 400;

interface ChainHead {
  chain: number;
  seq: number;
  hash: string;
}

/** A chain being walked: its head as read at the start, and how far the walk has come. */
interface Walk {
  head: ChainHead;
  seq: number;
  prevHash: string;
}

/**
 * Walks every chain in key order — the anchor chain first, then the others — and every chain in seq
 * order, batch by batch over the whole log (never the whole log in memory), and reports the first broken
 * link: its chain, its seq and what broke — a missing seq (deleted row), a prev_hash that is not the
 * previous row's hash (deleted, reordered or relinked rows), a hash that does not match the row (edited
 * row), a row other than the one an anchor recorded at that seq (ANCHOR_MISMATCH).
 * Each chain is walked up to its head as read at the start (later appends are not waited for), and must
 * end there: rows cut off the end are a SEQ_GAP at the first missing seq, and a last row other than the
 * one the head recorded (a tail rewritten with fresh hashes) is a HEAD_MISMATCH. A chain must also reach
 * every seq an anchor recorded for it: a tail cut together with its head is a SEQ_GAP there too.
 *
 * The heads are read in one query (one row per chain). What it cannot see: a log, its heads and the
 * anchor chain rewritten together — compare `rows` with an earlier run for that.
 */
export async function verifyAuditChain(db: Db, opts: { batchSize?: number } = {}): Promise<AuditVerifyResult> {
  const batchSize = Math.max(1, Math.floor(opts.batchSize ?? VERIFY_BATCH_SIZE));
  const heads = await queryRows<{ chain: string; seq: string; hash: string }>(
    db,
    sql`SELECT chain::text AS chain, seq::text AS seq, hash FROM audit_chain_heads ORDER BY audit_chain_heads.chain`,
  );
  const walks = new Map<number, Walk>();
  for (const h of heads) {
    const head = { chain: Number(h.chain), seq: Number(h.seq), hash: h.hash };
    walks.set(head.chain, { head, seq: 0, prevHash: GENESIS_HASH });
  }
  /** chain → seq → the hash an anchor recorded there. */
  const anchored = new Map<number, Map<number, string>>();
  let rows = 0;
  const broken = (chain: number, seq: number, reason: AuditBreak): AuditVerifyResult => ({
    ok: false,
    rows,
    brokenAt: { chain, seq, reason },
  });

  /** Walked to its head and every anchor: null, or the break. */
  const finish = (w: Walk): AuditVerifyResult | null => {
    const expected = Math.max(w.head.seq, ...(anchored.get(w.head.chain)?.keys() ?? []));
    if (w.seq < expected) return broken(w.head.chain, w.seq + 1, 'SEQ_GAP');
    if (w.prevHash !== w.head.hash) {
      rows -= 1;
      return broken(w.head.chain, w.seq, 'HEAD_MISMATCH');
    }
    return null;
  };

  let order = [...walks.keys()].sort((a, b) => a - b);
  let next = 0; // order[next]: the first chain not yet finished
  let after: { chain: string; seq: string } | null = null;
  for (;;) {
    const where: SQL =
      after === null ? sql`` : sql`WHERE (audit_log.chain, audit_log.seq) > (${after.chain}::bigint, ${after.seq}::bigint)`;
    const batch: StoredRow[] = await queryRows<StoredRow>(
      db,
      sql`SELECT ${STORED_COLUMNS} FROM audit_log ${where} ORDER BY audit_log.chain, audit_log.seq LIMIT ${batchSize}`,
    );
    for (const row of batch) {
      const chain = Number(row.chain);
      while (next < order.length && order[next]! < chain) {
        const failed = finish(walks.get(order[next]!)!);
        if (failed) return failed;
        next++;
      }
      const w = walks.get(chain);
      const seq = Number(row.seq);
      // A chain begun, or a row appended, after the heads were read: not this run's to check.
      if (!w || seq > w.head.seq) continue;
      const expectedSeq = w.seq + 1;
      if (seq !== expectedSeq) return broken(chain, seq > expectedSeq ? expectedSeq : seq, 'SEQ_GAP');
      if (row.prev_hash !== w.prevHash) return broken(chain, seq, 'PREV_HASH_MISMATCH');
      if (recomputedHash(row) !== row.hash) return broken(chain, seq, 'HASH_MISMATCH');
      const vouched = anchored.get(chain)?.get(seq);
      if (vouched !== undefined && vouched !== row.hash) return broken(chain, seq, 'ANCHOR_MISMATCH');
      if (chain === ANCHOR_CHAIN && row.action === ANCHOR_ACTION) {
        // A chain the anchor knows and the heads do not (its head deleted): walked from nothing.
        let grew = false;
        for (const c of noteAnchor(row, anchored)) {
          if (walks.has(c)) continue;
          walks.set(c, { head: { chain: c, seq: 0, hash: GENESIS_HASH }, seq: 0, prevHash: GENESIS_HASH });
          grew = true;
        }
        // Only the anchor chain has been walked so far, and it comes first: the order can be rebuilt.
        if (grew) order = [...walks.keys()].sort((a, b) => a - b);
      }
      w.prevHash = row.hash;
      w.seq = seq;
      rows++;
    }
    if (batch.length < batchSize) break;
    const last: StoredRow = batch[batch.length - 1]!;
    after = { chain: last.chain, seq: last.seq };
  }
  for (; next < order.length; next++) {
    const failed = finish(walks.get(order[next]!)!);
    if (failed) return failed;
  }
  return { ok: true, rows };
}

/** Records the heads an anchor record lists; returns their chains. */
function noteAnchor(row: StoredRow, anchored: Map<number, Map<number, string>>): number[] {
  const summary = row.summary === null ? null : (JSON.parse(row.summary) as { heads?: unknown });
  const heads = Array.isArray(summary?.heads) ? (summary.heads as unknown[]) : [];
  const chains: number[] = [];
  for (const entry of heads) {
    if (!Array.isArray(entry) || entry.length !== 3) continue;
    const [chain, seq, hash] = entry as [unknown, unknown, unknown];
    if (typeof chain !== 'number' || typeof seq !== 'number' || typeof hash !== 'string') continue;
    let seqs = anchored.get(chain);
    if (!seqs) anchored.set(chain, (seqs = new Map()));
    seqs.set(seq, hash);
    chains.push(chain);
  }
  return chains;
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
      chain: Number(row.chain),
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

/**
 * Records in the anchor chain the head (seq and hash) of every chain that moved since the last anchor, in
 * its own transaction (the end of day calls it after the day closes). The heads' rows are marked in the
 * same statement that reads them (anchored_seq), so an anchor waits for the appenders of those chains
 * that are about to commit and never records a head twice. A chain cut at its end, its head moved back
 * with it, then fails verification at the first anchored seq it no longer reaches.
 * Returns how many chains were anchored (0: nothing moved, nothing written).
 */
export async function anchorAuditChains(db: Db): Promise<{ chains: number }> {
  return withTx(db, async (tx) => {
    const moved = await queryRows<{ chain: string; seq: string; hash: string }>(
      tx,
      sql`UPDATE audit_chain_heads SET anchored_seq = seq
           WHERE seq > anchored_seq AND chain <> ${ANCHOR_CHAIN}
       RETURNING chain::text AS chain, seq::text AS seq, hash`,
    );
    const heads = moved.map((h) => [Number(h.chain), Number(h.seq), h.hash] as const).sort((a, b) => a[0] - b[0]);
    const drafts: AuditDraft[] = [];
    for (let i = 0; i < heads.length; i += ANCHOR_HEADS_PER_RECORD) {
      const part = heads.slice(i, i + ANCHOR_HEADS_PER_RECORD);
      const draft = recordDraft({ actor: actorRef(null), action: ANCHOR_ACTION, summary: { heads: part.map((h) => [...h]) } });
      drafts.push({ ...draft, chain: ANCHOR_CHAIN });
    }
    await appendDraftsInTx(tx, drafts);
    return { chains: heads.length };
  });
}

/** Newest first (at, then chain, then seq, descending), with the filters of the audit screen. */
export async function listAudit(db: Db, q: AuditListQuery): Promise<AuditPage> {
  const page = Math.max(1, Math.floor(q.page));
  const pageSize = Math.min(200, Math.max(1, Math.floor(q.pageSize)));
  return (await auditPageOf(db, q, { offset: (page - 1) * pageSize, pageSize }, page)).page;
}

/** A record's place in the listing order: its time to the microsecond, chain and seq. */
interface ListKey {
  at: string;
  chain: number;
  seq: number;
}

const keyBefore = (k: ListKey, inclusive: boolean): SQL =>
  inclusive
    ? sql`(audit_log.at, audit_log.chain, audit_log.seq) <= (${k.at}::timestamptz, ${k.chain}::bigint, ${k.seq}::bigint)`
    : sql`(audit_log.at, audit_log.chain, audit_log.seq) < (${k.at}::timestamptz, ${k.chain}::bigint, ${k.seq}::bigint)`;

/**
 * The pages of an export, each record exactly once although the log grows meanwhile: the log is
 * pinned at its newest record (in the listing order) when the first page is read (the total counts only
 * up to it), and each next page continues below the last record already read (keyset), not at an offset
 * that records appended since would shift. Pages must be asked for in order, as the export does.
 * A record of a transaction still open at the pin and stamped before it may join the pages after it.
 */
export function pinnedAuditPages(
  db: Db,
  q: Omit<AuditListQuery, 'page' | 'pageSize'>,
): (page: number, pageSize: number) => Promise<AuditPage> {
  let pinned: ListKey | null | undefined;
  let below: ListKey | undefined;
  return async (page, size) => {
    if (pinned === undefined) {
      const newest = await queryOne<{ at: string; chain: string; seq: string }>(
        db,
        sql`SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, chain::text AS chain, seq::text AS seq
              FROM audit_log ORDER BY audit_log.at DESC, audit_log.chain DESC, audit_log.seq DESC LIMIT 1`,
      );
      pinned = newest ? { at: newest.at, chain: Number(newest.chain), seq: Number(newest.seq) } : null;
    }
    const pageSize = Math.min(200, Math.max(1, Math.floor(size)));
    if (pinned === null) return { items: [], total: 0, page, pageSize };
    const result = await auditPageOf(db, { ...q, page, pageSize }, { pageSize, pinned, below }, page);
    if (result.lastKey) below = result.lastKey;
    return result.page;
  };
}

interface AuditWindow {
  pageSize: number;
  /** Rows skipped (the screen's paging). */
  offset?: number;
  /** Only records up to this one, rows and total alike (an export's pin). */
  pinned?: ListKey;
  /** Only rows below this one (an export's next page). */
  below?: ListKey;
}

async function auditPageOf(db: Db, q: AuditListQuery, w: AuditWindow, page: number): Promise<{ page: AuditPage; lastKey?: ListKey }> {
  const conds = filterConditions(q);
  if (w.pinned !== undefined) conds.push(keyBefore(w.pinned, true));
  const where = whereOf(conds);
  const rowWhere = w.below === undefined ? where : whereOf([...conds, keyBefore(w.below, false)]);
  const [items, count] = await Promise.all([
    queryRows<Omit<StoredRow, 'prev_hash' | 'actor_id'> & { at_us: string }>(
      db,
      sql`SELECT chain::text AS chain, seq::text AS seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at,
                 to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_us,
                 actor_username, array_to_json(actor_roles)::text AS actor_roles, action, target_type, target_id,
                 summary::text AS summary, client_ip, hash
          FROM audit_log ${rowWhere}
          ORDER BY audit_log.at DESC, audit_log.chain DESC, audit_log.seq DESC LIMIT ${w.pageSize} OFFSET ${w.offset ?? 0}`,
    ),
    queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM audit_log ${where}`),
  ]);
  const last = items.at(-1);
  return {
    page: {
      items: items.map((r) => ({
        chain: Number(r.chain),
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
    },
    lastKey: last ? { at: last.at_us, chain: Number(last.chain), seq: Number(last.seq) } : undefined,
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

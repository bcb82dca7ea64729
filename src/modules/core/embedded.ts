/**
 * The embedded core-banking implementation: demand accounts, certificates of deposit and money
 * movements kept in this database (tables of migrations/0012_core.sql). A real core adapter would
 * implement the same CoreBanking interface over the bank's core system.
 *
 * Concurrency: balances change only by single `UPDATE … SET balance_fen = balance_fen ± x`
 * statements, and a debit first locks its account row (FOR UPDATE), so concurrent debits queue and
 * the balance never goes below zero (the CHECK constraint backs it up). Idempotency: the reference
 * is unique per customer and direction; the transaction row is inserted with ON CONFLICT DO NOTHING
 * before the balance moves, so of two concurrent calls with one reference, one moves the money and
 * the other waits for it and returns its result.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Tx } from '../../db/client.js';
import { customersOnCitus } from '../../db/partition.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { Dec, formatRatePct } from '../../kernel/rate.js';
import { getBusinessDate } from '../calendar/index.js';
import { makeAccountNo } from './account-no.js';
import type {
  CertificateOfDeposit,
  CertificateStatus,
  CoreBanking,
  CoreTransfer,
  DemandAccount,
  DemandAccountBalance,
  DemandAccountKey,
  DemandAccountStatus,
} from './types.js';

/** Advisory lock class for "one account opening per customer at a time" (7243 = app, 012 = migration). */
const ACCOUNT_OPEN_LOCK = 7243012;
const MAX_REFERENCE = 200;
const MAX_MEMO = 200;

type Direction = 'CR' | 'DR';

interface TxnRow {
  id: string;
  account_no: string;
  amount_fen: string;
  requested_fen: string;
}

interface CdRow {
  cd_no: string;
  principal_fen: string;
  annual_rate_pct: string;
  open_date: string;
  maturity_date: string;
  status: CertificateStatus;
  pledge_reference: string | null;
}

const CD_COLUMNS = sql`cd_no, principal_fen::text AS principal_fen, annual_rate_pct::text AS annual_rate_pct,
  open_date::text AS open_date, maturity_date::text AS maturity_date, status, pledge_reference`;

export function toCertificate(r: CdRow): CertificateOfDeposit {
  return {
    cdNo: r.cd_no,
    principalFen: BigInt(r.principal_fen),
    annualRatePct: formatRatePct(new Dec(r.annual_rate_pct)),
    openDate: r.open_date,
    maturityDate: r.maturity_date,
    status: r.status,
    pledgeReference: r.pledge_reference,
  };
}

// ---------------------------------------------------------------------------------------------
// argument checks: a caller passing nonsense is a programming error, except amounts (user input)

function assertCustomerId(customerId: number): void {
  if (!Number.isSafeInteger(customerId) || customerId <= 0) throw new InvariantError(`bad customer id ${String(customerId)}`);
}

function assertReference(reference: string): void {
  if (typeof reference !== 'string' || reference.length === 0 || reference.length > MAX_REFERENCE) {
    throw new InvariantError(`a core reference must be 1–${MAX_REFERENCE} characters`);
  }
}

function checkTransfer(t: CoreTransfer): void {
  assertCustomerId(t.customerId);
  assertReference(t.reference);
  if (typeof t.accountNo !== 'string' || t.accountNo === '') throw new InvariantError('accountNo is required');
  if (typeof t.amountFen !== 'bigint') throw new InvariantError('amountFen must be bigint fen');
  if (t.amountFen <= 0n) throw new AppError('INVALID_AMOUNT', { reason: 'NOT_POSITIVE', amount: formatYuan(t.amountFen) });
  parseIsoDate(t.businessDate);
  if (typeof t.memo !== 'string' || t.memo.length > MAX_MEMO) throw new InvariantError(`memo must be at most ${MAX_MEMO} characters`);
}

function cdList(cdNos: string[]): string[] {
  if (!Array.isArray(cdNos) || cdNos.length === 0) throw new InvariantError('cdNos must name at least one certificate');
  if (cdNos.some((c) => typeof c !== 'string' || c === '')) throw new InvariantError('cdNos must be non-empty strings');
  return [...new Set(cdNos)].sort();
}

const jsonList = (items: string[]) => sql`(SELECT jsonb_array_elements_text(${JSON.stringify(items)}::jsonb))`;

// ---------------------------------------------------------------------------------------------
// money movements

async function priorTxn(tx: Tx, customerId: number, reference: string, direction: Direction): Promise<TxnRow | undefined> {
  return queryOne<TxnRow>(
    tx,
    sql`SELECT id::text AS id, account_no, amount_fen::text AS amount_fen, requested_fen::text AS requested_fen
        FROM core_transactions
        WHERE customer_id = ${customerId} AND reference = ${reference} AND direction = ${direction}`,
  );
}

/** The first result of a reference, provided the retry asks for the same thing. */
function replay(prior: TxnRow, t: CoreTransfer, direction: Direction): { txnId: number; amountFen: bigint } {
  if (prior.account_no !== t.accountNo || BigInt(prior.requested_fen) !== t.amountFen) {
    throw new AppError('CORE_REFERENCE_CONFLICT', { reference: t.reference, direction });
  }
  return { txnId: Number(prior.id), amountFen: BigInt(prior.amount_fen) };
}

/** Claims the reference; undefined when another call holds it (then its committed row is the result). */
async function insertTxn(tx: Tx, t: CoreTransfer, direction: Direction, amountFen: bigint): Promise<number | undefined> {
  const row = await queryOne<{ id: string }>(
    tx,
    sql`INSERT INTO core_transactions
          (customer_id, account_no, direction, amount_fen, requested_fen, reference, business_date, memo, created_at)
        VALUES (${t.customerId}, ${t.accountNo}, ${direction}, ${amountFen.toString()}::bigint,
                ${t.amountFen.toString()}::bigint, ${t.reference}, ${t.businessDate}::date, ${t.memo}, ${nowParam()})
        ON CONFLICT (customer_id, reference, direction) DO NOTHING
        RETURNING id::text AS id`,
  );
  return row ? Number(row.id) : undefined;
}

async function accountState(
  tx: Tx,
  customerId: number,
  accountNo: string,
  lock: boolean,
): Promise<{ balanceFen: bigint; status: DemandAccountStatus }> {
  const row = await queryOne<{ balance_fen: string; status: DemandAccountStatus }>(
    tx,
    sql`SELECT balance_fen::text AS balance_fen, status FROM core_demand_accounts
        WHERE customer_id = ${customerId} AND account_no = ${accountNo}
        ${lock ? sql`FOR UPDATE` : sql``}`,
  );
  if (!row) throw new AppError('ACCOUNT_NOT_FOUND');
  if (row.status !== 'ACTIVE') throw new AppError('ACCOUNT_NOT_ACTIVE', { status: row.status });
  return { balanceFen: BigInt(row.balance_fen), status: row.status };
}

async function credit(tx: Tx, t: CoreTransfer): Promise<{ txnId: number }> {
  checkTransfer(t);
  // One statement on the way that matters: the account's state, the claimed reference and the new
  // balance. Nothing is written unless the account is active and the reference is free.
  const row = await queryOne<{ id: string | null; status: DemandAccountStatus | null; moved: string }>(
    tx,
    sql`WITH account AS (
          SELECT status FROM core_demand_accounts WHERE customer_id = ${t.customerId} AND account_no = ${t.accountNo}
        ),
        claimed AS (
          INSERT INTO core_transactions (customer_id, account_no, direction, amount_fen, requested_fen, reference, business_date, memo, created_at)
          SELECT ${t.customerId}, ${t.accountNo}, 'CR', ${t.amountFen.toString()}::bigint, ${t.amountFen.toString()}::bigint,
                 ${t.reference}, ${t.businessDate}::date, ${t.memo}, ${nowParam()}
           WHERE EXISTS (SELECT 1 FROM account WHERE status = 'ACTIVE')
          ON CONFLICT (customer_id, reference, direction) DO NOTHING
          RETURNING id
        ),
        moved AS (
          UPDATE core_demand_accounts SET balance_fen = balance_fen + ${t.amountFen.toString()}::bigint, updated_at = ${nowParam()}
           WHERE customer_id = ${t.customerId} AND account_no = ${t.accountNo} AND status = 'ACTIVE' AND EXISTS (SELECT 1 FROM claimed)
          RETURNING 1
        )
        SELECT (SELECT id::text FROM claimed) AS id, (SELECT status FROM account) AS status, (SELECT count(*) FROM moved)::text AS moved`,
  );
  if (row?.id != null) {
    // Frozen between the statement's snapshot and its update: the throw rolls the claim back.
    if (row.moved !== '1') throw new AppError('ACCOUNT_NOT_ACTIVE');
    return { txnId: Number(row.id) };
  }
  // A retry (or a concurrent call that won the reference) returns the first result, whatever the account's state now.
  const prior = await priorTxn(tx, t.customerId, t.reference, 'CR');
  if (prior) return { txnId: replay(prior, t, 'CR').txnId };
  if (!row?.status) throw new AppError('ACCOUNT_NOT_FOUND');
  if (row.status !== 'ACTIVE') throw new AppError('ACCOUNT_NOT_ACTIVE', { status: row.status });
  throw new InvariantError(`core credit ${t.reference} conflicted but is not visible`);
}

/**
 * Debits the account. Without allowPartial a balance below the amount is INSUFFICIENT_BALANCE; with
 * it, min(balance, amount) is taken. Nothing is recorded when nothing is taken (txnId 0,
 * debitedFen 0): the reference stays free for a later attempt.
 */
async function debit(tx: Tx, t: CoreTransfer & { allowPartial?: boolean }): Promise<{ txnId: number; debitedFen: bigint }> {
  checkTransfer(t);
  const prior = await priorTxn(tx, t.customerId, t.reference, 'DR');
  if (prior) {
    const r = replay(prior, t, 'DR');
    return { txnId: r.txnId, debitedFen: r.amountFen };
  }
  // Lock first: concurrent debits of one account queue here, each seeing the balance the previous left.
  const { balanceFen } = await accountState(tx, t.customerId, t.accountNo, true);
  if (!t.allowPartial && balanceFen < t.amountFen) {
    throw new AppError('INSUFFICIENT_BALANCE', { requested: formatYuan(t.amountFen) });
  }
  const takeFen = balanceFen < t.amountFen ? balanceFen : t.amountFen;
  if (takeFen === 0n) return { txnId: 0, debitedFen: 0n };
  const txnId = await insertTxn(tx, t, 'DR', takeFen);
  if (txnId === undefined) {
    const winner = await priorTxn(tx, t.customerId, t.reference, 'DR');
    if (!winner) throw new InvariantError(`core debit ${t.reference} conflicted but is not visible`);
    const r = replay(winner, t, 'DR');
    return { txnId: r.txnId, debitedFen: r.amountFen };
  }
  const moved = await queryOne(
    tx,
    sql`UPDATE core_demand_accounts SET balance_fen = balance_fen - ${takeFen.toString()}::bigint, updated_at = ${nowParam()}
        WHERE customer_id = ${t.customerId} AND account_no = ${t.accountNo} AND status = 'ACTIVE'
          AND balance_fen >= ${takeFen.toString()}::bigint
        RETURNING 1 AS ok`,
  );
  if (!moved) throw new InvariantError(`core debit ${t.reference}: the locked balance changed`);
  return { txnId, debitedFen: takeFen };
}

// ---------------------------------------------------------------------------------------------
// bulk (end-of-day): a handful of statements for any number of accounts and transfers

/** Rows per statement of the bulk operations (bounds the size of one JSON parameter). */
const BULK_CHUNK = 5000;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BULK_CHUNK) out.push(items.slice(i, i + BULK_CHUNK));
  return out;
}

const accountKey = (customerId: number | string, accountNo: string) => `${String(customerId)}|${accountNo}`;

async function demandAccountBalances(tx: Tx, keys: DemandAccountKey[], opts: { lock?: boolean } = {}): Promise<DemandAccountBalance[]> {
  const unique = new Map<string, DemandAccountKey>();
  for (const k of keys) {
    assertCustomerId(k.customerId);
    if (typeof k.accountNo !== 'string' || k.accountNo === '') throw new InvariantError('accountNo is required');
    unique.set(accountKey(k.customerId, k.accountNo), { customerId: k.customerId, accountNo: k.accountNo });
  }
  const sorted = [...unique.values()].sort(
    (a, b) => a.customerId - b.customerId || (a.accountNo < b.accountNo ? -1 : a.accountNo > b.accountNo ? 1 : 0),
  );
  const out: DemandAccountBalance[] = [];
  for (const part of chunks(sorted)) {
    const rows = await queryRows<{ customer_id: string; account_no: string; balance_fen: string; status: DemandAccountStatus }>(
      tx,
      sql`SELECT a.customer_id::text AS customer_id, a.account_no, a.balance_fen::text AS balance_fen, a.status
            FROM core_demand_accounts a
            JOIN jsonb_to_recordset(${JSON.stringify(part.map((k) => ({ c: k.customerId, a: k.accountNo })))}::jsonb) AS k(c bigint, a text)
              ON a.customer_id = k.c AND a.account_no = k.a
           -- the customers named as a list too: Citus prunes to their shards (one, for an end-of-day
           -- partition, where FOR UPDATE is allowed)
           WHERE TRUE${await customersOnCitus(
             tx,
             'a.customer_id',
             part.map((k) => k.customerId),
           )}
           ORDER BY a.customer_id, a.account_no
           ${opts.lock ? sql`FOR UPDATE OF a` : sql``}`,
    );
    for (const r of rows)
      out.push({ customerId: Number(r.customer_id), accountNo: r.account_no, balanceFen: BigInt(r.balance_fen), status: r.status });
  }
  return out;
}

/**
 * Debits every transfer in full, all or nothing: the transaction rows in one INSERT … SELECT (ON
 * CONFLICT DO NOTHING: a reference used before replays its first result, as debit does), then the
 * accounts in one UPDATE by the sum per account, which must be ACTIVE and hold the sum (else
 * ACCOUNT_NOT_ACTIVE / INSUFFICIENT_BALANCE, and the caller's transaction is to be rolled back).
 */
async function debitMany(tx: Tx, transfers: CoreTransfer[]): Promise<Array<{ txnId: number; debitedFen: bigint }>> {
  const seen = new Set<string>();
  for (const t of transfers) {
    checkTransfer(t);
    const k = accountKey(t.customerId, t.reference);
    if (seen.has(k)) throw new InvariantError(`debitMany: reference ${t.reference} twice in one call`);
    seen.add(k);
  }
  const results = new Map<string, { txnId: number; debitedFen: bigint }>();
  const moved = new Map<string, { customerId: number; accountNo: string; fen: bigint }>();
  for (const part of chunks(transfers)) {
    const inserted = await queryRows<{ id: string; customer_id: string; reference: string }>(
      tx,
      sql`INSERT INTO core_transactions (customer_id, account_no, direction, amount_fen, requested_fen, reference, business_date, memo, created_at)
          SELECT t.c, t.a, 'DR', t.f, t.f, t.r, t.d, t.m, ${nowParam()}
            FROM jsonb_to_recordset(${JSON.stringify(
              part.map((t) => ({
                c: t.customerId,
                a: t.accountNo,
                f: t.amountFen.toString(),
                r: t.reference,
                d: t.businessDate,
                m: t.memo,
              })),
            )}::jsonb) AS t(c bigint, a text, f bigint, r text, d date, m text)
          ON CONFLICT (customer_id, reference, direction) DO NOTHING
          RETURNING id::text AS id, customer_id::text AS customer_id, reference`,
    );
    for (const r of inserted) results.set(accountKey(r.customer_id, r.reference), { txnId: Number(r.id), debitedFen: 0n });
    for (const t of part) {
      const got = results.get(accountKey(t.customerId, t.reference));
      if (!got) continue;
      got.debitedFen = t.amountFen;
      const a = moved.get(accountKey(t.customerId, t.accountNo)) ?? { customerId: t.customerId, accountNo: t.accountNo, fen: 0n };
      a.fen += t.amountFen;
      moved.set(accountKey(t.customerId, t.accountNo), a);
    }
    // References used before: their first result, provided it was the same request (rare: a retry).
    for (const t of part) {
      if (results.has(accountKey(t.customerId, t.reference))) continue;
      const prior = await priorTxn(tx, t.customerId, t.reference, 'DR');
      if (!prior) throw new InvariantError(`core debit ${t.reference} conflicted but is not visible`);
      const r = replay(prior, t, 'DR');
      results.set(accountKey(t.customerId, t.reference), { txnId: r.txnId, debitedFen: r.amountFen });
    }
  }
  const sums = [...moved.values()].sort(
    (a, b) => a.customerId - b.customerId || (a.accountNo < b.accountNo ? -1 : a.accountNo > b.accountNo ? 1 : 0),
  );
  for (const part of chunks(sums)) {
    const updated = await queryRows<{ customer_id: string; account_no: string }>(
      tx,
      sql`UPDATE core_demand_accounts a SET balance_fen = a.balance_fen - s.f, updated_at = ${nowParam()}
            FROM jsonb_to_recordset(${JSON.stringify(part.map((s) => ({ c: s.customerId, a: s.accountNo, f: s.fen.toString() })))}::jsonb)
                 AS s(c bigint, a text, f bigint)
           WHERE a.customer_id = s.c AND a.account_no = s.a AND a.status = 'ACTIVE' AND a.balance_fen >= s.f${await customersOnCitus(
             tx,
             'a.customer_id',
             part.map((x) => x.customerId),
           )}
          RETURNING a.customer_id::text AS customer_id, a.account_no`,
    );
    if (updated.length !== part.length) {
      const done = new Set(updated.map((u) => accountKey(u.customer_id, u.account_no)));
      const failed = part.find((s) => !done.has(accountKey(s.customerId, s.accountNo)))!;
      await accountState(tx, failed.customerId, failed.accountNo, false); // ACCOUNT_NOT_FOUND / ACCOUNT_NOT_ACTIVE
      throw new AppError('INSUFFICIENT_BALANCE', { requested: formatYuan(failed.fen) });
    }
  }
  return transfers.map((t) => results.get(accountKey(t.customerId, t.reference))!);
}

// ---------------------------------------------------------------------------------------------
// accounts

async function demandAccounts(tx: Tx, customerId: number): Promise<DemandAccount[]> {
  assertCustomerId(customerId);
  const rows = await queryRows<{ account_no: string; balance_fen: string; status: DemandAccountStatus }>(
    tx,
    sql`SELECT account_no, balance_fen::text AS balance_fen, status FROM core_demand_accounts
        WHERE customer_id = ${customerId} ORDER BY opened_on, account_no`,
  );
  return rows.map((r) => ({ accountNo: r.account_no, balanceFen: BigInt(r.balance_fen), status: r.status }));
}

interface NewDemandAccount {
  customerId: number;
  branchId: number;
  openedOn: IsoDate;
  balanceFen?: bigint;
}

/**
 * Inserts the account under a fresh number from the sequence (the first one may be drawn already). The
 * number is claimed first in the directory of numbers (core_account_numbers, one row per number): a
 * number some account in the bank already holds (an imported one could in theory collide) is skipped
 * for the next. One row of its own key — one shard on Citus — instead of a read of every customer's
 * accounts, and unique under concurrency on every engine.
 */
async function insertWithFreshNumber(tx: Tx, a: NewDemandAccount, drawnSeq: string | null): Promise<string> {
  assertCustomerId(a.customerId);
  if (!Number.isSafeInteger(a.branchId) || a.branchId <= 0) throw new InvariantError(`bad branch id ${String(a.branchId)}`);
  for (let attempt = 0; attempt < 5; attempt++) {
    const seq =
      attempt === 0 && drawnSeq !== null
        ? drawnSeq
        : (await queryOne<{ n: string }>(tx, sql`SELECT nextval('core_account_no_seq')::text AS n`))!.n;
    const accountNo = makeAccountNo(a.branchId, Number(seq));
    const claimed = await queryOne(
      tx,
      sql`INSERT INTO core_account_numbers (account_no, customer_id) VALUES (${accountNo}, ${a.customerId})
          ON CONFLICT (account_no) DO NOTHING RETURNING 1 AS ok`,
    );
    if (!claimed) continue;
    await tx.execute(
      sql`INSERT INTO core_demand_accounts (customer_id, account_no, branch_id, balance_fen, status, opened_on, created_at, updated_at)
          VALUES (${a.customerId}, ${accountNo}, ${a.branchId}, ${(a.balanceFen ?? 0n).toString()}::bigint, 'ACTIVE',
                  ${parseIsoDate(a.openedOn)}::date, ${nowParam()}, ${nowParam()})`,
    );
    return accountNo;
  }
  throw new InvariantError('could not find a free demand account number');
}

/** Opens a demand account (no checks beyond the number being free); returns its number. */
export async function openDemandAccount(tx: Tx, a: NewDemandAccount): Promise<string> {
  return insertWithFreshNumber(tx, a, null);
}

/**
 * The customer's first active demand account, or a new one at the branch. A customer whose only
 * accounts are frozen gets ACCOUNT_NOT_ACTIVE (money must not be paid around a freeze); closed
 * accounts do not count.
 */
async function ensureDemandAccount(tx: Tx, customerId: number, branchId: number): Promise<string> {
  assertCustomerId(customerId);
  // The lock comes first, in its own statement, so that the read below sees an account that a
  // concurrent first disbursement opened and committed while this one waited.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${ACCOUNT_OPEN_LOCK}::int, ${customerId % 2_147_483_647}::int)`);
  // The accounts, and a number for a new one only when there is none to use.
  const row = await queryOne<{ accounts: Array<{ account_no: string; status: DemandAccountStatus }> | null; seq: string | null }>(
    tx,
    sql`WITH accounts AS (
          SELECT account_no, status, opened_on FROM core_demand_accounts WHERE customer_id = ${customerId} AND status <> 'CLOSED'
        )
        SELECT (SELECT json_agg(json_build_object('account_no', account_no, 'status', status) ORDER BY opened_on, account_no) FROM accounts) AS accounts,
               CASE WHEN NOT EXISTS (SELECT 1 FROM accounts) THEN nextval('core_account_no_seq')::text END AS seq`,
  );
  const rows = row?.accounts ?? [];
  const active = rows.find((r) => r.status === 'ACTIVE');
  if (active) return active.account_no;
  if (rows.length > 0) throw new AppError('ACCOUNT_NOT_ACTIVE', { status: 'FROZEN' });
  return insertWithFreshNumber(tx, { customerId, branchId, openedOn: await getBusinessDate(tx) }, row?.seq ?? null);
}

// ---------------------------------------------------------------------------------------------
// certificates of deposit

async function certificates(tx: Tx, customerId: number): Promise<CertificateOfDeposit[]> {
  assertCustomerId(customerId);
  const rows = await queryRows<CdRow>(
    tx,
    sql`SELECT ${CD_COLUMNS} FROM core_certificates WHERE customer_id = ${customerId} ORDER BY maturity_date, cd_no`,
  );
  return rows.map(toCertificate);
}

/**
 * Pledges certificates to a reference (a loan or application), all or none. Each must belong to the
 * customer (else CD_NOT_FOUND), be ACTIVE and not yet matured — a maturity date on or before the
 * business date counts as matured — (else CD_NOT_PLEDGEABLE). A certificate already pledged under
 * the same reference counts as done, so a retried pledge succeeds.
 */
async function pledgeCertificates(
  tx: Tx,
  p: { customerId: number; cdNos: string[]; reference: string; businessDate: IsoDate },
): Promise<CertificateOfDeposit[]> {
  assertCustomerId(p.customerId);
  assertReference(p.reference);
  const businessDate = parseIsoDate(p.businessDate);
  const wanted = cdList(p.cdNos);
  const rows = await queryRows<CdRow>(
    tx,
    sql`SELECT ${CD_COLUMNS} FROM core_certificates
        WHERE customer_id = ${p.customerId} AND cd_no IN ${jsonList(wanted)}
        ORDER BY cd_no FOR UPDATE`,
  );
  const found = new Map(rows.map((r) => [r.cd_no, r]));
  const missing = wanted.filter((c) => !found.has(c));
  if (missing.length > 0) throw new AppError('CD_NOT_FOUND', { cdNos: missing });
  for (const r of rows) {
    if (r.status === 'PLEDGED' && r.pledge_reference === p.reference) continue;
    if (r.status !== 'ACTIVE') throw new AppError('CD_NOT_PLEDGEABLE', { cdNo: r.cd_no, status: r.status });
    if (r.maturity_date <= businessDate) {
      throw new AppError('CD_NOT_PLEDGEABLE', { cdNo: r.cd_no, status: 'MATURED', maturityDate: r.maturity_date });
    }
  }
  // The update returns only the columns it sets, as they are: the other columns come from the rows
  // locked above (Citus refuses the date-to-text casts of CD_COLUMNS in the RETURNING of a write).
  const updated = await queryRows<Pick<CdRow, 'cd_no' | 'status' | 'pledge_reference'>>(
    tx,
    sql`UPDATE core_certificates SET status = 'PLEDGED', pledge_reference = ${p.reference}, updated_at = ${nowParam()}
        WHERE customer_id = ${p.customerId} AND cd_no IN ${jsonList(wanted)}
          AND (status = 'ACTIVE' OR (status = 'PLEDGED' AND pledge_reference = ${p.reference}))
        RETURNING cd_no, status, pledge_reference`,
  );
  if (updated.length !== wanted.length) throw new InvariantError('pledge updated a different number of locked certificates');
  return updated
    .map((u) => {
      const locked = found.get(u.cd_no);
      if (!locked) throw new InvariantError(`pledge updated certificate ${u.cd_no}, which it had not locked`);
      return toCertificate({ ...locked, status: u.status, pledge_reference: u.pledge_reference });
    })
    .sort((a, b) => (a.cdNo < b.cdNo ? -1 : a.cdNo > b.cdNo ? 1 : 0));
}

/** Releases the certificates pledged under the reference; others (not pledged, or to another reference) are left alone. */
async function releaseCertificates(tx: Tx, p: { customerId: number; cdNos: string[]; reference: string }): Promise<void> {
  assertCustomerId(p.customerId);
  assertReference(p.reference);
  const wanted = cdList(p.cdNos);
  await tx.execute(
    sql`UPDATE core_certificates SET status = 'ACTIVE', pledge_reference = NULL, updated_at = ${nowParam()}
        WHERE customer_id = ${p.customerId} AND cd_no IN ${jsonList(wanted)}
          AND status = 'PLEDGED' AND pledge_reference = ${p.reference}`,
  );
}

/**
 * Simplification: the embedded core keeps no daily balance history, so the "average" deposit
 * balance is the current one — demand balances of accounts not closed plus the principal of
 * certificates still held at the bank (ACTIVE, FROZEN or PLEDGED). A real core adapter returns the
 * customer's average daily balance over its own window (commonly the last 3 or 12 months).
 */
async function averageDepositBalanceFen(tx: Tx, customerId: number): Promise<bigint> {
  assertCustomerId(customerId);
  const row = await queryOne<{ total: string }>(
    tx,
    sql`SELECT (
          coalesce((SELECT sum(balance_fen) FROM core_demand_accounts
                    WHERE customer_id = ${customerId} AND status <> 'CLOSED'), 0)
        + coalesce((SELECT sum(principal_fen) FROM core_certificates
                    WHERE customer_id = ${customerId} AND status IN ('ACTIVE', 'FROZEN', 'PLEDGED')), 0)
        )::text AS total`,
  );
  return BigInt(row?.total ?? '0');
}

export const embeddedCore: CoreBanking = {
  demandAccounts,
  ensureDemandAccount,
  credit,
  debit,
  certificates,
  pledgeCertificates,
  releaseCertificates,
  averageDepositBalanceFen,
  demandAccountBalances,
  debitMany,
};

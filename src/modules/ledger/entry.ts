/**
 * Journal entries as values (pure: no I/O). postEntry checks an entry here before it touches the
 * database; the database checks the same rules again at commit (migrations/0015_ledger.sql).
 */
import { InvariantError, isIsoDate, type IsoDate } from '../../kernel/index.js';

/** The chart of accounts (seeded by migrations/0015_ledger.sql). */
export const ACCOUNTS = {
  LOANS_RECEIVABLE: '1301',
  INTEREST_RECEIVABLE: '1302',
  WRITTEN_OFF: '1309',
  CUSTOMER_DEPOSITS: '2001',
  INTEREST_INCOME: '5011',
  PENALTY_INCOME: '5012',
  OFF_BALANCE_INTEREST: '7001',
  OFF_BALANCE_CONTRA: '7002',
  // write-off and recovery (migrations/0068_ledger_write_off_accounts.sql)
  CASH: '1001',
  WRITE_OFF_LOSS: '6701',
  WRITTEN_OFF_CLAIM: '7101',
  WRITTEN_OFF_CLAIM_CONTRA: '7102',
  // referral rewards (migrations/0077_ledger_marketing_expense.sql)
  MARKETING_EXPENSE: '6601',
  // loans taken over from another system (migrations/0117_ledger_migration_clearing.sql)
  MIGRATION_CLEARING: '2999',
} as const satisfies Record<string, string>;

export type AccountCode = (typeof ACCOUNTS)[keyof typeof ACCOUNTS];

/** The event type of a reversal; posted only by reverseEntry. */
export const REVERSAL_EVENT = 'REVERSAL';

export interface EntryLineInput {
  accountCode: string;
  loanId?: number | null;
  debitFen?: bigint;
  creditFen?: bigint;
}

export interface EntryInput {
  customerId: number;
  businessDate: IsoDate;
  eventType: string;
  reference: string;
  memo: string;
  productCode?: string | null;
  lines: EntryLineInput[];
}

/** A line as stored: exactly one side positive, the other zero. */
export interface NormalizedLine {
  lineNo: number;
  accountCode: string;
  loanId: number | null;
  debitFen: bigint;
  creditFen: bigint;
}

const EVENT_TYPE_RE = /^[A-Z][A-Z0-9_]{0,63}$/;
export const MAX_REFERENCE_LENGTH = 200;

/**
 * Validates an entry and returns its lines numbered 1, 2, …. Every failure is an InvariantError:
 * entries are built by code from business events, so a bad one is a programming error.
 */
export function normalizeEntry(e: EntryInput): NormalizedLine[] {
  if (!Number.isSafeInteger(e.customerId) || e.customerId <= 0) {
    throw new InvariantError(`journal entry: customerId must be a positive integer, got ${String(e.customerId)}`);
  }
  if (!isIsoDate(e.businessDate)) throw new InvariantError(`journal entry: bad business date ${String(e.businessDate)}`);
  if (typeof e.eventType !== 'string' || !EVENT_TYPE_RE.test(e.eventType)) {
    throw new InvariantError(`journal entry: event type must be UPPER_SNAKE_CASE, got ${String(e.eventType)}`);
  }
  if (typeof e.reference !== 'string' || e.reference.length === 0 || e.reference.length > MAX_REFERENCE_LENGTH) {
    throw new InvariantError(`journal entry: reference must be 1–${MAX_REFERENCE_LENGTH} characters`);
  }
  if (typeof e.memo !== 'string') throw new InvariantError('journal entry: memo must be a string');
  if (!Array.isArray(e.lines) || e.lines.length < 2) {
    throw new InvariantError(`journal entry ${e.eventType}/${e.reference}: needs at least two lines`);
  }
  const lines = e.lines.map((l, i) => normalizeLine(l, i + 1, e));
  assertBalanced(lines, `${e.eventType}/${e.reference}`);
  return lines;
}

function normalizeLine(l: EntryLineInput, lineNo: number, e: EntryInput): NormalizedLine {
  const at = `journal entry ${e.eventType}/${e.reference} line ${lineNo}`;
  if (typeof l.accountCode !== 'string' || !/^[0-9]{4}$/.test(l.accountCode)) {
    throw new InvariantError(`${at}: bad account code ${String(l.accountCode)}`);
  }
  const debitFen = l.debitFen ?? 0n;
  const creditFen = l.creditFen ?? 0n;
  if (typeof debitFen !== 'bigint' || typeof creditFen !== 'bigint') throw new InvariantError(`${at}: amounts must be bigint fen`);
  if (debitFen < 0n || creditFen < 0n) throw new InvariantError(`${at}: negative amount`);
  if (debitFen > 0n === creditFen > 0n) {
    throw new InvariantError(`${at}: exactly one of debit and credit must be positive`);
  }
  const loanId = l.loanId ?? null;
  if (loanId !== null && (!Number.isSafeInteger(loanId) || loanId <= 0)) throw new InvariantError(`${at}: bad loan id`);
  return { lineNo, accountCode: l.accountCode, loanId, debitFen, creditFen };
}

/** Sum of debits equals sum of credits, or an InvariantError. */
export function assertBalanced(lines: ReadonlyArray<{ debitFen: bigint; creditFen: bigint }>, what: string): void {
  let debit = 0n;
  let credit = 0n;
  for (const l of lines) {
    debit += l.debitFen;
    credit += l.creditFen;
  }
  if (debit !== credit) {
    throw new InvariantError(`journal entry ${what} is unbalanced: debit ${debit} ≠ credit ${credit} (fen)`);
  }
}

/** The mirror of an entry's lines: debits become credits and credits debits, same order. */
export function mirrorLines(lines: readonly NormalizedLine[]): NormalizedLine[] {
  return lines.map((l) => ({ ...l, debitFen: l.creditFen, creditFen: l.debitFen }));
}

/** Whether two line lists post the same amounts to the same accounts and loans, in the same order. */
export function sameLines(a: readonly NormalizedLine[], b: readonly NormalizedLine[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (l, i) =>
        l.accountCode === b[i].accountCode && l.loanId === b[i].loanId && l.debitFen === b[i].debitFen && l.creditFen === b[i].creditFen,
    )
  );
}

/** Balance in the account's normal direction: debit − credit for 'D' accounts, credit − debit for 'C'. */
export function normalBalanceFen(normalSide: 'D' | 'C', debitFen: bigint, creditFen: bigint): bigint {
  return normalSide === 'D' ? debitFen - creditFen : creditFen - debitFen;
}

/**
 * The disbursement pattern: the loan's principal moves to the customer's settlement deposit account.
 *   DR 1301 贷款本金 (loans receivable)   amount   loan
 *   CR 2001 客户存款（结算）(deposits)      amount   loan
 */
export function disbursementLines(loanId: number, amountFen: bigint): EntryLineInput[] {
  return [
    { accountCode: ACCOUNTS.LOANS_RECEIVABLE, loanId, debitFen: amountFen },
    { accountCode: ACCOUNTS.CUSTOMER_DEPOSITS, loanId, creditFen: amountFen },
  ];
}

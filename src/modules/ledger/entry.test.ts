import { describe, expect, it } from 'vitest';
import { InvariantError } from '../../kernel/index.js';
import { ACCOUNTS, disbursementLines, mirrorLines, normalBalanceFen, normalizeEntry, sameLines, type EntryInput } from './entry.js';

const base: EntryInput = {
  customerId: 7,
  businessDate: '2026-01-01',
  eventType: 'DISBURSEMENT',
  reference: 'dd-1',
  memo: 'test',
  lines: disbursementLines(11, 100_00n),
};

describe('journal entries as values', () => {
  it('numbers the lines of a balanced entry and fills the empty side with zero', () => {
    expect(normalizeEntry(base)).toEqual([
      { lineNo: 1, accountCode: ACCOUNTS.LOANS_RECEIVABLE, loanId: 11, debitFen: 10000n, creditFen: 0n },
      { lineNo: 2, accountCode: ACCOUNTS.CUSTOMER_DEPOSITS, loanId: 11, debitFen: 0n, creditFen: 10000n },
    ]);
  });

  it('refuses an unbalanced entry, even by one fen', () => {
    const lines = [
      { accountCode: '1301', debitFen: 10000n },
      { accountCode: '2001', creditFen: 9999n },
    ];
    expect(() => normalizeEntry({ ...base, lines })).toThrow(InvariantError);
    expect(() => normalizeEntry({ ...base, lines })).toThrow(/unbalanced: debit 10000 ≠ credit 9999/);
  });

  it('refuses fewer than two lines, a line with both or neither side, and negative amounts', () => {
    expect(() => normalizeEntry({ ...base, lines: [{ accountCode: '1301', debitFen: 1n }] })).toThrow(/at least two lines/);
    expect(() => normalizeEntry({ ...base, lines: [] })).toThrow(InvariantError);
    const both = [
      { accountCode: '1301', debitFen: 5n, creditFen: 5n },
      { accountCode: '2001', debitFen: 5n, creditFen: 5n },
    ];
    expect(() => normalizeEntry({ ...base, lines: both })).toThrow(/exactly one of debit and credit/);
    const zero = [
      { accountCode: '1301', debitFen: 0n },
      { accountCode: '2001', creditFen: 0n },
    ];
    expect(() => normalizeEntry({ ...base, lines: zero })).toThrow(/exactly one of debit and credit/);
    const negative = [
      { accountCode: '1301', debitFen: -5n },
      { accountCode: '2001', creditFen: -5n },
    ];
    expect(() => normalizeEntry({ ...base, lines: negative })).toThrow(/negative/);
  });

  it('refuses bad keys: customer, date, event type, reference, account code, loan id', () => {
    expect(() => normalizeEntry({ ...base, customerId: 0 })).toThrow(/customerId/);
    expect(() => normalizeEntry({ ...base, businessDate: '2026-02-30' })).toThrow(/business date/);
    expect(() => normalizeEntry({ ...base, eventType: 'disbursement' })).toThrow(/UPPER_SNAKE_CASE/);
    expect(() => normalizeEntry({ ...base, reference: '' })).toThrow(/reference/);
    expect(() => normalizeEntry({ ...base, reference: 'x'.repeat(201) })).toThrow(/reference/);
    expect(() =>
      normalizeEntry({
        ...base,
        lines: [
          { accountCode: '13', debitFen: 1n },
          { accountCode: '2001', creditFen: 1n },
        ],
      }),
    ).toThrow(/account code/);
    expect(() =>
      normalizeEntry({
        ...base,
        lines: [
          { accountCode: '1301', loanId: -1, debitFen: 1n },
          { accountCode: '2001', creditFen: 1n },
        ],
      }),
    ).toThrow(/loan id/);
  });

  it('mirrors an entry so that the two net to zero, and compares postings line by line', () => {
    const lines = normalizeEntry(base);
    const mirror = mirrorLines(lines);
    expect(mirror.map((l) => [l.debitFen, l.creditFen])).toEqual([
      [0n, 10000n],
      [10000n, 0n],
    ]);
    expect(sameLines(lines, lines)).toBe(true);
    expect(sameLines(lines, mirror)).toBe(false);
    expect(sameLines(lines, lines.slice(0, 1))).toBe(false);
  });

  it('computes balances in the normal direction of the account', () => {
    expect(normalBalanceFen('D', 500n, 200n)).toBe(300n);
    expect(normalBalanceFen('C', 500n, 200n)).toBe(-300n);
  });
});

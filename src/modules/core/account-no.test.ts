import { describe, expect, it } from 'vitest';
import { isLuhnValid, luhnCheckDigit, makeAccountNo, maskAccountNo } from './account-no.js';

describe('demand account numbers', () => {
  it('computes the Luhn check digit of known card numbers', () => {
    expect(luhnCheckDigit('7992739871')).toBe('3');
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(isLuhnValid('79927398710')).toBe(false);
    expect(isLuhnValid('4111111111111111')).toBe(true);
  });

  it('builds 19-digit numbers from the BIN, the branch and the sequence, with a valid check digit', () => {
    const no = makeAccountNo(7, 1);
    expect(no).toMatch(/^622300070000000001\d$/);
    expect(no).toHaveLength(19);
    expect(isLuhnValid(no)).toBe(true);
    expect(makeAccountNo(12345, 9_999_999_999).slice(4, 8)).toBe('2345');
  });

  it('refuses a sequence beyond ten digits or a bad branch id', () => {
    expect(() => makeAccountNo(1, 10_000_000_000)).toThrow(/out of range/);
    expect(() => makeAccountNo(0, 1)).toThrow();
    expect(() => makeAccountNo(1, 0)).toThrow();
  });

  it('masks all but the first and last four digits, and short values entirely', () => {
    expect(maskAccountNo('6223000700000000017')).toBe('6223****0017');
    expect(maskAccountNo('123')).toBe('***');
  });
});

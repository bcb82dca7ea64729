/**
 * Demand-account numbers of the embedded core: '6223' (the bank's card BIN) + 4-digit branch +
 * 10-digit sequence + a Luhn check digit = 19 digits, like the debit-card numbers a rural bank issues.
 * Pure functions.
 */
import { InvariantError } from '../../kernel/errors.js';

export const ACCOUNT_BIN = '6223';
export const ACCOUNT_NO_RE = /^[0-9]{12,30}$/;

/** The Luhn (mod 10) check digit for a string of digits. */
export function luhnCheckDigit(digits: string): string {
  if (!/^[0-9]+$/.test(digits)) throw new InvariantError('luhnCheckDigit expects digits');
  let sum = 0;
  // from the right, the digit next to the check digit is doubled
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isLuhnValid(number: string): boolean {
  return /^[0-9]{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === number.slice(-1);
}

/** '6223' + branch (last 4 digits of its id, zero-padded) + 10-digit sequence + check digit. */
export function makeAccountNo(branchId: number, sequence: number): string {
  if (!Number.isSafeInteger(branchId) || branchId <= 0) throw new InvariantError(`bad branch id ${branchId}`);
  if (!Number.isSafeInteger(sequence) || sequence <= 0 || sequence > 9_999_999_999) {
    throw new InvariantError(`account sequence out of range: ${sequence}`);
  }
  const body = ACCOUNT_BIN + String(branchId % 10_000).padStart(4, '0') + String(sequence).padStart(10, '0');
  return body + luhnCheckDigit(body);
}

/** '6223000100000000017' → '6223****0017': the first and last four digits only. */
export function maskAccountNo(accountNo: string): string {
  const s = String(accountNo ?? '').trim();
  if (s.length < 12) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}****${s.slice(-4)}`;
}

/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015), 18 characters:
 *   1     registration authority (登记管理部门), e.g. 9 = market regulation, 5 = civil affairs
 *   2     entity type (机构类别), e.g. 91 = enterprise, 92 = individual business, 93 = farmers' co-operative
 *   3–8   administrative division of the registering office (6 digits, GB/T 2260)
 *   9–17  organisation code (主体标识码, GB 11714): 8 body characters and its own check character
 *   18    check character over the first 17 (weights 3^i mod 31)
 * Characters come from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, Z, S, V).
 *
 * Both check characters are validated. Known limit: some codes issued in Xiamen before 2016 fail the
 * GB 32100 check (e.g. hutool issue #4119); such a customer needs a manual, reviewed override upstream.
 */
import { AppError } from './errors.js';

export interface CreditCodeInfo {
  /** The normalised code: trimmed and upper-cased. */
  creditCode: string;
  registrationAuthority: string;
  entityType: string;
  regionCode: string;
  orgCode: string;
}

export type CreditCodeFailure = 'FORMAT' | 'CHECKSUM' | 'ORG_CODE';

export type CreditCodeResult = { ok: true; value: CreditCodeInfo } | { ok: false; reason: CreditCodeFailure };

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const C = '[0-9A-HJ-NP-RTUW-Y]'; // CHARSET as a character class
const CODE_RE = new RegExp(`^${C}{2}\\d{6}${C}{10}$`);
const FIRST17_RE = new RegExp(`^${C}{2}\\d{6}${C}{9}$`);

/** The GB 32100 check character (position 18) for the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !FIRST17_RE.test(first17)) {
    throw new AppError('INVALID_CREDIT_CODE', { reason: 'FORMAT' });
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * The GB 11714 check character of an organisation code body (8 digits or capital letters, A = 10 …
 * Z = 35): 11 − (Σ value × weight mod 11), where 10 is written "X" and 11 is written "0".
 */
export function orgCodeCheckChar(body8: string): string {
  if (typeof body8 !== 'string' || !/^[0-9A-Z]{8}$/.test(body8)) {
    throw new AppError('INVALID_CREDIT_CODE', { reason: 'FORMAT' });
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * ORG_WEIGHTS[i];
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** Appends the GB 32100 check character (for tests and demo data). The org-code character must already be right. */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}

export function validateCreditCode(s: string): CreditCodeResult {
  if (typeof s !== 'string') return { ok: false, reason: 'FORMAT' };
  const creditCode = s.trim().toUpperCase();
  if (!CODE_RE.test(creditCode)) return { ok: false, reason: 'FORMAT' };
  if (creditCodeCheckChar(creditCode.slice(0, 17)) !== creditCode[17]) return { ok: false, reason: 'CHECKSUM' };
  const orgCode = creditCode.slice(8, 17);
  if (orgCodeCheckChar(orgCode.slice(0, 8)) !== orgCode[8]) return { ok: false, reason: 'ORG_CODE' };
  return {
    ok: true,
    value: {
      creditCode,
      registrationAuthority: creditCode[0],
      entityType: creditCode[1],
      regionCode: creditCode.slice(2, 8),
      orgCode,
    },
  };
}

/** Like validateCreditCode, but throws AppError('INVALID_CREDIT_CODE', { reason }). */
export function parseCreditCode(s: string): CreditCodeInfo {
  const result = validateCreditCode(s);
  if (!result.ok) throw new AppError('INVALID_CREDIT_CODE', { reason: result.reason });
  return result.value;
}

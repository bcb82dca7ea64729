/**
 * 18-digit citizen identity number (公民身份号码, GB 11643-1999): 6-digit address code, 8-digit birth
 * date, 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
 *
 * Address-code rule (kept simple on purpose, no full GB/T 2260 table, which changes every year):
 * - citizens: the first two digits are a province-level code (11–15, 21–23, 31–37, 41–46, 50–54, 61–65,
 *   71) and digits 3–6 are not all zero (a person is registered below province level);
 * - Hong Kong, Macao and Taiwan residents' residence permits (港澳台居民居住证) use exactly 810000,
 *   820000 and 830000;
 * - the 2023 foreigners' permanent residence ID (外国人永久居留身份证) starts with "9": digits 2–3 are the
 *   province code of the issuing place and digits 4–6 a nationality code (not 000). Its regionCode is
 *   those six digits as printed.
 * Birth date: a real date, not before 1900-01-01 and not after `asOf` when given.
 */
import { ageAt, compareDates, isIsoDate, type IsoDate } from './dates.js';
import { AppError } from './errors.js';

export type IdNumberHolder = 'CITIZEN' | 'HMT_RESIDENT' | 'FOREIGN_RESIDENT';

export interface IdNumberInfo {
  /** The normalised number: trimmed, check character "x" upper-cased. */
  idNumber: string;
  regionCode: string;
  birthDate: IsoDate;
  sex: 'M' | 'F';
  holder: IdNumberHolder;
}

export type IdNumberFailure = 'FORMAT' | 'CHECKSUM' | 'BIRTH_DATE' | 'REGION';

export type IdNumberResult = { ok: true; value: IdNumberInfo } | { ok: false; reason: IdNumberFailure };

export interface IdNumberOptions {
  /** Business date: a birth date after it is rejected. */
  asOf?: IsoDate;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const ID_RE = /^\d{17}[\dX]$/;
const FIRST17_RE = /^\d{17}$/;
const MIN_BIRTH_DATE = '1900-01-01';

const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71,
]);
const HMT_REGION_CODES = new Set(['810000', '820000', '830000']);

/** The GB 11643 check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !FIRST17_RE.test(first17)) {
    throw new AppError('INVALID_ID_NUMBER', { reason: 'FORMAT' });
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Appends the check character to 17 digits (for tests and demo data). */
export function makeIdNumber(first17: string): string {
  return first17 + idCheckChar(first17);
}

export function validateIdNumber(s: string, opts: IdNumberOptions = {}): IdNumberResult {
  if (typeof s !== 'string') return { ok: false, reason: 'FORMAT' };
  const idNumber = s.trim().toUpperCase();
  if (!ID_RE.test(idNumber)) return { ok: false, reason: 'FORMAT' };
  if (idCheckChar(idNumber.slice(0, 17)) !== idNumber[17]) return { ok: false, reason: 'CHECKSUM' };
  const regionCode = idNumber.slice(0, 6);
  const holder = holderOf(regionCode);
  if (!holder) return { ok: false, reason: 'REGION' };
  const birthDate = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
  if (!isBirthDateAcceptable(birthDate, opts.asOf)) return { ok: false, reason: 'BIRTH_DATE' };
  const sex = Number(idNumber[16]) % 2 === 1 ? 'M' : 'F';
  return { ok: true, value: { idNumber, regionCode, birthDate, sex, holder } };
}

/** Like validateIdNumber, but throws AppError('INVALID_ID_NUMBER', { reason }). The number is never put in the error. */
export function parseIdNumber(s: string, opts: IdNumberOptions = {}): IdNumberInfo {
  const result = validateIdNumber(s, opts);
  if (!result.ok) throw new AppError('INVALID_ID_NUMBER', { reason: result.reason });
  return result.value;
}

/** Age in full years on `date` of the holder of a valid ID number born on or before that date. */
export function ageAtDate(idNumber: string, date: IsoDate): number {
  const { birthDate } = parseIdNumber(idNumber, { asOf: date });
  return ageAt(birthDate, date);
}

function holderOf(regionCode: string): IdNumberHolder | null {
  if (HMT_REGION_CODES.has(regionCode)) return 'HMT_RESIDENT';
  if (regionCode[0] === '9') {
    const issuingProvince = Number(regionCode.slice(1, 3));
    const mainland = PROVINCE_CODES.has(issuingProvince) && issuingProvince !== 71;
    return mainland && regionCode.slice(3, 6) !== '000' ? 'FOREIGN_RESIDENT' : null;
  }
  const province = Number(regionCode.slice(0, 2));
  return PROVINCE_CODES.has(province) && regionCode.slice(2, 6) !== '0000' ? 'CITIZEN' : null;
}

function isBirthDateAcceptable(birthDate: string, asOf: IsoDate | undefined): boolean {
  if (!isIsoDate(birthDate) || compareDates(birthDate, MIN_BIRTH_DATE) < 0) return false;
  // An invalid asOf is a caller error, not a bad ID number: compareDates throws INVALID_DATE for it.
  return asOf === undefined || compareDates(birthDate, asOf) <= 0;
}

/**
 * The customer profile collected or corrected by credit staff (issue 13 §5, AB角): which fields there
 * are, their Chinese labels, which are personal data, how each is checked and how it is shown. Pure:
 * no I/O, no clock.
 *
 * Every value travels as its canonical text (or null): the mobile as 11 digits, income as whole fen,
 * dependants as an integer, the marital status as its code. Personal values (mobile, residence,
 * spouse's name) are encrypted in a stored change and in the history, and masked when shown to
 * anyone without pii:unmask.
 */
import { AppError } from '../../kernel/errors.js';
import { maskMiddle, maskMobile, maskName } from '../../kernel/mask.js';
import { parseMobile } from '../../kernel/mobile.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { MARITAL_STATUSES, PROFILE_FIELDS, type MaritalStatus, type ProfileChangeBody, type ProfileField } from './customers.contract.js';

export const RESIDENCE_MAX_CHARS = 200;
export const OCCUPATION_MAX_CHARS = 50;
export const EMPLOYER_MAX_CHARS = 100;
export const SPOUSE_NAME_MAX_CHARS = 50;
export const COLLATERAL_NOTES_MAX_CHARS = 500;
export const MAX_DEPENDANTS = 20;
/** 10 million yuan a month: anything larger is a typo (the same cap as at registration). */
export const MAX_MONTHLY_INCOME_FEN = 10_000_000n * 100n;

export const PROFILE_LABELS_ZH: Record<ProfileField, string> = {
  mobile: '手机号',
  residence: '住址',
  occupation: '职业',
  employer: '工作单位',
  monthlyIncome: '月收入（元）',
  maritalStatus: '婚姻状况',
  dependants: '供养人数',
  spouseName: '配偶姓名',
  collateralNotes: '抵质押物说明',
};

export const MARITAL_STATUS_ZH: Record<MaritalStatus, string> = { SINGLE: '未婚', MARRIED: '已婚', DIVORCED: '离异', WIDOWED: '丧偶' };

/** Personal data: encrypted at rest and in the history, masked unless the viewer holds pii:unmask. */
export const PERSONAL_FIELDS: ReadonlySet<ProfileField> = new Set<ProfileField>(['mobile', 'residence', 'spouseName']);

export type ProfileValues = Record<ProfileField, string | null>;

/** One field's change in canonical text. */
export interface FieldChange {
  field: ProfileField;
  before: string | null;
  after: string | null;
}

function invalid(field: ProfileField, reason: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('CUSTOMER_PROFILE_INVALID', { field, reason, ...extra });
}

/** Trimmed, inner white space collapsed; empty → null; too long or control characters → CUSTOMER_PROFILE_INVALID. */
function text(field: ProfileField, value: string | null, maxChars: number): string | null {
  if (value === null) return null;
  const s = value.replace(/\s+/g, ' ').trim();
  if (!s) return null;
  if (Array.from(s).length > maxChars) throw invalid(field, 'TOO_LONG', { maxChars });
  if (/[\p{Cc}\p{Cf}]/u.test(s)) throw invalid(field, 'CONTROL_CHARACTERS');
  return s;
}

// Digits and most punctuation never appear in a person's name (the middle dot and a hyphen do).
const NAME_FORBIDDEN_RE = /[\d<>{}[\]\\/|@#$%^&*=+~`";:!?，。；：！？]/u;

/**
 * The canonical values a change body asks for (only the fields it names), each checked: the mobile by
 * the kernel's mainland-mobile check (INVALID_MOBILE), lengths, income ≥ 0 and below the cap,
 * dependants 0–20, the spouse's name as a name. Shape errors were refused by the contract already.
 */
export function normalizeProfileChange(body: ProfileChangeBody): Partial<ProfileValues> {
  const out: Partial<ProfileValues> = {};
  if (body.mobile !== undefined) out.mobile = parseMobile(body.mobile);
  if (body.residence !== undefined) out.residence = text('residence', body.residence, RESIDENCE_MAX_CHARS);
  if (body.occupation !== undefined) out.occupation = text('occupation', body.occupation, OCCUPATION_MAX_CHARS);
  if (body.employer !== undefined) out.employer = text('employer', body.employer, EMPLOYER_MAX_CHARS);
  if (body.collateralNotes !== undefined) out.collateralNotes = text('collateralNotes', body.collateralNotes, COLLATERAL_NOTES_MAX_CHARS);
  if (body.monthlyIncome !== undefined) {
    if (body.monthlyIncome === null) out.monthlyIncome = null;
    else {
      let fen: bigint;
      try {
        fen = parseYuan(body.monthlyIncome);
      } catch {
        throw invalid('monthlyIncome', 'NOT_A_NON_NEGATIVE_AMOUNT');
      }
      if (fen > MAX_MONTHLY_INCOME_FEN) throw invalid('monthlyIncome', 'TOO_LARGE');
      out.monthlyIncome = fen.toString();
    }
  }
  if (body.maritalStatus !== undefined) out.maritalStatus = body.maritalStatus;
  if (body.dependants !== undefined) {
    const n = body.dependants;
    if (n !== null && (!Number.isSafeInteger(n) || n < 0 || n > MAX_DEPENDANTS)) throw invalid('dependants', 'OUT_OF_RANGE');
    out.dependants = n === null ? null : String(n);
  }
  if (body.spouseName !== undefined) {
    const name = text('spouseName', body.spouseName, SPOUSE_NAME_MAX_CHARS);
    if (name !== null && NAME_FORBIDDEN_RE.test(name)) throw invalid('spouseName', 'CHARACTERS');
    out.spouseName = name;
  }
  return out;
}

/**
 * The fields that differ from the current values, in form order. The profile after the change must
 * hang together: a spouse's name only for a married customer (CUSTOMER_PROFILE_INCONSISTENT).
 */
export function profileChanges(current: ProfileValues, wanted: Partial<ProfileValues>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of PROFILE_FIELDS) {
    if (!(field in wanted)) continue;
    const after = wanted[field] ?? null;
    if (after !== current[field]) changes.push({ field, before: current[field], after });
  }
  const next: ProfileValues = { ...current };
  for (const c of changes) next[c.field] = c.after;
  if (next.spouseName !== null && next.maritalStatus !== 'MARRIED') {
    throw new AppError('CUSTOMER_PROFILE_INCONSISTENT', { field: 'spouseName', reason: 'SPOUSE_WITHOUT_MARRIAGE' });
  }
  return changes;
}

/** How a value reads (Chinese), whole: income in yuan, the marital status by name, dependants with 人. */
export function displayValue(field: ProfileField, value: string | null): string | null {
  if (value === null) return null;
  switch (field) {
    case 'monthlyIncome':
      return formatYuan(BigInt(value));
    case 'maritalStatus':
      return (MARITAL_STATUSES as readonly string[]).includes(value) ? MARITAL_STATUS_ZH[value as MaritalStatus] : value;
    case 'dependants':
      return `${value} 人`;
    default:
      return value;
  }
}

/** How a value reads to someone without pii:unmask: personal fields masked, the others whole. */
export function maskedValue(field: ProfileField, value: string | null): string | null {
  if (value === null) return null;
  switch (field) {
    case 'mobile':
      return maskMobile(value);
    case 'spouseName':
      return maskName(value);
    case 'residence':
      // the first few characters (province, city) and stars for the rest: never more than half shown
      return maskMiddle(value, 6, 0);
    default:
      return displayValue(field, value);
  }
}

/**
 * Five-category loan classification (贷款五级分类) — pure: no I/O, no clock.
 *
 * 《商业银行金融资产风险分类办法》(2023) sets floors by days past due (dpd); a bank may be stricter,
 * never looser:
 *   any overdue (dpd ≥ 1)  → at least 关注 SPECIAL_MENTION
 *   dpd > 90  (≥ 91)       → at least 次级 SUBSTANDARD
 *   dpd > 270 (≥ 271)      → at least 可疑 DOUBTFUL
 *   dpd > 360 (≥ 361)      → 损失 LOSS
 * A threshold is the first dpd at which the class applies. A manual downgrade (with a reason, through
 * review — done by the caller) can only make the class worse than the floor, never better.
 * NPL (不良) = SUBSTANDARD + DOUBTFUL + LOSS.
 */
import { AppError, InvariantError } from '../../../kernel/index.js';

export const CLASSIFICATIONS = ['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const CLASSIFICATION_LABELS: Record<Classification, { zh: string; en: string }> = {
  NORMAL: { zh: '正常', en: 'Normal' },
  SPECIAL_MENTION: { zh: '关注', en: 'Special mention' },
  SUBSTANDARD: { zh: '次级', en: 'Substandard' },
  DOUBTFUL: { zh: '可疑', en: 'Doubtful' },
  LOSS: { zh: '损失', en: 'Loss' },
};

/** The first dpd at which each class applies as a floor. */
export interface ClassificationThresholds {
  specialMentionDpd: number;
  substandardDpd: number;
  doubtfulDpd: number;
  lossDpd: number;
}

/** The regulatory floors (2023 measures): the loosest thresholds a bank may use. */
export const REGULATORY_THRESHOLDS: Readonly<ClassificationThresholds> = Object.freeze({
  specialMentionDpd: 1,
  substandardDpd: 91,
  doubtfulDpd: 271,
  lossDpd: 361,
});

const THRESHOLD_FIELDS = ['specialMentionDpd', 'substandardDpd', 'doubtfulDpd', 'lossDpd'] as const;
const FIELD_LABELS: Record<(typeof THRESHOLD_FIELDS)[number], string> = {
  specialMentionDpd: '关注类逾期天数',
  substandardDpd: '次级类逾期天数',
  doubtfulDpd: '可疑类逾期天数',
  lossDpd: '损失类逾期天数',
};

/** −1, 0 or 1 as a is better than, as good as, or worse than b (NORMAL < … < LOSS). */
export function compareClassifications(a: Classification, b: Classification): -1 | 0 | 1 {
  const d = rank(a) - rank(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function worseOf(a: Classification, b: Classification): Classification {
  return rank(a) >= rank(b) ? a : b;
}

/** The class the dpd alone requires. */
export function floorFor(dpd: number, thresholds: ClassificationThresholds = REGULATORY_THRESHOLDS): Classification {
  checkDpd(dpd);
  const t = thresholds;
  if (dpd >= t.lossDpd) return 'LOSS';
  if (dpd >= t.doubtfulDpd) return 'DOUBTFUL';
  if (dpd >= t.substandardDpd) return 'SUBSTANDARD';
  if (dpd >= t.specialMentionDpd) return 'SPECIAL_MENTION';
  return 'NORMAL';
}

/** The loan's class: the worse of the dpd floor and a manual downgrade (null: none). */
export function classify(
  dpd: number,
  manualFloor: Classification | null,
  thresholds: ClassificationThresholds = REGULATORY_THRESHOLDS,
): Classification {
  const floor = floorFor(dpd, thresholds);
  if (manualFloor === null) return floor;
  return worseOf(floor, parseClassification(manualFloor));
}

/** Non-performing: SUBSTANDARD, DOUBTFUL or LOSS. */
export function isNpl(c: Classification): boolean {
  return rank(parseClassification(c)) >= rank('SUBSTANDARD');
}

/** Checks an untrusted class name (VALIDATION_FAILED). */
export function parseClassification(value: string): Classification {
  if (!(CLASSIFICATIONS as readonly string[]).includes(value)) {
    throw new AppError('VALIDATION_FAILED', { field: 'classification', input: String(value).slice(0, 32), expected: CLASSIFICATIONS });
  }
  return value as Classification;
}

export interface ThresholdIssue {
  field: string;
  code: 'NOT_AN_INTEGER' | 'LOOSER_THAN_REGULATORY' | 'BELOW_ONE' | 'NOT_INCREASING';
  input: unknown;
  limit?: number;
  messageZh: string;
  messageEn: string;
}

/**
 * Accepts thresholds only when they are at least as strict as `regulatory` (each day count ≤ the
 * regulatory one), whole numbers ≥ 1 and strictly increasing from SPECIAL_MENTION to LOSS; otherwise
 * AppError VALIDATION_FAILED with { issues: ThresholdIssue[] }. Returns the accepted thresholds.
 */
export function validateStricterThresholds(
  proposed: ClassificationThresholds,
  regulatory: ClassificationThresholds = REGULATORY_THRESHOLDS,
): ClassificationThresholds {
  const issues: ThresholdIssue[] = [];
  for (const field of THRESHOLD_FIELDS) {
    const value = (proposed as unknown as Record<string, unknown>)?.[field];
    const limit = regulatory[field];
    const label = FIELD_LABELS[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      issues.push({
        field,
        code: 'NOT_AN_INTEGER',
        input: value,
        messageZh: `${label}须为整数`,
        messageEn: `${field} must be a whole number of days`,
      });
    } else if (value < 1) {
      issues.push({
        field,
        code: 'BELOW_ONE',
        input: value,
        limit: 1,
        messageZh: `${label}不能小于 1 天`,
        messageEn: `${field} must be at least 1 day`,
      });
    } else if (value > limit) {
      issues.push({
        field,
        code: 'LOOSER_THAN_REGULATORY',
        input: value,
        limit,
        messageZh: `${label}只能收紧不能放宽：不得超过监管标准 ${limit} 天`,
        messageEn: `${field} may only be made stricter: at most the regulatory ${limit} days`,
      });
    }
  }
  if (issues.length === 0) {
    for (let i = 1; i < THRESHOLD_FIELDS.length; i++) {
      const field = THRESHOLD_FIELDS[i];
      const prev = THRESHOLD_FIELDS[i - 1];
      if (proposed[field] <= proposed[prev]) {
        issues.push({
          field,
          code: 'NOT_INCREASING',
          input: proposed[field],
          limit: proposed[prev] + 1,
          messageZh: `${FIELD_LABELS[field]}须大于${FIELD_LABELS[prev]}`,
          messageEn: `${field} must be greater than ${prev}`,
        });
      }
    }
  }
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { issues });
  return {
    specialMentionDpd: proposed.specialMentionDpd,
    substandardDpd: proposed.substandardDpd,
    doubtfulDpd: proposed.doubtfulDpd,
    lossDpd: proposed.lossDpd,
  };
}

function rank(c: Classification): number {
  const i = CLASSIFICATIONS.indexOf(c);
  if (i < 0) throw new InvariantError(`unknown classification ${String(c)}`);
  return i;
}

function checkDpd(dpd: number): void {
  if (!Number.isSafeInteger(dpd) || dpd < 0) throw new InvariantError(`days past due must be an integer ≥ 0, got ${String(dpd)}`);
}

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError, InvariantError } from '../../../kernel/index.js';
import {
  CLASSIFICATIONS,
  CLASSIFICATION_LABELS,
  REGULATORY_THRESHOLDS,
  classify,
  compareClassifications,
  floorFor,
  isNpl,
  parseClassification,
  validateStricterThresholds,
  worseOf,
  type Classification,
  type ClassificationThresholds,
} from './classification.js';

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('floors by days past due (风险分类办法 2023)', () => {
  it.each<[number, Classification]>([
    [0, 'NORMAL'],
    [1, 'SPECIAL_MENTION'],
    [90, 'SPECIAL_MENTION'],
    [91, 'SUBSTANDARD'],
    [270, 'SUBSTANDARD'],
    [271, 'DOUBTFUL'],
    [360, 'DOUBTFUL'],
    [361, 'LOSS'],
  ])('dpd %i → %s', (dpd, expected) => {
    expect(floorFor(dpd)).toBe(expected);
    expect(classify(dpd, null)).toBe(expected);
  });

  it('stays LOSS however long the arrears', () => {
    expect(floorFor(10_000)).toBe('LOSS');
  });

  it('the regulatory thresholds are the first day of each class', () => {
    expect(REGULATORY_THRESHOLDS).toEqual({ specialMentionDpd: 1, substandardDpd: 91, doubtfulDpd: 271, lossDpd: 361 });
    expect(Object.isFrozen(REGULATORY_THRESHOLDS)).toBe(true);
  });

  it('stricter thresholds move the floors earlier', () => {
    const strict: ClassificationThresholds = { specialMentionDpd: 1, substandardDpd: 61, doubtfulDpd: 181, lossDpd: 361 };
    expect(floorFor(60, strict)).toBe('SPECIAL_MENTION');
    expect(floorFor(61, strict)).toBe('SUBSTANDARD');
    expect(floorFor(180, strict)).toBe('SUBSTANDARD');
    expect(floorFor(181, strict)).toBe('DOUBTFUL');
  });

  it('a negative or fractional dpd is a programming error', () => {
    expect(() => floorFor(-1)).toThrow(InvariantError);
    expect(() => floorFor(1.5)).toThrow(InvariantError);
    expect(() => floorFor(Number.NaN)).toThrow(InvariantError);
  });

  it('the floor never gets better as dpd grows (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 400 }), (dpd, more) => {
        expect(compareClassifications(floorFor(dpd), floorFor(dpd + more))).toBeLessThanOrEqual(0);
      }),
      { numRuns: 300, seed: 1 },
    );
  });
});

describe('manual downgrade', () => {
  it('wins when it is worse than the floor', () => {
    expect(classify(0, 'SPECIAL_MENTION')).toBe('SPECIAL_MENTION');
    expect(classify(0, 'LOSS')).toBe('LOSS');
    expect(classify(30, 'SUBSTANDARD')).toBe('SUBSTANDARD');
    expect(classify(100, 'DOUBTFUL')).toBe('DOUBTFUL');
  });

  it('never upgrades below the floor', () => {
    expect(classify(91, 'NORMAL')).toBe('SUBSTANDARD');
    expect(classify(361, 'SPECIAL_MENTION')).toBe('LOSS');
    expect(classify(1, 'NORMAL')).toBe('SPECIAL_MENTION');
    expect(classify(271, 'DOUBTFUL')).toBe('DOUBTFUL');
  });

  it('is the worse of the two for every combination (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.option(fc.constantFrom(...CLASSIFICATIONS), { nil: null }), (dpd, manual) => {
        const c = classify(dpd, manual);
        expect(compareClassifications(c, floorFor(dpd))).toBeGreaterThanOrEqual(0);
        if (manual !== null) expect(compareClassifications(c, manual)).toBeGreaterThanOrEqual(0);
        expect([floorFor(dpd), manual]).toContain(c);
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('refuses an unknown class name (VALIDATION_FAILED)', () => {
    expect(appErrorOf(() => classify(0, 'WATCH' as Classification)).code).toBe('VALIDATION_FAILED');
    expect(appErrorOf(() => parseClassification('normal')).code).toBe('VALIDATION_FAILED');
    expect(parseClassification('DOUBTFUL')).toBe('DOUBTFUL');
  });
});

describe('order and NPL', () => {
  it('orders NORMAL < SPECIAL_MENTION < SUBSTANDARD < DOUBTFUL < LOSS', () => {
    expect(CLASSIFICATIONS).toEqual(['NORMAL', 'SPECIAL_MENTION', 'SUBSTANDARD', 'DOUBTFUL', 'LOSS']);
    for (let i = 0; i < CLASSIFICATIONS.length; i++) {
      for (let j = 0; j < CLASSIFICATIONS.length; j++) {
        expect(compareClassifications(CLASSIFICATIONS[i], CLASSIFICATIONS[j])).toBe(Math.sign(i - j));
        expect(worseOf(CLASSIFICATIONS[i], CLASSIFICATIONS[j])).toBe(CLASSIFICATIONS[Math.max(i, j)]);
      }
    }
  });

  it('NPL = SUBSTANDARD + DOUBTFUL + LOSS', () => {
    expect(CLASSIFICATIONS.filter(isNpl)).toEqual(['SUBSTANDARD', 'DOUBTFUL', 'LOSS']);
    expect(isNpl(floorFor(90))).toBe(false);
    expect(isNpl(floorFor(91))).toBe(true);
    expect(appErrorOf(() => isNpl('BAD' as Classification)).code).toBe('VALIDATION_FAILED');
  });

  it('has Chinese and English labels', () => {
    expect(CLASSIFICATIONS.map((c) => CLASSIFICATION_LABELS[c].zh)).toEqual(['正常', '关注', '次级', '可疑', '损失']);
  });
});

describe('thresholds may only be made stricter', () => {
  it('accepts the regulatory thresholds and stricter ones', () => {
    expect(validateStricterThresholds({ ...REGULATORY_THRESHOLDS })).toEqual(REGULATORY_THRESHOLDS);
    const strict = { specialMentionDpd: 1, substandardDpd: 61, doubtfulDpd: 181, lossDpd: 271 };
    expect(validateStricterThresholds(strict)).toEqual(strict);
    expect(validateStricterThresholds({ specialMentionDpd: 1, substandardDpd: 2, doubtfulDpd: 3, lossDpd: 4 })).toMatchObject({
      lossDpd: 4,
    });
  });

  it.each<[string, Partial<ClassificationThresholds>, string, string]>([
    ['substandard one day later', { substandardDpd: 92 }, 'substandardDpd', 'LOOSER_THAN_REGULATORY'],
    ['doubtful at 300', { doubtfulDpd: 300 }, 'doubtfulDpd', 'LOOSER_THAN_REGULATORY'],
    ['loss at 362', { lossDpd: 362 }, 'lossDpd', 'LOOSER_THAN_REGULATORY'],
    ['special mention at 2', { specialMentionDpd: 2 }, 'specialMentionDpd', 'LOOSER_THAN_REGULATORY'],
    ['special mention at 0', { specialMentionDpd: 0 }, 'specialMentionDpd', 'BELOW_ONE'],
    ['a fractional day count', { substandardDpd: 60.5 }, 'substandardDpd', 'NOT_AN_INTEGER'],
    ['a string', { doubtfulDpd: '180' as unknown as number }, 'doubtfulDpd', 'NOT_AN_INTEGER'],
    ['doubtful not after substandard', { substandardDpd: 91, doubtfulDpd: 91 }, 'doubtfulDpd', 'NOT_INCREASING'],
    ['loss before doubtful', { doubtfulDpd: 200, lossDpd: 150 }, 'lossDpd', 'NOT_INCREASING'],
  ])('refuses %s (VALIDATION_FAILED with details)', (_name, patch, field, code) => {
    const e = appErrorOf(() => validateStricterThresholds({ ...REGULATORY_THRESHOLDS, ...patch }));
    expect(e.code).toBe('VALIDATION_FAILED');
    const { issues } = e.details as { issues: Array<{ field: string; code: string; messageZh: string; messageEn: string }> };
    expect(issues).toContainEqual(expect.objectContaining({ field, code }));
    expect(issues.every((i) => i.messageZh.length > 0 && i.messageEn.length > 0)).toBe(true);
  });

  it('lists every looser field at once, with the regulatory limit', () => {
    const e = appErrorOf(() => validateStricterThresholds({ specialMentionDpd: 1, substandardDpd: 120, doubtfulDpd: 300, lossDpd: 400 }));
    const { issues } = e.details as { issues: Array<{ field: string; limit: number; input: number }> };
    expect(issues.map((i) => [i.field, i.input, i.limit])).toEqual([
      ['substandardDpd', 120, 91],
      ['doubtfulDpd', 300, 271],
      ['lossDpd', 400, 361],
    ]);
  });

  it('checks against the given regulatory set, so an already stricter policy can only tighten further', () => {
    const current = { specialMentionDpd: 1, substandardDpd: 61, doubtfulDpd: 181, lossDpd: 361 };
    expect(() => validateStricterThresholds({ ...current, substandardDpd: 31 }, current)).not.toThrow();
    expect(appErrorOf(() => validateStricterThresholds({ ...current, substandardDpd: 62 }, current)).code).toBe('VALIDATION_FAILED');
  });

  it('refuses a missing field', () => {
    const e = appErrorOf(() =>
      validateStricterThresholds({ specialMentionDpd: 1, substandardDpd: 91, doubtfulDpd: 271 } as ClassificationThresholds),
    );
    expect((e.details as { issues: Array<{ field: string }> }).issues.map((i) => i.field)).toEqual(['lossDpd']);
  });
});

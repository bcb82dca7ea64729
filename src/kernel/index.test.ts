import { describe, expect, it } from 'vitest';
import * as kernel from './index.js';

describe('kernel index', () => {
  it.each([
    // errors
    'AppError',
    'InvariantError',
    'ERROR_TABLE',
    'invariant',
    'isAppError',
    'errorMessage',
    // money
    'parseYuan',
    'parseYuanSigned',
    'formatYuan',
    'fenFromDecimal',
    'mulRateRound',
    'allocateProportionally',
    'sumFen',
    'minFen',
    'maxFen',
    'MAX_AMOUNT_FEN',
    // rate
    'Dec',
    'parseRatePct',
    'formatRatePct',
    'annualRate',
    'dailyRate',
    'monthlyRate',
    // dates
    'parseIsoDate',
    'isIsoDate',
    'splitIsoDate',
    'makeIsoDate',
    'toEpochDay',
    'fromEpochDay',
    'addDays',
    'addMonthsClamped',
    'daysBetween',
    'compareDates',
    'minDate',
    'maxDate',
    'isLeapYear',
    'daysInMonth',
    'endOfMonth',
    'startOfMonth',
    'startOfYear',
    'ageAt',
    // identity
    'validateIdNumber',
    'parseIdNumber',
    'ageAtDate',
    'makeIdNumber',
    'idCheckChar',
    'validateCreditCode',
    'parseCreditCode',
    'makeCreditCode',
    'creditCodeCheckChar',
    'orgCodeCheckChar',
    'parseMobile',
    'normalizeMobile',
    'isValidMobile',
    // masking
    'maskMobile',
    'maskIdNumber',
    'maskName',
    'maskMiddle',
    // crypto
    'createFieldCrypto',
    'parseMasterKey',
    'loadOrCreateMasterKey',
    'KEY_FILE_NAME',
  ])('exports %s', (name) => {
    expect(kernel).toHaveProperty(name);
    expect((kernel as Record<string, unknown>)[name]).toBeDefined();
  });

  it('works end to end: an amount, a rate and a date from text to a day of interest', () => {
    const principalFen = kernel.parseYuan('100000.00');
    const days = kernel.daysBetween('2026-01-01', '2026-02-01');
    const interestFen = kernel.mulRateRound(principalFen * BigInt(days), kernel.dailyRate('4.35'));
    expect(kernel.formatYuan(interestFen)).toBe('374.58'); // 100 000 × 4.35 % / 360 × 31 = 374.583…
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { isValidMobile, normalizeMobile, parseMobile } from './mobile.js';

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('parseMobile', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['19912345678', '19912345678'],
    ['15053700000', '15053700000'],
    ['+8613812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['138-1234-5678', '13812345678'],
    ['+86-138-1234-5678', '13812345678'],
    [' 13812345678 ', '13812345678'],
    ['138\u30001234\u30005678', '13812345678'], // full-width (ideographic) spaces from Chinese input methods
    ['+ 86 13812345678', '13812345678'],
  ])('normalises %j to %s', (input, mobile) => {
    expect(parseMobile(input)).toBe(mobile);
  });

  it.each(['3', '4', '5', '6', '7', '8', '9'])('accepts the second digit %s', (d) => {
    expect(parseMobile(`1${d}012345678`)).toBe(`1${d}012345678`);
  });

  it.each([
    ['second digit 0', '10012345678'],
    ['second digit 1', '11012345678'],
    ['second digit 2', '12012345678'],
    ['not starting with 1', '23812345678'],
    ['10 digits', '1381234567'],
    ['12 digits', '138123456789'],
    ['empty', ''],
    ['only separators', ' - - '],
    ['letters', '1381234567a'],
    ['a landline with area code', '0537-1234567'],
    ['Hong Kong prefix', '+85261234567'],
    ['other country prefix', '+4413812345678'],
    ['plus without country code', '+13812345678'],
    ['0086 prefix', '008613812345678'],
    ['86 prefix on a bad number', '8612345678901'],
    ['parentheses', '(138)12345678'],
    ['dots', '138.1234.5678'],
    ['full-width digits', '１３８１２３４５６７８'],
    ['double prefix', '+86+8613812345678'],
  ])('rejects %s (%j) with INVALID_MOBILE', (_label, input) => {
    expect(appErrorOf(() => parseMobile(input)).code).toBe('INVALID_MOBILE');
  });

  it('rejects a number or null at run time', () => {
    expect(appErrorOf(() => parseMobile(13812345678 as unknown as string)).code).toBe('INVALID_MOBILE');
    expect(appErrorOf(() => parseMobile(null as unknown as string)).code).toBe('INVALID_MOBILE');
  });

  it('rejects very long input', () => {
    expect(appErrorOf(() => parseMobile(' '.repeat(100) + '13812345678')).code).toBe('INVALID_MOBILE');
  });

  it('does not put the number into the error (personal data must not reach logs)', () => {
    const err = appErrorOf(() => parseMobile('1381234567'));
    expect(JSON.stringify(err.details)).not.toContain('138');
  });
});

describe('normalizeMobile and isValidMobile', () => {
  it('return the 11 digits or null without throwing', () => {
    expect(normalizeMobile('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizeMobile('12345')).toBeNull();
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
  });
});

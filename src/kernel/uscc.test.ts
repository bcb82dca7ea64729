import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { creditCodeCheckChar, makeCreditCode, orgCodeCheckChar, parseCreditCode, validateCreditCode } from './uscc.js';

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

// Published codes; each passes both the GB 32100 and the embedded GB 11714 check.
const REAL_CODES = [
  '91350100M000100Y43', // the example used in GB 32100 explanations
  '91110000600037341L',
  '914403001922038216', // Huawei Technologies Co., Ltd.
  '12440600MB2C07549J', // a public institution (机构编制 1, 事业单位 2)
  '92371000MA3MXH0E3W', // an individual business (个体工商户) in Weihai
];

// Demo codes for Jining, built with both check characters.
const JINING_ENTERPRISE = '91370812MA3C12346W';
const JINING_COOPERATIVE = '93370811MA3N000118';

describe('check characters', () => {
  it('computes the GB 32100 check character', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91110000600037341')).toBe('L');
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
  });

  it('maps a weighted sum divisible by 31 to check character 0', () => {
    // find a body whose sum ≡ 0 (mod 31): its check must be "0", never the out-of-range index 31
    const found = Array.from({ length: 31 }, (_, i) => `9137081200000000${'0123456789ABCDEFGHJKLMNPQRTUWXY'[i]}`).find(
      (first17) => creditCodeCheckChar(first17) === '0',
    );
    expect(found).toBeDefined();
  });

  it('computes the GB 11714 organisation check character, with X for 10 and 0 for 11', () => {
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
    expect(orgCodeCheckChar('60003734')).toBe('1');
    expect(orgCodeCheckChar('19220382')).toBe('1');
    expect(orgCodeCheckChar('MA3P4C7X')).toBe('4');
    const checks = new Set<string>();
    for (let n = 0; n < 400; n++) checks.add(orgCodeCheckChar(String(n).padStart(8, '0')));
    expect(checks.has('X')).toBe(true);
    expect(checks.has('0')).toBe(true);
    expect(orgCodeCheckChar('00000000')).toBe('0'); // sum 0 → 11 → "0"
  });

  it('makeCreditCode appends the check character', () => {
    expect(makeCreditCode('91370812MA3C12346')).toBe(JINING_ENTERPRISE);
    expect(makeCreditCode('93370811MA3N00011')).toBe(JINING_COOPERATIVE);
  });

  it.each(['', '91350100M000100Y', '91350100M000100Y43', '9135010OM000100Y4', '9135AB00M000100Y4', '91350100m000100y4'])(
    'makeCreditCode refuses %j, which is not 17 valid characters',
    (s) => {
      expect(appErrorOf(() => makeCreditCode(s)).details).toEqual({ reason: 'FORMAT' });
    },
  );

  it('orgCodeCheckChar refuses a body that is not 8 digits or capitals', () => {
    expect(appErrorOf(() => orgCodeCheckChar('1234567')).code).toBe('INVALID_CREDIT_CODE');
    expect(appErrorOf(() => orgCodeCheckChar('1234567a')).code).toBe('INVALID_CREDIT_CODE');
  });
});

describe('validateCreditCode', () => {
  it.each(REAL_CODES)('accepts the published code %s', (code) => {
    expect(validateCreditCode(code)).toMatchObject({ ok: true, value: { creditCode: code } });
  });

  it('splits the code into its parts', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({
      ok: true,
      value: {
        creditCode: '91350100M000100Y43',
        registrationAuthority: '9',
        entityType: '1',
        regionCode: '350100',
        orgCode: 'M000100Y4',
      },
    });
  });

  it('accepts the Jining demo codes', () => {
    expect(validateCreditCode(JINING_ENTERPRISE)).toMatchObject({ ok: true, value: { regionCode: '370812' } });
    expect(validateCreditCode(JINING_COOPERATIVE)).toMatchObject({ ok: true, value: { entityType: '3' } });
  });

  it('upper-cases and trims the input', () => {
    expect(validateCreditCode(' 91350100m000100y43 ')).toMatchObject({ ok: true, value: { creditCode: '91350100M000100Y43' } });
  });

  it.each([
    ['empty', ''],
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y430'],
    ['letter I', '91350100M000100I43'],
    ['letter O', '91350100O000100Y43'],
    ['letter Z', '91350100M000100Z43'],
    ['letter S', '91350100M000100S43'],
    ['letter V', '91350100M000100V43'],
    ['a letter in the region digits', '9135A100M000100Y43'],
    ['inner space', '91350100 M000100Y43'],
    ['hyphen', '91350100-M000100Y43'],
  ])('reports FORMAT for %s', (_label, s) => {
    expect(validateCreditCode(s)).toEqual({ ok: false, reason: 'FORMAT' });
  });

  it('reports FORMAT for a non-string at run time', () => {
    expect(validateCreditCode(null as unknown as string)).toEqual({ ok: false, reason: 'FORMAT' });
  });

  it('reports CHECKSUM for one changed character or a wrong check character', () => {
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'CHECKSUM' });
    expect(validateCreditCode('91350101M000100Y43')).toEqual({ ok: false, reason: 'CHECKSUM' });
    expect(validateCreditCode('91110000600037341K')).toEqual({ ok: false, reason: 'CHECKSUM' });
  });

  it('reports CHECKSUM for two swapped characters', () => {
    expect(validateCreditCode('91350100M001000Y43')).toEqual({ ok: false, reason: 'CHECKSUM' });
  });

  it('rejects a resident ID number entered in the credit-code field', () => {
    expect(validateCreditCode('370812199001011232')).toEqual({ ok: false, reason: 'CHECKSUM' });
  });

  it('reports ORG_CODE when only the embedded organisation check character is wrong', () => {
    const badOrg = makeCreditCode('91350100M000100Y5'); // organisation check should be 4
    expect(validateCreditCode(badOrg)).toEqual({ ok: false, reason: 'ORG_CODE' });
  });

  it('reports ORG_CODE for a well-formed but made-up code whose main check was fixed up', () => {
    expect(validateCreditCode(makeCreditCode('91370812MA3C12345'))).toEqual({ ok: false, reason: 'ORG_CODE' });
  });
});

describe('parseCreditCode', () => {
  it('returns the normalised code', () => {
    expect(parseCreditCode('914403001922038216').orgCode).toBe('192203821');
  });

  it.each([
    ['', 'FORMAT'],
    ['91350100M000100Y44', 'CHECKSUM'],
    [makeCreditCode('91350100M000100Y5'), 'ORG_CODE'],
  ])('throws INVALID_CREDIT_CODE for %j with reason %s', (s, reason) => {
    const err = appErrorOf(() => parseCreditCode(s));
    expect(err.code).toBe('INVALID_CREDIT_CODE');
    expect(err.details).toEqual({ reason });
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { ageAtDate, idCheckChar, makeIdNumber, parseIdNumber, validateIdNumber } from './idcard.js';

function appErrorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

// Demo numbers built with the GB 11643 check character (3708xx = Jining, Shandong).
const YANZHOU_MAN = '370812199001011232'; // 兖州区, born 1990-01-01, sequence 123 (odd → male)
const RENCHENG_WOMAN = '370811198506150026'; // 任城区, born 1985-06-15, sequence 002 (even → female)
const QUFU_WOMAN = '370881197203084564'; // 曲阜市
const JINXIANG_LEAPLING = '370828200002290030'; // 金乡县, born 2000-02-29
const BEIJING_LEAPLING = '110101198002290018'; // 北京东城区, born 1980-02-29
const X_CHECK = '37081219000101001X'; // born on the earliest accepted date, check character X
// Published example from GB 11643-1999 itself.
const STANDARD_EXAMPLE = '11010519491231002X';

describe('idCheckChar and makeIdNumber', () => {
  it.each([
    ['37081219900101123', '2'],
    ['37081119850615002', '6'],
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'], // the standard's second example
    ['37081219000101001', 'X'],
  ])('computes the check character of %s as %s', (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
    expect(makeIdNumber(first17)).toBe(first17 + check);
  });

  it('produces every possible check character', () => {
    const seen = new Set<string>();
    for (let seq = 0; seq < 200; seq++) seen.add(idCheckChar(`37081219900101${String(seq).padStart(3, '0')}`));
    expect([...seen].sort().join('')).toBe('0123456789X');
  });

  it.each(['3708121990010112', '370812199001011234', '3708121990010112X', '', 'abcdefghijklmnopq'])(
    'refuses %j which is not 17 digits',
    (s) => {
      const err = appErrorOf(() => makeIdNumber(s));
      expect(err.code).toBe('INVALID_ID_NUMBER');
      expect(err.details).toEqual({ reason: 'FORMAT' });
    },
  );
});

describe('validateIdNumber', () => {
  it('reads region, birth date and sex from a Jining number', () => {
    expect(validateIdNumber(YANZHOU_MAN)).toEqual({
      ok: true,
      value: { idNumber: YANZHOU_MAN, regionCode: '370812', birthDate: '1990-01-01', sex: 'M', holder: 'CITIZEN' },
    });
  });

  it('reads an even 17th digit as female', () => {
    const r = validateIdNumber(RENCHENG_WOMAN);
    expect(r.ok && r.value).toMatchObject({ regionCode: '370811', birthDate: '1985-06-15', sex: 'F' });
    expect(validateIdNumber(QUFU_WOMAN)).toMatchObject({ ok: true, value: { regionCode: '370881', sex: 'F' } });
  });

  it('accepts the standard example with check character X and a number from outside Jining', () => {
    expect(validateIdNumber(STANDARD_EXAMPLE)).toMatchObject({
      ok: true,
      value: { regionCode: '110105', birthDate: '1949-12-31', sex: 'F' },
    });
    expect(validateIdNumber(BEIJING_LEAPLING)).toMatchObject({ ok: true, value: { regionCode: '110101', sex: 'M' } });
  });

  it('upper-cases a lower-case x and trims surrounding spaces', () => {
    expect(validateIdNumber(' 11010519491231002x ')).toMatchObject({ ok: true, value: { idNumber: STANDARD_EXAMPLE } });
  });

  it('accepts a Feb 29 birth date in a leap year', () => {
    expect(validateIdNumber(JINXIANG_LEAPLING)).toMatchObject({ ok: true, value: { birthDate: '2000-02-29' } });
  });

  it.each([
    ['empty', ''],
    ['17 digits', '37081219900101123'],
    ['19 digits', '3708121990010112320'],
    ['15-digit first-generation number', '370812900101123'],
    ['X in the middle', '3708121990X1011232'],
    ['other letter as check', '37081219900101123A'],
    ['inner space', '370812 199001011232'],
    ['hyphens', '370812-19900101-1232'],
    ['full-width digits', '３７０８１２１９９００１０１１２３２'],
  ])('reports FORMAT for %s', (_label, s) => {
    expect(validateIdNumber(s)).toEqual({ ok: false, reason: 'FORMAT' });
  });

  it('reports FORMAT for a non-string at run time', () => {
    expect(validateIdNumber(370812199001011232 as unknown as string)).toEqual({ ok: false, reason: 'FORMAT' });
    expect(validateIdNumber(undefined as unknown as string)).toEqual({ ok: false, reason: 'FORMAT' });
  });

  it('reports CHECKSUM for a single wrong digit or wrong check character', () => {
    expect(validateIdNumber('370812199001011233')).toEqual({ ok: false, reason: 'CHECKSUM' });
    expect(validateIdNumber('370812199001021232')).toEqual({ ok: false, reason: 'CHECKSUM' });
    expect(validateIdNumber('110105194912310020')).toEqual({ ok: false, reason: 'CHECKSUM' });
  });

  it('reports CHECKSUM for two swapped adjacent digits', () => {
    expect(validateIdNumber('370812199001011322')).toEqual({ ok: false, reason: 'CHECKSUM' });
  });

  it.each([
    ['a non-existent date', '19900230'],
    ['Feb 29 in a common year', '19900229'],
    ['month 13', '19901301'],
    ['day 00', '19900100'],
    ['a date before 1900', '18991231'],
  ])('reports BIRTH_DATE for %s', (_label, yyyymmdd) => {
    expect(validateIdNumber(makeIdNumber(`370812${yyyymmdd}123`))).toEqual({ ok: false, reason: 'BIRTH_DATE' });
  });

  it("reports BIRTH_DATE for the standard's 1880 example, which is before 1900", () => {
    expect(validateIdNumber('440524188001010014')).toEqual({ ok: false, reason: 'BIRTH_DATE' });
  });

  it('accepts 1900-01-01, the earliest birth date', () => {
    expect(validateIdNumber(X_CHECK)).toMatchObject({ ok: true, value: { birthDate: '1900-01-01', idNumber: X_CHECK } });
  });

  it('rejects a birth date after asOf and accepts one on asOf', () => {
    const bornToday = makeIdNumber('37081220260101001');
    expect(validateIdNumber(bornToday, { asOf: '2025-12-31' })).toEqual({ ok: false, reason: 'BIRTH_DATE' });
    expect(validateIdNumber(bornToday, { asOf: '2026-01-01' })).toMatchObject({ ok: true });
    expect(validateIdNumber(bornToday)).toMatchObject({ ok: true }); // no asOf: no clock is read
  });

  it('throws INVALID_DATE for a malformed asOf, which is a caller error', () => {
    expect(appErrorOf(() => validateIdNumber(YANZHOU_MAN, { asOf: '2026/01/01' })).code).toBe('INVALID_DATE');
  });

  it.each([
    ['province 00', '000000'],
    ['province 10', '100101'],
    ['province 16', '160101'],
    ['province 24', '240101'],
    ['province 38', '380101'],
    ['province 47', '470101'],
    ['province 55', '550101'],
    ['province 66', '660101'],
    ['province 72', '720101'],
    ['province 84', '840101'],
    ['province 99', '990101'],
    ['a bare province code', '370000'],
    ['a Hong Kong code other than 810000', '810100'],
    ['a foreigner code with an unknown issuing province', '999156'],
    ['a foreigner code issued "in Taiwan"', '971156'],
    ['a foreigner code with nationality 000', '911000'],
  ])('reports REGION for %s', (_label, region) => {
    expect(validateIdNumber(makeIdNumber(`${region}19900101123`))).toEqual({ ok: false, reason: 'REGION' });
  });

  it.each([
    [
      'every mainland province',
      [
        '110101',
        '120101',
        '130102',
        '140105',
        '150102',
        '210102',
        '220102',
        '230102',
        '310101',
        '320102',
        '330102',
        '340102',
        '350102',
        '360102',
        '370102',
        '410102',
        '420102',
        '430102',
        '440103',
        '450102',
        '460105',
        '500101',
        '510104',
        '520102',
        '530102',
        '540102',
        '610102',
        '620102',
        '630102',
        '640104',
        '650102',
      ],
    ],
    ['Taiwan', ['710101']],
  ])('accepts %s as a citizen region', (_label, regions) => {
    for (const region of regions) {
      expect(validateIdNumber(makeIdNumber(`${region}19900101123`))).toMatchObject({
        ok: true,
        value: { regionCode: region, holder: 'CITIZEN' },
      });
    }
  });

  it('accepts Hong Kong, Macao and Taiwan residence permits (810000, 820000, 830000)', () => {
    for (const region of ['810000', '820000', '830000']) {
      expect(validateIdNumber(makeIdNumber(`${region}19950505001`))).toMatchObject({
        ok: true,
        value: { regionCode: region, holder: 'HMT_RESIDENT' },
      });
    }
  });

  it("accepts a foreigner's permanent residence ID (9 + issuing province + nationality)", () => {
    expect(validateIdNumber(makeIdNumber('91115619800101001'))).toMatchObject({
      ok: true,
      value: { regionCode: '911156', birthDate: '1980-01-01', sex: 'M', holder: 'FOREIGN_RESIDENT' },
    });
  });
});

describe('parseIdNumber', () => {
  it('returns the parts of a valid number', () => {
    expect(parseIdNumber(RENCHENG_WOMAN).birthDate).toBe('1985-06-15');
  });

  it.each([
    ['', 'FORMAT'],
    ['370812199001011233', 'CHECKSUM'],
    [makeIdNumber('37081219900230123'), 'BIRTH_DATE'],
    [makeIdNumber('37000019900101123'), 'REGION'],
  ])('throws INVALID_ID_NUMBER for %j with reason %s', (s, reason) => {
    const err = appErrorOf(() => parseIdNumber(s));
    expect(err.code).toBe('INVALID_ID_NUMBER');
    expect(err.details).toEqual({ reason });
  });

  it('does not put the number into the error (personal data must not reach logs)', () => {
    const err = appErrorOf(() => parseIdNumber('370812199001011233'));
    expect(JSON.stringify(err.details)).not.toContain('3708121990');
    expect(err.message).not.toContain('3708121990');
  });

  it('passes asOf through', () => {
    expect(appErrorOf(() => parseIdNumber(YANZHOU_MAN, { asOf: '1989-12-31' })).details).toEqual({ reason: 'BIRTH_DATE' });
  });
});

describe('ageAtDate', () => {
  it('computes the full years on a business date', () => {
    expect(ageAtDate(YANZHOU_MAN, '2025-12-31')).toBe(35);
    expect(ageAtDate(YANZHOU_MAN, '2026-01-01')).toBe(36);
    expect(ageAtDate(' 11010519491231002x', '2026-03-31')).toBe(76);
  });

  it('lets someone born on Feb 29 turn older on Mar 1 in a common year', () => {
    expect(ageAtDate(JINXIANG_LEAPLING, '2018-02-28')).toBe(17);
    expect(ageAtDate(JINXIANG_LEAPLING, '2018-03-01')).toBe(18);
    expect(ageAtDate(BEIJING_LEAPLING, '2024-02-29')).toBe(44);
  });

  it('is 0 on the day of birth', () => {
    expect(ageAtDate(makeIdNumber('37081220260101001'), '2026-01-01')).toBe(0);
  });

  it('rejects a birth date after the date', () => {
    expect(appErrorOf(() => ageAtDate(YANZHOU_MAN, '1989-12-31')).details).toEqual({ reason: 'BIRTH_DATE' });
  });

  it('rejects an invalid number and an invalid date', () => {
    expect(appErrorOf(() => ageAtDate('370812199001011233', '2026-01-01')).code).toBe('INVALID_ID_NUMBER');
    expect(appErrorOf(() => ageAtDate(YANZHOU_MAN, '2026-02-30')).code).toBe('INVALID_DATE');
  });
});

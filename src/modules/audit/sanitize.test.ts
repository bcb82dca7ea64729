import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../kernel/idcard.js';
import { isSecretKey, maskPersonalData, MAX_SUMMARY_CHARS, normaliseSummary, REDACTED, storableText } from './sanitize.js';

const ID = makeIdNumber('37081219900101123');

describe('normaliseSummary', () => {
  it('keeps plain JSON as it is', () => {
    const s = { before: { status: 'ACTIVE' }, after: { status: 'DISABLED' }, count: 3, ok: true, none: null, list: [1, 'a'] };
    expect(normaliseSummary(s)).toEqual(s);
  });

  it('gives null for no summary', () => {
    expect(normaliseSummary(null)).toBeNull();
    expect(normaliseSummary(undefined)).toBeNull();
  });

  it('redacts secrets by key name at any depth, but keeps flags', () => {
    const out = normaliseSummary({
      password: 'hunter2hunter2',
      after: { newPassword: 'x', session_token: 'abc', apiKey: 'k', smsOtp: 123456, passwordChanged: true },
      footprint: 'kept',
    });
    expect(out).toEqual({
      password: REDACTED,
      after: { newPassword: REDACTED, session_token: REDACTED, apiKey: REDACTED, smsOtp: REDACTED, passwordChanged: true },
      footprint: 'kept',
    });
  });

  it('masks full ID numbers and mobile numbers inside strings', () => {
    const out = normaliseSummary({ idNumber: ID, note: `客户 ${ID} 手机 13812345678，+86 13912345678` });
    expect(out).toEqual({
      idNumber: '370812********' + ID.slice(14),
      note: `客户 370812********${ID.slice(14)} 手机 138****5678，+86 139****5678`,
    });
  });

  it('leaves digits inside hashes, and 18-digit numbers that are not valid ID numbers, alone', () => {
    const sha = 'ab13812345678cd'.padEnd(64, '0');
    const loanNo = '202405010000000001';
    expect(normaliseSummary({ sha, loanNo })).toEqual({ sha, loanNo });
  });

  it('turns Dates, bigints and non-finite numbers into JSON, and drops undefined members', () => {
    const out = normaliseSummary({ at: new Date('2024-05-01T00:00:00Z'), big: 12n, nan: Number.NaN, gone: undefined, arr: [undefined] });
    expect(out).toEqual({ at: '2024-05-01T00:00:00.000Z', big: '12', nan: null, arr: [null] });
    expect(Object.keys(out!)).not.toContain('gone');
  });

  it('keeps a __proto__ key as a plain member', () => {
    const out = normaliseSummary(JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out!)).toEqual(['__proto__']);
  });

  it('makes NUL and lone surrogates storable', () => {
    expect(normaliseSummary({ ['k\u0000']: 'a\u0000b\uD800c' })).toEqual({ 'k\uFFFD': 'a\uFFFDb\uFFFDc' });
  });

  it('refuses cycles, deep nesting and oversized summaries', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => normaliseSummary(cyclic)).toThrow(/cycle/);
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => normaliseSummary(deep)).toThrow(/deeper/);
    expect(() => normaliseSummary({ big: 'x'.repeat(MAX_SUMMARY_CHARS) })).toThrow(/too large/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(normaliseSummary({ before: shared, after: shared })).toEqual({ before: { a: 1 }, after: { a: 1 } });
  });
});

describe('storableText', () => {
  it('keeps well-formed text, including astral characters', () => {
    expect(storableText('惠农 𠀀 😀')).toBe('惠农 𠀀 😀');
  });
  it('replaces NUL and unpaired surrogates', () => {
    expect(storableText('\u0000\uDC00x\uD83D')).toBe('\uFFFD\uFFFDx\uFFFD');
  });
});

describe('isSecretKey', () => {
  it.each(['password', 'Password', 'oldPassword', 'password_hash', 'pwd', 'secretKey', 'tokenHash', 'API_KEY', 'pin'])(
    '%s is secret',
    (k) => {
      expect(isSecretKey(k)).toBe(true);
    },
  );
  it.each(['username', 'footprint', 'passed', 'spinner', 'status', 'mobileMasked', 'hotpot'])('%s is not', (k) => {
    expect(isSecretKey(k)).toBe(false);
  });
});

describe('maskPersonalData', () => {
  it('masks a bare mobile number', () => {
    expect(maskPersonalData('13812345678')).toBe('138****5678');
  });
  it('masks a mobile number written with the country code', () => {
    expect(maskPersonalData('+8613812345678 / 86-13812345678')).toBe('+86138****5678 / 86-138****5678');
  });
  it('leaves longer digit runs alone', () => {
    expect(maskPersonalData('1381234567890')).toBe('1381234567890');
  });
});

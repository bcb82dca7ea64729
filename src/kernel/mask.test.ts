import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskMiddle, maskMobile, maskName } from './mask.js';

const revealed = (masked: string): number => Array.from(masked).filter((c) => c !== '*').length;
const hidden = (masked: string): number => Array.from(masked).filter((c) => c === '*').length;

describe('maskMobile', () => {
  it('shows the first 3 and last 4 digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
  });

  it('masks the normalised number when given a prefixed or separated form', () => {
    expect(maskMobile('+86 138-1234-5678')).toBe('138****5678');
  });

  it.each([
    ['', ''],
    ['1', '*'],
    ['13', '1*'],
    ['1381', '1**1'],
    ['138123', '13***3'],
  ])('masks the short input %j as %j without showing more than it hides', (input, masked) => {
    expect(maskMobile(input)).toBe(masked);
    expect(revealed(masked)).toBeLessThanOrEqual(hidden(masked));
  });

  it('masks malformed input without showing more than it hides', () => {
    for (const s of ['12345678901', 'abcdefghijk', '0537-1234567', '1381234567890123']) {
      const masked = maskMobile(s);
      expect(revealed(masked)).toBeLessThanOrEqual(hidden(masked));
      expect(masked).toHaveLength(s.length);
    }
  });

  it('returns an empty string for a non-string at run time', () => {
    expect(maskMobile(undefined as unknown as string)).toBe('');
  });
});

describe('maskIdNumber', () => {
  it('shows the region (first 6) and the last 4, hiding the birth date behind 8 stars', () => {
    expect(maskIdNumber('370812199001011234')).toBe('370812********1234');
  });

  it('upper-cases a lower-case check character', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
  });

  it('never shows the birth date', () => {
    expect(maskIdNumber('370812199001011232')).not.toContain('19900101');
  });

  it.each(['', '1', '12', '3708', '370812', '370812199001', '37081219900101123', '3708121990010112345'])(
    'masks the malformed input %j without showing more than it hides',
    (s) => {
      const masked = maskIdNumber(s);
      expect(masked).toHaveLength(s.length);
      expect(revealed(masked)).toBeLessThanOrEqual(hidden(masked));
    },
  );

  it('masks a 15-digit first-generation number by the fallback', () => {
    expect(maskIdNumber('370812900101123')).toBe('3708********123');
  });
});

describe('maskName', () => {
  it.each([
    ['张三丰', '张**'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['张', '*'],
    ['', ''],
    ['  李四  ', '李*'],
    ['买买提·艾力', '买*****'],
    ['𠮷野家', '𠮷**'], // a character outside the BMP counts as one character
  ])('masks %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never shows more characters than it hides', () => {
    for (const name of ['张', '张三', '张三丰', 'Li', 'Wang Fang']) {
      const masked = maskName(name);
      expect(revealed(masked)).toBeLessThanOrEqual(hidden(masked));
    }
  });

  it('returns an empty string for a non-string at run time', () => {
    expect(maskName(null as unknown as string)).toBe('');
  });
});

describe('maskMiddle', () => {
  it('keeps the requested head and tail when the value is long enough', () => {
    expect(maskMiddle('6228480012345678901', 4, 4)).toBe('6228***********8901');
  });

  it('shrinks head and tail so that at most half is shown', () => {
    expect(maskMiddle('12345678', 6, 4)).toBe('12****78');
    expect(maskMiddle('123', 1, 1)).toBe('1**');
  });

  it('ignores negative, fractional and non-finite keep counts safely', () => {
    expect(maskMiddle('12345678', -1, Number.NaN)).toBe('********');
    expect(maskMiddle('12345678', 2.9, 1.2)).toBe('12*****8');
  });

  it('shows at most half of any value for any keep counts', () => {
    for (let n = 0; n <= 30; n++) {
      const s = 'x'.repeat(n);
      for (const [h, t] of [
        [0, 0],
        [3, 4],
        [6, 4],
        [100, 100],
      ]) {
        const masked = maskMiddle(s, h, t);
        expect(masked).toHaveLength(n);
        expect(revealed(masked)).toBeLessThanOrEqual(hidden(masked));
      }
    }
  });
});

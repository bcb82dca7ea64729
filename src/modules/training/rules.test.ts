import { describe, expect, it } from 'vitest';
import { checkQuestion, examStatus, isCorrect, percent, scoreBands, scorePaper } from './rules.js';

describe('training rules', () => {
  it('accepts one key for single choice and true/false, two or more for multiple choice, keys among the options', () => {
    expect(checkQuestion('SINGLE', ['甲', '乙', '丙'], [2])).toEqual({ ok: true, options: ['甲', '乙', '丙'], answer: [2] });
    expect(checkQuestion('MULTIPLE', ['甲', '乙', '丙'], [2, 0])).toEqual({ ok: true, options: ['甲', '乙', '丙'], answer: [0, 2] });
    expect(checkQuestion('TRUE_FALSE', undefined, [1])).toEqual({ ok: true, options: ['正确', '错误'], answer: [1] });
    expect(checkQuestion('SINGLE', ['甲', '乙'], [0, 1]).ok).toBe(false);
    expect(checkQuestion('MULTIPLE', ['甲', '乙'], [1]).ok).toBe(false);
    expect(checkQuestion('MULTIPLE', ['甲', '乙'], [0, 0]).ok).toBe(false);
    expect(checkQuestion('SINGLE', ['甲', '乙'], [2]).ok).toBe(false);
    expect(checkQuestion('SINGLE', ['甲'], [0]).ok).toBe(false);
    expect(checkQuestion('SINGLE', ['甲', '甲'], [0]).ok).toBe(false);
    expect(checkQuestion('TRUE_FALSE', ['对', '错'], [0]).ok).toBe(false);
    expect(checkQuestion('TRUE_FALSE', undefined, [2]).ok).toBe(false);
  });

  it('counts a choice only when it is exactly the key, in any order', () => {
    expect(isCorrect([2, 0], [0, 2])).toBe(true);
    expect(isCorrect([0], [0, 2])).toBe(false);
    expect(isCorrect([0, 1, 2], [0, 2])).toBe(false);
    expect(isCorrect([], [0])).toBe(false);
    expect(isCorrect(undefined, [0])).toBe(false);
    const paper = [
      { questionId: 1, points: 40, answer: [1] },
      { questionId: 2, points: 40, answer: [0, 2] },
      { questionId: 3, points: 20, answer: [0] },
    ];
    expect(scorePaper(paper, { '1': [1], '2': [0], '3': [0] })).toEqual({ score: 60, correct: 2 });
    expect(scorePaper(paper, {})).toEqual({ score: 0, correct: 0 });
  });

  it('gives percentages with two decimals rounded half up, and ten bands covering the total', () => {
    expect(percent(2, 3)).toBe('66.67');
    expect(percent(1, 3)).toBe('33.33');
    expect(percent(1, 8)).toBe('12.50');
    expect(percent(1, 200000)).toBe('0.00');
    expect(percent(1, 20000)).toBe('0.01');
    expect(percent(3, 3)).toBe('100.00');
    expect(percent(0, 0)).toBe('0.00');
    expect(scoreBands(100)[0]).toEqual({ from: 0, to: 9 });
    expect(scoreBands(100)[9]).toEqual({ from: 90, to: 100 });
    for (const total of [1, 7, 20, 100, 137]) {
      const bands = scoreBands(total);
      expect(bands[0].from).toBe(0);
      expect(bands[bands.length - 1].to).toBe(total);
      for (let i = 1; i < bands.length; i++) expect(bands[i].from).toBe(bands[i - 1].to + 1);
    }
  });

  it('tells a taker what a paper allows at an instant', () => {
    const base = { opensAt: new Date('2026-12-07T01:00:00Z'), closesAt: new Date('2026-12-07T09:00:00Z'), maxAttempts: 1 };
    const at = (iso: string) => new Date(iso);
    expect(examStatus({ ...base, now: at('2026-12-07T00:59:59Z'), attemptsUsed: 0, openAttemptDeadline: null })).toBe('NOT_OPEN');
    expect(examStatus({ ...base, now: at('2026-12-07T01:00:00Z'), attemptsUsed: 0, openAttemptDeadline: null })).toBe('OPEN');
    expect(examStatus({ ...base, now: at('2026-12-07T02:00:00Z'), attemptsUsed: 1, openAttemptDeadline: at('2026-12-07T02:30:00Z') })).toBe(
      'IN_PROGRESS',
    );
    expect(examStatus({ ...base, now: at('2026-12-07T03:00:00Z'), attemptsUsed: 1, openAttemptDeadline: at('2026-12-07T02:30:00Z') })).toBe(
      'DONE',
    );
    expect(examStatus({ ...base, now: at('2026-12-07T09:00:00Z'), attemptsUsed: 0, openAttemptDeadline: null })).toBe('CLOSED');
  });
});

import { describe, expect, it } from 'vitest';
import * as schedule from '../products/schedule/index.js';
import * as contract from './calculator.contract.js';

describe('calculator contract', () => {
  it('takes the schedule engine’s term limits and methods', () => {
    expect(contract.REPAYMENT_METHODS).toEqual(schedule.REPAYMENT_METHODS);
    expect([contract.MIN_TERM_MONTHS, contract.MAX_TERM_MONTHS]).toEqual([schedule.MIN_TERM_MONTHS, schedule.MAX_TERM_MONTHS]);
    expect([contract.MIN_TERM_DAYS, contract.MAX_TERM_DAYS]).toEqual([schedule.MIN_TERM_DAYS, schedule.MAX_TERM_DAYS]);
  });
});

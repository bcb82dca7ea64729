/**
 * The public trial calculator (还款试算): turns a request in yuan and percent strings into schedule
 * input, and a Schedule into the API view (amounts as yuan strings with two decimals).
 */
import { formatRatePct, formatYuan, parseRatePct, parseYuan } from '../../kernel/index.js';
import { buildSchedule, type Schedule, type ScheduleInput } from '../products/schedule/index.js';
import type { CalculatorBody, CalculatorResponse } from './calculator.contract.js';

/** The request and the answer are the contract's shapes (calculator.contract.ts). */
export type CalculatorRequest = CalculatorBody;
export type CalculatorResult = CalculatorResponse;

export function toScheduleInput(req: CalculatorRequest): ScheduleInput {
  return {
    principalFen: parseYuan(req.principal),
    annualRatePct: req.annualRatePct,
    method: req.method,
    startDate: req.startDate,
    termMonths: req.termMonths,
    termDays: req.termDays,
    repaymentDay: req.repaymentDay,
  };
}

/** Schedule → API view. */
export function scheduleView(schedule: Schedule, input: ScheduleInput): CalculatorResult {
  return {
    installments: schedule.installments.map((r) => ({
      period: r.period,
      dueDate: r.dueDate,
      principal: formatYuan(r.principalFen),
      interest: formatYuan(r.interestFen),
      payment: formatYuan(r.paymentFen),
      remainingPrincipal: formatYuan(r.remainingPrincipalFen),
    })),
    totalInterest: formatYuan(schedule.totalInterestFen),
    totalPayment: formatYuan(schedule.totalPaymentFen),
    principal: formatYuan(input.principalFen),
    annualRatePct: formatRatePct(parseRatePct(input.annualRatePct)),
    method: input.method,
  };
}

/** The whole trial calculation: parse, build, view. Errors are AppErrors (INVALID_AMOUNT, INVALID_RATE, …). */
export function calculateSchedule(req: CalculatorRequest): CalculatorResult {
  const input = toScheduleInput(req);
  return scheduleView(buildSchedule(input), input);
}

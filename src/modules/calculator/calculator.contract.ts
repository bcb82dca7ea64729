/**
 * The API contract of the public trial calculator (还款试算): its request and its schedule.
 *
 * Pure zod over the kernel's shared atoms, so the mobile page imports it. The term limits and methods
 * are the ones the schedule engine uses, defined once in the products contract.
 */
import { z } from 'zod';
import {
  MAX_TERM_DAYS,
  MAX_TERM_MONTHS,
  MIN_TERM_DAYS,
  MIN_TERM_MONTHS,
  REPAYMENT_METHODS,
  type RepaymentMethod,
} from '../products/products.contract.js';

export { MAX_TERM_DAYS, MAX_TERM_MONTHS, MIN_TERM_DAYS, MIN_TERM_MONTHS, REPAYMENT_METHODS, type RepaymentMethod };

const yuan = z.string().describe('元，两位小数 (yuan), e.g. "8530.99"');

export const calculatorBody = z
  .object({
    principal: z.string().max(32).describe('贷款本金，元 (yuan), e.g. "100000.00"'),
    annualRatePct: z.string().max(16).describe('年利率，百分数 (annual rate, percent), e.g. "4.35"'),
    termMonths: z.number().int().min(MIN_TERM_MONTHS).max(MAX_TERM_MONTHS).optional().describe('期限（月）1–360'),
    termDays: z.number().int().min(MIN_TERM_DAYS).max(MAX_TERM_DAYS).optional().describe('期限（天）1–3660，仅利随本清 (BULLET only)'),
    method: z.enum(REPAYMENT_METHODS).describe('还款方式: 等额本息 / 等额本金 / 按月付息到期还本 / 利随本清'),
    startDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'startDate must be YYYY-MM-DD')
      .describe('起息日 YYYY-MM-DD'),
    repaymentDay: z.number().int().min(1).max(28).optional().describe('固定还款日 1–28（首期按实际天数计息）'),
  })
  .superRefine((b, ctx) => {
    if ((b.termMonths === undefined) === (b.termDays === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['termMonths'], message: 'give exactly one of termMonths and termDays' });
    }
    if (b.termDays !== undefined && b.method !== 'BULLET') {
      ctx.addIssue({ code: 'custom', path: ['termDays'], message: 'termDays is only allowed with method BULLET; use termMonths' });
    }
    if (b.repaymentDay !== undefined && b.method === 'BULLET') {
      ctx.addIssue({ code: 'custom', path: ['repaymentDay'], message: 'repaymentDay is not allowed with method BULLET' });
    }
  });
export type CalculatorBody = z.infer<typeof calculatorBody>;

export const installmentView = z.object({
  period: z.number().int(),
  dueDate: z.string(),
  principal: yuan,
  interest: yuan,
  payment: yuan,
  remainingPrincipal: yuan,
});
export type InstallmentViewApi = z.infer<typeof installmentView>;

export const calculatorResponse = z.object({
  installments: z.array(installmentView),
  totalInterest: yuan,
  totalPayment: yuan,
  principal: yuan,
  annualRatePct: z.string(),
  method: z.enum(REPAYMENT_METHODS),
});
export type CalculatorResponse = z.infer<typeof calculatorResponse>;

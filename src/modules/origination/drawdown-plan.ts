/**
 * A drawdown's plan (用信计划) — pure: no I/O, no clock. From the request, the locked credit line, the
 * product in effect on the business date and the customer's drawdown block (read by the command in
 * lines.service.ts), whether the drawdown may go ahead and, if so, what it books: the term, what the
 * line keeps, the loan's terms, the journal memos and the stored response.
 *
 *   drawdownRequest        the idempotency key and the amount, checked before anything is read
 *   planDrawdown           the rules, in the order their refusals are reported: the line is active and
 *                          not expired, the customer is not blocked, the amount fits the line and the
 *                          product minimum, the method is the product's, the term (months, or days for
 *                          a bullet loan only) lies within the product and the line
 *   pledgeMaturityRefusal  质押e贷: the loan may not outlive the earliest pledged certificate
 *   drawdownResult         the response stored with the drawdown (its id filled in by the store)
 */
import { AppError } from '../../kernel/errors.js';
import type { IsoDate } from '../../kernel/dates.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import type { ProductParams, RepaymentMethod } from '../products/index.js';
import type { DrawdownBlock } from '../loans/index.js';

export interface DrawdownInput {
  amount: string;
  termMonths?: number;
  termDays?: number;
  repaymentMethod: RepaymentMethod;
  repaymentDay?: number;
}

export interface DrawdownResult {
  drawdownId: number;
  loanId: number;
  status: 'DISBURSED';
  amount: string;
  accountNoMasked: string;
  annualRatePct: string;
  firstDueDate: IsoDate;
  maturityDate: IsoDate;
  firstPayment: string;
  available: string;
}

/** The locked credit line as a drawdown reads it. */
export interface DrawdownLine {
  id: number;
  customerId: number;
  applicationId: number;
  productCode: string;
  status: string;
  expiryDate: IsoDate;
  availableFen: bigint;
  revolving: boolean;
  maxTermMonths: number;
  annualRatePct: string;
  branchId: number;
  officerId: number | null;
  /** The risk module's hold (an open ORANGE or RED alert): no new drawdown while it stands. */
  riskHold?: string | null;
}

export type DrawdownProduct = Pick<
  ProductParams,
  | 'code'
  | 'kind'
  | 'nameZh'
  | 'minAmountFen'
  | 'repaymentMethods'
  | 'minTermMonths'
  | 'maxTermMonths'
  | 'bulletMaxTermMonths'
  | 'dayCountBasis'
  | 'penaltyUpliftPct'
>;

/** The key (trimmed) and the amount of a drawdown request; refused before anything is read. */
export function drawdownRequest(idempotencyKey: string, input: DrawdownInput): { key: string; amountFen: bigint } {
  const key = idempotencyKey.trim();
  if (!key || key.length > 128) throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  const amountFen = parseYuan(input.amount);
  if (amountFen <= 0n) throw new AppError('INVALID_AMOUNT', { reason: 'must be positive' });
  return { key, amountFen };
}

export interface DrawdownPlan {
  amountFen: bigint;
  /** Exactly one of termMonths and termDays is set (termDays: bullet loans only). */
  termMonths: number | undefined;
  termDays: number | undefined;
  method: RepaymentMethod;
  repaymentDay: number | undefined;
  /** What the line has left after the drawdown: a revolving line keeps the rest, a one-off line is used up. */
  availableAfterFen: bigint;
  /** A one-off line closes with its drawdown. */
  closesLine: boolean;
  /** 质押e贷: the loan's maturity is checked against the earliest pledged certificate. */
  checkPledgeMaturity: boolean;
  creditMemo: string;
  journalMemo: string;
}

/**
 * The outcome of the rules: a plan, or the refusal — with `expireLine` when the refusal is that the
 * line has expired (the command marks it EXPIRED before refusing).
 */
export type DrawdownOutcome = { ok: true; plan: DrawdownPlan } | { ok: false; refusal: AppError; expireLine: boolean };

export interface DrawdownPlanInput {
  amountFen: bigint;
  input: DrawdownInput;
  line: DrawdownLine;
  product: DrawdownProduct;
  block: DrawdownBlock;
  businessDate: IsoDate;
}

const refuse = (refusal: AppError, expireLine = false): DrawdownOutcome => ({ ok: false, refusal, expireLine });

export function planDrawdown({ amountFen, input, line, product, block, businessDate }: DrawdownPlanInput): DrawdownOutcome {
  if (line.status !== 'ACTIVE') return refuse(new AppError('CREDIT_LINE_NOT_ACTIVE', { status: line.status }));
  if (line.expiryDate < businessDate) return refuse(new AppError('CREDIT_LINE_EXPIRED', { expiryDate: line.expiryDate }), true);
  // An open orange or red early-warning alert stops new money until the step lifts it (risk-holds.ts).
  if (line.riskHold) return refuse(new AppError('CUSTOMER_RISK_HOLD'));
  // No new money for a customer in arrears or whose loans are classified badly, whatever the channel.
  if (block.blocked) return refuse(new AppError('CUSTOMER_HAS_OVERDUE', { loans: block.loans, totalPastDue: block.totalPastDue }));
  const available = line.availableFen;
  if (amountFen > available) return refuse(new AppError('CREDIT_LIMIT_EXCEEDED', { available: formatYuan(available) }));
  if (amountFen < product.minAmountFen) {
    return refuse(
      new AppError('AMOUNT_OUT_OF_RANGE', {
        reason: 'BELOW_MINIMUM_DRAWDOWN',
        min: formatYuan(product.minAmountFen),
        available: formatYuan(available),
      }),
    );
  }
  if (!product.repaymentMethods.includes(input.repaymentMethod))
    return refuse(new AppError('METHOD_NOT_ALLOWED', { allowed: product.repaymentMethods }));
  const hasMonths = input.termMonths !== undefined && input.termMonths !== null;
  const hasDays = input.termDays !== undefined && input.termDays !== null;
  if (hasMonths === hasDays) return refuse(new AppError('TERM_OUT_OF_RANGE', { reason: 'give termMonths or (bullet only) termDays' }));
  if (hasDays && input.repaymentMethod !== 'BULLET')
    return refuse(new AppError('TERM_OUT_OF_RANGE', { reason: 'termDays is for bullet repayment only' }));
  const lineMax = Math.min(line.maxTermMonths, input.repaymentMethod === 'BULLET' ? product.bulletMaxTermMonths : product.maxTermMonths);
  const termMonthsEquivalent = hasMonths ? input.termMonths! : Math.ceil(input.termDays! / 30);
  if ((hasMonths && input.termMonths! < product.minTermMonths) || termMonthsEquivalent > lineMax || (hasDays && input.termDays! < 1)) {
    return refuse(new AppError('TERM_OUT_OF_RANGE', { min: product.minTermMonths, max: lineMax }));
  }
  return {
    ok: true,
    plan: {
      amountFen,
      termMonths: hasMonths ? input.termMonths : undefined,
      termDays: hasDays ? input.termDays : undefined,
      method: input.repaymentMethod,
      repaymentDay: input.repaymentDay,
      availableAfterFen: line.revolving ? available - amountFen : 0n,
      closesLine: !line.revolving,
      checkPledgeMaturity: product.kind === 'PLEDGE',
      creditMemo: `${product.nameZh} 放款`,
      journalMemo: `${product.nameZh} 贷款发放 ${formatYuan(amountFen)} 元`,
    },
  };
}

/** 质押e贷: the refusal when the loan would outlive the earliest pledged certificate (or none is pledged). */
export function pledgeMaturityRefusal(loanMaturity: IsoDate, earliestCertificateMaturity: IsoDate | null): AppError | null {
  if (!earliestCertificateMaturity || loanMaturity > earliestCertificateMaturity) {
    return new AppError('PLEDGE_MATURITY_EXCEEDED', { loanMaturity, earliestCertificateMaturity });
  }
  return null;
}

/** The response of a drawdown (drawdownId 0 until the store draws the id). */
export function drawdownResult(
  plan: DrawdownPlan,
  line: DrawdownLine,
  loan: { loanId: number; maturityDate: IsoDate; firstDueDate: IsoDate; firstPaymentFen: bigint },
  accountNoMasked: string,
): DrawdownResult {
  return {
    drawdownId: 0,
    loanId: loan.loanId,
    status: 'DISBURSED',
    amount: formatYuan(plan.amountFen),
    accountNoMasked,
    annualRatePct: line.annualRatePct,
    firstDueDate: loan.firstDueDate,
    maturityDate: loan.maturityDate,
    firstPayment: formatYuan(loan.firstPaymentFen),
    available: formatYuan(plan.availableAfterFen),
  };
}

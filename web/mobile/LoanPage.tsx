/**
 * /m/loans/:id — a loan, its repayment schedule (GET /api/v1/loans/:id with the customer session) and
 * self-service repayment: "立即还款" shows the amount due first and "提前结清" the settlement total
 * (both from GET /settlement-quote), then asks for confirmation. Each submission carries an
 * Idempotency-Key made once and reused when the same submission is retried after a network failure.
 */
import { useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Button, Card, NoticeBar, Result, Space, Tag } from 'antd-mobile';
import { isApiError } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useI18n } from './i18n';
import { mobileApi, type LoanView, type RepaymentResult, type SettlementQuote } from './api';
import { cny, fenToYuan, formatDate, newIdempotencyKey, yuanToFen } from './format';
import { findProduct, useProducts } from './portal';
import { IdentityStep } from './apply/IdentityStep';
import { InfoRow, LoadFailed, Loading, methodLabel, PageShell, ScheduleTable, statusLabel, useAction, useProductName } from './ui';

type PayMode = 'DUE' | 'EARLY_FULL';

/** The servicing figures GET /loans/:id adds (days past due, overdue amounts; yuan strings). */
export type ServicedLoan = LoanView & {
  dpd?: number;
  overduePrincipal?: string;
  overdueInterest?: string;
  penaltyInterestAccrued?: string;
  compoundInterestAccrued?: string;
  settledOn?: string | null;
};

/** What is past due now (overdue principal + interest + penalty + compound), in fen. */
export function overdueFen(l: Partial<ServicedLoan>): bigint {
  return [l.overduePrincipal, l.overdueInterest, l.penaltyInterestAccrued, l.compoundInterestAccrued].reduce<bigint>(
    (a, v) => a + (yuanToFen(v ?? '0') ?? 0n),
    0n,
  );
}

export { fenToYuan };

/** An active loan past due: 已逾期 N 天 (never 还款中, which reads as all is well). */
export function isOverdue(l: Partial<ServicedLoan>): boolean {
  return l.status === 'ACTIVE' && (l.dpd ?? 0) > 0;
}

/** The loan's status in the customer's words: 已逾期 N 天, 还款中, 已结清, 已核销. */
export function loanStatusText(t: ReturnType<typeof useI18n>['t'], l: Partial<ServicedLoan>): string {
  if (isOverdue(l)) return t('m.loanStatus.OVERDUE', { days: String(l.dpd ?? 0) });
  return statusLabel(t, 'm.loanStatus', l.status ?? '');
}

function RepaidResult({ result, onBack }: { result: RepaymentResult; onBack: () => void }) {
  const { t } = useI18n();
  return (
    <Card className="hnm-card" data-testid="m-repay-result">
      <Result status="success" title={result.loanStatus === 'SETTLED' ? t('m.repay.settled') : t('m.repay.done')} />
      <InfoRow label={t('m.repay.paid')} strong testId="m-repay-paid">
        {cny(result.amount)}
      </InfoRow>
      <InfoRow label={t('m.repay.principal')}>{cny(result.principal)}</InfoRow>
      <InfoRow label={t('m.repay.interest')}>{cny(result.interest)}</InfoRow>
      <InfoRow label={t('m.repay.penalty')}>{cny(result.penalty)}</InfoRow>
      <InfoRow label={t('m.repay.compound')}>{cny(result.compound)}</InfoRow>
      <InfoRow label={t('m.repay.remaining')} testId="m-repay-remaining">
        {cny(result.outstandingPrincipal)}
      </InfoRow>
      <Button block size="large" onClick={onBack} data-testid="m-repay-back">
        {t('m.repay.back')}
      </Button>
    </Card>
  );
}

function RepayConfirm({
  mode,
  quote,
  busy,
  onConfirm,
  onCancel,
}: {
  mode: PayMode;
  quote: SettlementQuote;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const amount = mode === 'DUE' ? quote.amountDue : quote.total;
  const penaltyFen = (yuanToFen(quote.penalty) ?? 0n) + (yuanToFen(quote.compound) ?? 0n);
  const penalty = fenToYuan(penaltyFen);
  return (
    <Card className="hnm-card" title={t('m.repay.confirmTitle')} data-testid="m-repay-confirm">
      <div className="hnm-line-available">
        <span className="hnm-muted">{mode === 'DUE' ? t('m.repay.amountDue') : t('m.repay.settleTotal')}</span>
        <strong data-testid="m-repay-amount">{cny(amount)}</strong>
      </div>
      {mode === 'EARLY_FULL' && (
        <div className="hnm-muted hnm-small">
          {t('m.repay.breakdown', { principal: cny(quote.principal), interest: cny(quote.interestToDate), penalty: cny(penalty) })}
        </div>
      )}
      <p>{t(mode === 'DUE' ? 'm.repay.confirmDue' : 'm.repay.confirmSettle', { amount: cny(amount) })}</p>
      <Space direction="vertical" block>
        <Button block color="primary" size="large" loading={busy} onClick={onConfirm} data-testid="m-repay-submit">
          {t('m.repay.confirm')}
        </Button>
        <Button block size="large" onClick={onCancel} disabled={busy}>
          {t('m.repay.cancel')}
        </Button>
      </Space>
    </Card>
  );
}

export function LoanPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const productName = useProductName();
  const products = useProducts();
  const loan = useAsync((signal) => mobileApi.loan(id, signal), [id]);
  const l = loan.data as ServicedLoan | undefined;
  const active = l?.status === 'ACTIVE';
  const quote = useAsync((signal) => mobileApi.settlementQuote(id, signal), [id, l?.outstandingPrincipal], { enabled: active });
  const q = quote.data;
  const [mode, setMode] = useState<PayMode | null>(null);
  const [done, setDone] = useState<RepaymentResult | null>(null);
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const [pay, busy] = useAction(async () => {
    if (!q || !mode) return;
    const body = { amount: mode === 'DUE' ? q.amountDue : q.total, mode };
    const text = JSON.stringify(body);
    if (!attempt.current || attempt.current.body !== text) attempt.current = { body: text, key: newIdempotencyKey() };
    try {
      const r = await mobileApi.repay(id, body, attempt.current.key);
      attempt.current = null;
      setDone(r);
      setMode(null);
      window.scrollTo({ top: 0 });
    } catch (e) {
      // A refusal ends this submission; a network failure or server error keeps the key so pressing again retries it.
      if (isApiError(e) && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) attempt.current = null;
      if (isApiError(e) && e.status === 401) loan.reload();
      throw e;
    }
  });

  if (loan.error && isApiError(loan.error) && loan.error.status === 401) {
    return (
      <PageShell title={t('m.loan.title')}>
        <IdentityStep codes={{}} onVerified={() => loan.reload()} submitLabel={t('m.id.login')} />
      </PageShell>
    );
  }

  if (done) {
    return (
      <PageShell title={t('m.loan.title')}>
        <RepaidResult
          result={done}
          onBack={() => {
            setDone(null);
            loan.reload();
            quote.reload();
          }}
        />
      </PageShell>
    );
  }

  const nothingDue = q ? (yuanToFen(q.amountDue) ?? 0n) <= 0n : true;
  const overdue = l && l.status === 'ACTIVE' ? overdueFen(l) : 0n;

  return (
    <PageShell title={t('m.loan.title')}>
      {loan.loading && !l && <Loading />}
      {loan.error != null && !l && <LoadFailed error={loan.error} onRetry={loan.reload} />}
      {l && (
        <>
          <Card className="hnm-card" data-testid="m-loan">
            <div className="hnm-line-head">
              <span>{productName(l.productCode, findProduct(products.data, l.productCode))}</span>
              <Tag
                color={isOverdue(l) ? 'danger' : l.status === 'ACTIVE' ? 'primary' : 'default'}
                data-testid="m-loan-status"
                data-status={isOverdue(l) ? 'OVERDUE' : l.status}
              >
                {loanStatusText(t, l)}
              </Tag>
            </div>
            {overdue > 0n && (
              <div className="hnm-line-available" data-testid="m-loan-overdue-due">
                <span className="hnm-muted">{t('m.loan.overdueDue')}</span>
                <strong data-testid="m-loan-overdue-amount" style={{ color: 'var(--adm-color-danger)' }}>
                  {cny(fenToYuan(overdue))}
                </strong>
              </div>
            )}
            {overdue > 0n && (
              <NoticeBar
                color="alert"
                wrap
                data-testid="m-loan-overdue"
                content={t('m.loan.overdue', { days: String(l.dpd ?? 0), amount: cny(fenToYuan(overdue)) })}
              />
            )}
            <InfoRow label={t('m.loan.principal')} strong>
              {cny(l.principal)}
            </InfoRow>
            <InfoRow label={t('m.loan.outstanding')} testId="m-loan-outstanding">
              {cny(l.outstandingPrincipal)}
            </InfoRow>
            {l.status === 'SETTLED' && l.settledOn && (
              <InfoRow label={t('m.loan.settledOn')} testId="m-loan-settled-on">
                {formatDate(l.settledOn)}
              </InfoRow>
            )}
            <InfoRow label={t('m.line.rate')}>{l.annualRatePct}%</InfoRow>
            <InfoRow label={t('m.apply.method')}>{methodLabel(t, l.repaymentMethod)}</InfoRow>
            <InfoRow label={t('m.apply.term')}>
              {l.termMonths ? t('m.months', { n: l.termMonths }) : t('m.days', { n: l.termDays ?? 0 })}
            </InfoRow>
            <InfoRow label={t('m.loan.start')}>{formatDate(l.startDate)}</InfoRow>
            <InfoRow label={t('m.draw.maturity')}>{formatDate(l.maturityDate)}</InfoRow>
          </Card>
          {active && q && mode && (
            <RepayConfirm mode={mode} quote={q} busy={busy} onConfirm={() => void pay()} onCancel={() => setMode(null)} />
          )}
          {active && q && !mode && (
            <Card className="hnm-card" data-testid="m-repay">
              <InfoRow label={t('m.repay.amountDue')} strong testId="m-repay-due">
                {cny(q.amountDue)}
              </InfoRow>
              <InfoRow label={t('m.repay.settleTotal')} testId="m-repay-total">
                {cny(q.total)}
              </InfoRow>
              {nothingDue && <div className="hnm-muted hnm-small">{t('m.repay.nothingDue')}</div>}
              <Space direction="vertical" block>
                <Button block color="primary" size="large" disabled={nothingDue} onClick={() => setMode('DUE')} data-testid="m-repay-now">
                  {t('m.repay.now')}
                </Button>
                <Button block size="large" onClick={() => setMode('EARLY_FULL')} data-testid="m-repay-settle">
                  {t('m.repay.settle')}
                </Button>
              </Space>
            </Card>
          )}
          {active && quote.loading && !q && <Loading />}
          {active && quote.error != null && !q && <LoadFailed error={quote.error} onRetry={quote.reload} />}
          <Card className="hnm-card" title={t('m.loan.schedule')}>
            <ScheduleTable installments={l.schedule ?? []} testId="m-loan-schedule" />
            <div className="hnm-muted hnm-small">{t('m.loan.autoDebit')}</div>
          </Card>
        </>
      )}
    </PageShell>
  );
}

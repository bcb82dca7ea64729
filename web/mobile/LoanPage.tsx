/** /m/loans/:id — a loan and its repayment schedule (GET /api/v1/loans/:id with the customer session). */
import { useParams } from 'react-router-dom';
import { Card, Tag } from 'antd-mobile';
import { isApiError } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useI18n } from './i18n';
import { mobileApi } from './api';
import { cny, formatDate } from './format';
import { findProduct, useProducts } from './portal';
import { IdentityStep } from './apply/IdentityStep';
import { InfoRow, LoadFailed, Loading, methodLabel, PageShell, ScheduleTable, statusLabel, useProductName } from './ui';

export function LoanPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const productName = useProductName();
  const products = useProducts();
  const loan = useAsync((signal) => mobileApi.loan(id, signal), [id]);
  const l = loan.data;

  if (loan.error && isApiError(loan.error) && loan.error.status === 401) {
    return (
      <PageShell title={t('m.loan.title')}>
        <IdentityStep codes={{}} onVerified={() => loan.reload()} submitLabel={t('m.id.login')} />
      </PageShell>
    );
  }

  return (
    <PageShell title={t('m.loan.title')}>
      {loan.loading && !l && <Loading />}
      {loan.error != null && !l && <LoadFailed error={loan.error} onRetry={loan.reload} />}
      {l && (
        <>
          <Card className="hnm-card" data-testid="m-loan">
            <div className="hnm-line-head">
              <span>{productName(l.productCode, findProduct(products.data, l.productCode))}</span>
              <Tag color={l.status === 'ACTIVE' ? 'primary' : 'default'}>{statusLabel(t, 'm.loanStatus', l.status)}</Tag>
            </div>
            <InfoRow label={t('m.loan.principal')} strong>
              {cny(l.principal)}
            </InfoRow>
            <InfoRow label={t('m.loan.outstanding')} testId="m-loan-outstanding">
              {cny(l.outstandingPrincipal)}
            </InfoRow>
            <InfoRow label={t('m.line.rate')}>{l.annualRatePct}%</InfoRow>
            <InfoRow label={t('m.apply.method')}>{methodLabel(t, l.repaymentMethod)}</InfoRow>
            <InfoRow label={t('m.apply.term')}>{l.termMonths ? t('m.months', { n: l.termMonths }) : t('m.days', { n: l.termDays ?? 0 })}</InfoRow>
            <InfoRow label={t('m.loan.start')}>{formatDate(l.startDate)}</InfoRow>
            <InfoRow label={t('m.draw.maturity')}>{formatDate(l.maturityDate)}</InfoRow>
          </Card>
          <Card className="hnm-card" title={t('m.loan.schedule')}>
            <ScheduleTable installments={l.schedule ?? []} testId="m-loan-schedule" />
            <div className="hnm-muted hnm-small">{t('m.loan.autoDebit')}</div>
          </Card>
        </>
      )}
    </PageShell>
  );
}

/** /m/me — my applications, credit lines and loans (GET /portal/me); my referral link, QR code and rewards; log out. */
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Dialog, Empty, List, Tag, Toast } from 'antd-mobile';
import { isApiError } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useI18n } from './i18n';
import { codesFromSearch, mobileApi, type ApplicationStatus, type MyApplication, type MyLoan } from './api';
import { cny, formatDate, formatDateTime } from './format';
import { findProduct, usePortal, useProducts } from './portal';
import { IdentityStep } from './apply/IdentityStep';
import { LoadFailed, Loading, PageShell, statusLabel, useAction, useProductName } from './ui';
import { fenToYuan, isOverdue, loanStatusText, overdueFen, type ServicedLoan } from './LoanPage';
import { RemindersCard } from './RemindersCard';
import { ReferralCard } from './ReferralCard';

const APP_COLORS: Partial<Record<string, string>> = {
  APPROVED: 'success',
  DECLINED: 'danger',
  REFERRED: 'warning',
  MANUAL_REVIEW: '#722ed1',
  PENDING_GUARANTEE: 'primary',
} satisfies Partial<Record<ApplicationStatus, string>>;

/** A loan of GET /portal/me (ids only there): the rest comes from GET /loans/:id. */
function LoanItem({ loan, name }: { loan: MyLoan; name: (code: string) => string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const complete = !!loan.productCode && !!loan.principal;
  const full = useAsync((signal) => mobileApi.loan(loan.id, signal), [loan.id], { enabled: !complete });
  const l = (complete ? loan : { ...loan, ...(full.data ?? {}) }) as MyLoan & Partial<ServicedLoan>;
  const overdue = isOverdue(l);
  const outstanding = cny(l.outstandingPrincipal ?? l.principal ?? '0');
  // An overdue loan leads with what is due now, then the rest.
  const description = !l.principal
    ? undefined
    : overdue
      ? t('m.me.loanOverdueDesc', { amount: cny(fenToYuan(overdueFen(l))), outstanding })
      : t('m.me.loanDesc', { outstanding, maturity: formatDate(l.maturityDate) });
  return (
    <List.Item
      onClick={() => navigate(`/loans/${encodeURIComponent(String(l.id))}`)}
      description={description}
      extra={
        l.status ? (
          <Tag color={overdue ? 'danger' : 'default'} data-testid={`m-me-loan-status-${l.id}`} data-status={overdue ? 'OVERDUE' : l.status}>
            {loanStatusText(t, l)}
          </Tag>
        ) : undefined
      }
      data-testid={`m-me-loan-${l.id}`}
    >
      {l.productCode ? `${name(l.productCode)} · ${cny(l.principal)}` : t('m.me.loanNo', { id: String(l.id) })}
    </List.Item>
  );
}

export function MePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const codes = useMemo(() => codesFromSearch(params), [params]);
  const portal = usePortal();
  const productName = useProductName();
  const products = useProducts();
  const me = useAsync((signal) => mobileApi.me(signal), []);
  const name = (code: string) => productName(code, findProduct(products.data, code));

  const [logout, loggingOut] = useAction(async () => {
    await mobileApi.logout().catch((e: unknown) => {
      if (!(isApiError(e) && e.status === 401)) throw e;
    });
    portal.forget();
    me.setData(undefined);
    me.reload();
    Toast.show({ content: t('m.me.loggedOut') });
  });

  if (me.error && isApiError(me.error) && me.error.status === 401 && !me.data) {
    return (
      <PageShell title={t('m.me.title')}>
        <IdentityStep codes={codes} onVerified={() => me.reload()} submitLabel={t('m.id.login')} />
      </PageShell>
    );
  }

  const data = me.data;
  const openApplication = (a: MyApplication) => {
    if (a.status === 'APPROVED' && a.creditLineId !== null && a.creditLineId !== undefined)
      navigate(`/lines/${encodeURIComponent(String(a.creditLineId))}`);
  };
  const referralUrl = data?.customer.referralCode
    ? `${window.location.origin}/m/?ref=${encodeURIComponent(data.customer.referralCode)}`
    : null;

  return (
    <PageShell title={t('m.me.title')} onBack={() => navigate('/', { replace: true })}>
      {me.loading && !data && <Loading />}
      {me.error != null && !data && <LoadFailed error={me.error} onRetry={me.reload} />}
      {data && (
        <div data-testid="m-me-page">
          <Card className="hnm-card hnm-me-head">
            <div className="hnm-me-name" data-testid="m-me-name">
              {t('m.me.hello', { name: data.customer.nameMasked })}
            </div>
            <div className="hnm-muted">{data.customer.mobileMasked}</div>
            {referralUrl && (
              <div className="hnm-referral">
                <div>{t('m.me.referral', { code: data.customer.referralCode ?? '' })}</div>
                <button
                  type="button"
                  className="hnm-text-btn"
                  onClick={() =>
                    void Dialog.alert({
                      title: t('m.me.referralTitle'),
                      content: <div className="hnm-link-break">{referralUrl}</div>,
                      confirmText: t('m.ok'),
                    })
                  }
                  data-testid="m-referral-link"
                >
                  {t('m.me.referralShow')}
                </button>
              </div>
            )}
          </Card>

          <h2 className="hnm-section-title hnm-pad">{t('m.me.lines')}</h2>
          {data.creditLines.length === 0 ? (
            <Empty description={t('m.me.noLines')} />
          ) : (
            <List mode="card">
              {data.creditLines.map((l) => (
                <List.Item
                  key={String(l.id)}
                  onClick={() => navigate(`/lines/${encodeURIComponent(String(l.id))}`)}
                  description={t('m.me.lineDesc', { limit: cny(l.limit), expiry: formatDate(l.expiryDate) })}
                  extra={<Tag color={l.status === 'ACTIVE' ? 'success' : 'danger'}>{statusLabel(t, 'm.lineStatus', l.status)}</Tag>}
                  data-testid={`m-me-line-${l.id}`}
                >
                  {name(l.productCode)} · {t('m.line.available')} {cny(l.available)}
                </List.Item>
              ))}
            </List>
          )}

          <h2 className="hnm-section-title hnm-pad">{t('m.me.loans')}</h2>
          {data.loans.length === 0 ? (
            <Empty description={t('m.me.noLoans')} />
          ) : (
            <List mode="card">
              {data.loans.map((l) => (
                <LoanItem key={String(l.id)} loan={l} name={name} />
              ))}
            </List>
          )}

          <ReferralCard />

          <RemindersCard />

          <h2 className="hnm-section-title hnm-pad">{t('m.me.applications')}</h2>
          {data.applications.length === 0 ? (
            <Empty description={t('m.me.noApplications')} />
          ) : (
            <List mode="card">
              {data.applications.map((a) => (
                <List.Item
                  key={String(a.id)}
                  onClick={a.status === 'APPROVED' && a.creditLineId ? () => openApplication(a) : undefined}
                  description={[
                    a.requestedAmount ? t('m.me.appRequested', { amount: cny(a.requestedAmount) }) : null,
                    a.status === 'APPROVED' && a.approvedLimit ? t('m.me.appLimit', { amount: cny(a.approvedLimit) }) : null,
                    a.createdAt ? formatDateTime(a.createdAt) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                  extra={<Tag color={APP_COLORS[a.status] ?? 'default'}>{statusLabel(t, 'm.appStatus', a.status)}</Tag>}
                  data-testid={`m-me-application-${a.id}`}
                >
                  {name(a.productCode)}
                </List.Item>
              ))}
            </List>
          )}

          <div className="hnm-actions">
            <Button block color="primary" size="large" onClick={() => navigate('/')}>
              {t('m.me.applyMore')}
            </Button>
            <Button block size="large" loading={loggingOut} onClick={() => void logout()} data-testid="m-logout">
              {t('m.me.logout')}
            </Button>
          </div>
        </div>
      )}
    </PageShell>
  );
}

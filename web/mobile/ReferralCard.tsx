/** My page's 转介有礼: my referral code, its QR code and share link, and the rewards it earned me (GET /portal/referral). */
import { Card, Empty, List, Tag } from 'antd-mobile';
import { useAsync } from '../shared/useAsync';
import { useI18n } from './i18n';
import { mobileApi } from './api';
import { cny, formatDate } from './format';

const STATUS_COLORS = { PAID: 'success', PENDING: 'warning', REJECTED: 'default' } as const;

export function ReferralCard() {
  const { t } = useI18n();
  const referral = useAsync((signal) => mobileApi.referral(signal), []);
  const data = referral.data;
  if (!data) return null;
  return (
    <>
      <h2 className="hnm-section-title hnm-pad">{t('m.ref.title')}</h2>
      <Card className="hnm-card" data-testid="m-referral">
        <div className="hnm-muted">{t('m.ref.intro')}</div>
        <div data-testid="m-referral-code">{t('m.ref.code', { code: data.code })}</div>
        <img src={data.qrDataUrl} alt={t('m.ref.qrAlt')} width={160} height={160} data-testid="m-referral-qr" />
        <div className="hnm-link-break" data-testid="m-referral-url">
          {data.link}
        </div>
        <div data-testid="m-referral-paid-total">{t('m.ref.paidTotal', { amount: cny(data.paidTotal) })}</div>
        {data.rewards.length === 0 ? (
          <Empty description={t('m.ref.none')} />
        ) : (
          <List>
            {data.rewards.map((r) => (
              <List.Item
                key={r.id}
                description={[
                  t('m.ref.rewardDesc', { date: formatDate(r.paidOn ?? r.businessDate), name: r.referredNameMasked ?? '' }),
                  r.reason ? t(`m.ref.reason.${r.reason}`) : null,
                ]
                  .filter(Boolean)
                  .join(' · ')}
                extra={
                  <Tag color={STATUS_COLORS[r.status]} data-testid={`m-referral-reward-status-${r.id}`} data-status={r.status}>
                    {t(`m.ref.status.${r.status}`)}
                  </Tag>
                }
                data-testid={`m-referral-reward-${r.id}`}
              >
                {cny(r.amount)}
              </List.Item>
            ))}
          </List>
        )}
      </Card>
    </>
  );
}

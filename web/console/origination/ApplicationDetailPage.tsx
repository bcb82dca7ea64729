/** /applications/:id — one application with its decision explained. */
import { Link, useParams } from 'react-router-dom';
import { Alert, Button, Card, Result, Space, Spin } from 'antd';
import { ArrowLeftOutlined, AuditOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { originationApi } from './api';
import { ApplicantSection, ConsentsSection, DecisionSection, EventsSection, GuaranteeSection, PledgesTable } from './ApplicationView';
import { ApplicationStatusTag } from './ui';

export function ApplicationDetailPage() {
  const { t } = useI18n();
  const can = useCan();
  const { id = '' } = useParams();
  const { data: app, loading, error, reload } = useAsync((signal) => originationApi.application(id, signal), [id], { onError: showError });

  const back = (
    <Link to="/applications">
      <Button icon={<ArrowLeftOutlined />}>{t('orig.backToList')}</Button>
    </Link>
  );

  if (loading && !app) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (!app) {
    return isApiError(error) && error.status === 404 ? (
      <Result status="404" subTitle={error.message} extra={back} />
    ) : (
      <Alert type="error" showIcon title={isApiError(error) ? error.message : String(error ?? '')} action={back} />
    );
  }

  const decidable = (app.status === 'REFERRED' || app.status === 'MANUAL_REVIEW') && can('application:decide');

  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('orig.detail.title', { id: String(app.id) })}
            <ApplicationStatusTag status={app.status} />
          </Space>
        }
        subtitle={t('orig.detail.subtitle')}
        extra={
          <Space>
            {back}
            {decidable && (
              <Link to={`/referrals?id=${encodeURIComponent(String(app.id))}`}>
                <Button type="primary" icon={<AuditOutlined />} data-testid="application-decide">
                  {t('orig.detail.decide')}
                </Button>
              </Link>
            )}
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="application-detail">
        <Card title={t('orig.section.applicant')}>
          <ApplicantSection app={app} />
        </Card>
        <Card title={t('orig.section.decision')}>
          <DecisionSection app={app} />
        </Card>
        <Card title={t('orig.section.consents')}>
          <ConsentsSection consents={app.consents} />
        </Card>
        {(app.guarantees.length > 0 || app.productCode === 'BAOZHENG_E_DAI') && (
          <Card title={t(app.guarantees.some((g) => g.role === 'CO_BORROWER') ? 'orig.section.parties' : 'orig.section.guarantee')}>
            <GuaranteeSection guarantees={app.guarantees} />
          </Card>
        )}
        {/* An application carries no pledges: they are held on its credit line, which the card links to. */}
        {app.productCode === 'ZHIYA_E_DAI' && (
          <Card title={t('orig.section.pledges')}>
            {app.creditLineId !== null ? (
              <Link to={`/credit-lines/${encodeURIComponent(String(app.creditLineId))}`} data-testid="application-pledges-on-line">
                {t('orig.pledges.onLine', { id: app.creditLineId })}
              </Link>
            ) : (
              <PledgesTable pledges={[]} />
            )}
          </Card>
        )}
        <Card title={t('orig.section.events')}>
          <EventsSection app={app} />
        </Card>
      </Space>
    </>
  );
}

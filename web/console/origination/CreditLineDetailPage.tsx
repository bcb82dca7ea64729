/**
 * /credit-lines/:id — limit, available, used, drawn and (one-off lines) closed, status and expiry,
 * whether the customer may draw now (loans past due or badly classified), the pledged certificates,
 * the guarantee, the loans drawn on it; freeze (at once) and a request to unfreeze (applied when a
 * second person approves it) with a reason, and release of pledges, for staff with credit-line:manage.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Progress,
  Result,
  Space,
  Spin,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, LockOutlined, ReloadOutlined, UnlockOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { originationApi, type CreditLine, type LoanListItem } from './api';
import { GuaranteeSection, PledgesTable } from './ApplicationView';
import { usedPercent, yuan } from './money';
import { CreditLineStatusTag, useProducts } from './ui';

function FreezeModal({
  line,
  mode,
  onClose,
  onDone,
}: {
  line: CreditLine;
  mode: 'freeze' | 'unfreeze' | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const text = reason.trim();
    if (!text) {
      setError(true);
      return;
    }
    setBusy(true);
    try {
      if (mode === 'freeze') {
        await originationApi.freeze(line.id, text);
        showSuccess(t('orig.line.frozen'));
      } else {
        const r = await originationApi.unfreeze(line.id, text);
        showSuccess(r.status === 'PENDING' ? t('orig.line.unfreezeRequested', { id: String(r.reviewRequestId) }) : t('orig.line.unfrozen'));
      }
      setReason('');
      onDone();
      onClose();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={mode !== null}
      title={t(mode === 'freeze' ? 'orig.line.freezeTitle' : 'orig.line.unfreezeTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={busy}
      okText={t(mode === 'freeze' ? 'orig.line.freeze' : 'orig.line.unfreeze')}
      okButtonProps={{ danger: mode === 'freeze', ...({ 'data-testid': 'line-freeze-submit' } as object) }}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item
          label={t('orig.line.reason')}
          required
          validateStatus={error ? 'error' : undefined}
          help={error ? t('orig.line.reasonRequired') : undefined}
        >
          <Input.TextArea
            rows={3}
            maxLength={300}
            showCount
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              if (e.target.value.trim()) setError(false);
            }}
            data-testid="line-freeze-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function CreditLineDetailPage() {
  const { t } = useI18n();
  const can = useCan();
  const { id = '' } = useParams();
  const products = useProducts();
  const [mode, setMode] = useState<'freeze' | 'unfreeze' | null>(null);
  const { data: line, loading, error, reload } = useAsync((signal) => originationApi.creditLine(id, signal), [id], { onError: showError });
  const customer = useAsync((signal) => originationApi.customer(line!.customerId, signal), [line?.customerId], {
    enabled: !!line && !line.customerNameMasked && can('customer:read'),
  });
  const loans = useAsync(
    (signal) => (line ? originationApi.loansOfCustomer(line.customerId, signal) : Promise.resolve(undefined)),
    [line?.customerId],
    { enabled: !!line && can('loan:read') },
  );

  const back = (
    <Link to="/credit-lines">
      <Button icon={<ArrowLeftOutlined />}>{t('orig.lines.back')}</Button>
    </Link>
  );
  if (loading && !line) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
  if (!line) {
    return isApiError(error) && error.status === 404 ? (
      <Result status="404" subTitle={error.message} extra={back} />
    ) : (
      <Alert type="error" showIcon title={isApiError(error) ? error.message : String(error ?? '')} action={back} />
    );
  }

  const canManage = can('credit-line:manage');
  const lineLoans = (loans.data?.items ?? []).filter((l) => l.creditLineId === undefined || String(l.creditLineId) === String(line.id));
  const hasPledged = (line.pledges ?? []).some((p) => p.status === 'PLEDGED');

  const releasePledge = async () => {
    try {
      await originationApi.releasePledge(line.id);
      showSuccess(t('orig.line.released'));
      reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <Space>
            {t('orig.line.title', { id: String(line.id) })}
            <CreditLineStatusTag status={line.status} />
          </Space>
        }
        subtitle={products.nameOf(line.productCode)}
        extra={
          <Space wrap>
            {back}
            {canManage && line.status === 'ACTIVE' && (
              <Button danger icon={<LockOutlined />} onClick={() => setMode('freeze')} data-testid="line-freeze">
                {t('orig.line.freeze')}
              </Button>
            )}
            {canManage && line.status === 'FROZEN' && (
              <Button icon={<UnlockOutlined />} onClick={() => setMode('unfreeze')} data-testid="line-unfreeze">
                {t('orig.line.unfreeze')}
              </Button>
            )}
            {canManage && hasPledged && (
              <Popconfirm title={t('orig.line.releaseConfirm')} onConfirm={() => void releasePledge()}>
                <Button data-testid="line-release-pledge">{t('orig.line.release')}</Button>
              </Popconfirm>
            )}
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </Space>
        }
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="line-detail">
        <Card>
          <Space size={48} wrap>
            <Statistic title={t('orig.limit')} value={yuan(line.limit)} />
            <Statistic title={t('orig.available')} value={yuan(line.available)} valueStyle={{ color: '#1a7f5a' }} />
            <Statistic title={t('orig.used')} value={yuan(line.used)} />
            {line.drawn !== undefined && <Statistic title={t('orig.line.drawn')} value={yuan(line.drawn)} data-testid="line-drawn" />}
            {line.closed !== undefined && (!line.revolving || line.closed !== '0.00') && (
              <Statistic title={t('orig.line.closed')} value={yuan(line.closed)} data-testid="line-closed" />
            )}
          </Space>
          <Progress
            percent={usedPercent(line.limit, line.available, line.used)}
            status={line.status === 'FROZEN' ? 'exception' : 'active'}
            style={{ marginTop: 16 }}
            data-testid="line-used"
          />
          {line.status === 'FROZEN' && line.freezeReason && (
            <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('orig.line.frozenBecause', { reason: line.freezeReason })} />
          )}
          {!line.revolving && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('orig.line.oneOffNote')}
            </Typography.Paragraph>
          )}
          {line.drawdownBlock?.blocked && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 12 }}
              data-testid="line-drawdown-blocked"
              title={t('orig.line.blocked', { amount: yuan(line.drawdownBlock.totalPastDue) })}
              description={
                <Space orientation="vertical" size={2}>
                  {line.drawdownBlock.loans.map((l) => (
                    <span key={String(l.loanId)}>
                      <Link to={`/loans/${encodeURIComponent(String(l.loanId))}`}>#{l.loanId}</Link>{' '}
                      {t('orig.line.blockedLoan', {
                        dpd: l.dpd,
                        cls: tryT(t, `orig.class.${l.classification}`, l.classificationZh),
                        amount: yuan(l.pastDue),
                      })}
                    </span>
                  ))}
                </Space>
              }
            />
          )}
        </Card>
        <Card title={t('orig.line.facts')}>
          <Descriptions
            size="small"
            bordered
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              {
                key: 'customer',
                label: t('orig.customer'),
                children: `${line.customerNameMasked ?? customer.data?.nameMasked ?? ''}${customer.data ? ` · ${customer.data.mobileMasked}` : ''} (#${line.customerId})`,
              },
              { key: 'product', label: t('orig.product'), children: products.nameOf(line.productCode) },
              { key: 'revolving', label: t('orig.revolving'), children: line.revolving ? t('common.yes') : t('common.no') },
              { key: 'rate', label: t('orig.rate'), children: `${line.annualRatePct}%` },
              { key: 'maxTerm', label: t('orig.maxTerm'), children: t('orig.months', { n: line.maxTermMonths }) },
              { key: 'opened', label: t('orig.openedOn'), children: line.openedOn },
              { key: 'expiry', label: t('orig.expiry'), children: line.expiryDate },
              {
                key: 'app',
                label: t('orig.application'),
                children: (
                  <Link to={`/applications/${encodeURIComponent(String(line.applicationId))}`} data-testid="line-application-link">
                    #{line.applicationId}
                  </Link>
                ),
              },
              { key: 'status', label: t('common.status'), children: <CreditLineStatusTag status={line.status} /> },
            ]}
          />
        </Card>
        {(line.pledges?.length ?? 0) > 0 && (
          <Card title={t('orig.section.pledges')}>
            <PledgesTable pledges={line.pledges} />
          </Card>
        )}
        {line.guarantee && (
          <Card title={t('orig.section.guarantee')}>
            <GuaranteeSection guarantees={[line.guarantee]} />
          </Card>
        )}
        <Card title={t('orig.line.loans')}>
          {!can('loan:read') ? (
            <Typography.Text type="secondary">{t('orig.line.loansNoPermission')}</Typography.Text>
          ) : loans.error ? (
            <Typography.Text type="secondary">
              {isApiError(loans.error) ? loans.error.message : t('orig.line.loansUnavailable')}
            </Typography.Text>
          ) : (
            <Table<LoanListItem>
              size="small"
              rowKey={(l) => String(l.id)}
              loading={loans.loading}
              dataSource={lineLoans}
              pagination={false}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orig.line.noLoans')} /> }}
              data-testid="line-loans"
              columns={[
                {
                  title: t('orig.loanId'),
                  dataIndex: 'id',
                  width: 90,
                  render: (id: string | number) => (
                    <Link to={`/loans/${encodeURIComponent(String(id))}`} data-testid={`line-loan-${id}`}>
                      #{id}
                    </Link>
                  ),
                },
                { title: t('orig.principal'), dataIndex: 'principal', align: 'right', render: (v: string) => yuan(v) },
                { title: t('orig.outstanding'), dataIndex: 'outstandingPrincipal', align: 'right', render: (v?: string) => yuan(v) },
                { title: t('orig.rate'), dataIndex: 'annualRatePct', render: (v?: string) => (v ? `${v}%` : '—') },
                { title: t('orig.startDate'), dataIndex: 'startDate' },
                { title: t('orig.maturity'), dataIndex: 'maturityDate' },
                { title: t('common.status'), dataIndex: 'status', render: (s: string) => tryT(t, `orig.loanStatus.${s}`, s) },
              ]}
            />
          )}
        </Card>
      </Space>
      <FreezeModal line={line} mode={mode} onClose={() => setMode(null)} onDone={reload} />
    </>
  );
}

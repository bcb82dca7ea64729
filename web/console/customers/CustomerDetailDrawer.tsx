/**
 * One customer, masked. Holders of pii:unmask can show the full name, ID number and mobile: the
 * server records every such view in the audit log, so the user confirms first.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Divider, Drawer, Empty, Result, Spin, Tag, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { isApiError, type Id } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { customerApi, type CustomerDetail, type CustomerPii } from './api';
import { ProfileSection } from './ProfileSection';

interface Props {
  customerId: Id | null;
  onClose: () => void;
}

export function CustomerDetailDrawer({ customerId, onClose }: Props) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const can = useCan();
  const canUnmask = can('pii:unmask');
  const [pii, setPii] = useState<CustomerPii | null>(null);
  const [unmasking, setUnmasking] = useState(false);

  // Full data never outlives the customer it belongs to.
  useEffect(() => setPii(null), [customerId]);
  // An officer opening the file is the moment "543" starts counting (5 minutes to lock the customer).
  useEffect(() => {
    if (customerId !== null && can('application:create')) void customerApi.lock(customerId).catch(() => undefined);
  }, [customerId, can]);

  const {
    data: customer,
    loading,
    error,
    reload,
  } = useAsync((signal) => (customerId === null ? Promise.resolve(undefined) : customerApi.one(customerId, signal)), [customerId], {
    enabled: customerId !== null,
    onError: showError,
  });

  const unmask = (c: CustomerDetail) => {
    modal.confirm({
      title: t('customers.unmask'),
      content: t('customers.unmaskConfirm'),
      okButtonProps: { 'data-testid': 'customer-unmask-confirm' } as Record<string, string>,
      onOk: async () => {
        setUnmasking(true);
        try {
          setPii(await customerApi.pii(c.id));
        } catch (e) {
          showError(e);
        } finally {
          setUnmasking(false);
        }
      },
    });
  };

  const renderBody = (c: CustomerDetail) => (
    <>
      <Descriptions
        title={t('customers.basic')}
        column={1}
        size="small"
        bordered
        items={[
          { key: 'name', label: t('customers.name'), children: <span data-testid="customer-name">{pii?.name ?? c.nameMasked}</span> },
          {
            key: 'idNumber',
            label: t('customers.idNumber'),
            children: (
              <span className="hn-mono" data-testid="customer-id-number">
                {pii?.idNumber ?? c.idNumberMasked}
              </span>
            ),
          },
          {
            key: 'mobile',
            label: t('customers.mobile'),
            children: (
              <span className="hn-mono" data-testid="customer-mobile">
                {pii?.mobile ?? c.mobileMasked}
              </span>
            ),
          },
          { key: 'kind', label: t('customers.kind'), children: <Tag>{tryT(t, `customers.kind.${c.kind}`, c.kind)}</Tag> },
          { key: 'age', label: t('customers.age'), children: c.age },
          { key: 'sex', label: t('customers.sex'), children: tryT(t, `customers.sex.${c.sex}`, c.sex) },
          { key: 'region', label: t('customers.region'), children: <span className="hn-mono">{c.regionCode}</span> },
          { key: 'residence', label: t('customers.residence'), children: c.residence ?? '—' },
          { key: 'branch', label: t('customers.branch'), children: c.branchName ?? '—' },
          { key: 'officer', label: t('customers.officer'), children: c.officerName ?? t('customers.unassigned') },
          { key: 'firstSeen', label: t('customers.firstSeen'), children: c.firstSeenDate },
          { key: 'years', label: t('customers.yearsAsCustomer'), children: t('customers.years', { n: c.yearsAsCustomer }) },
          { key: 'created', label: t('common.createdAt'), children: formatDateTime(c.createdAt) },
        ]}
      />
      {pii && (
        <Alert
          style={{ marginTop: 12 }}
          type="warning"
          showIcon
          title={t('customers.unmaskedTitle')}
          description={t('customers.unmaskedTip')}
          data-testid="customer-unmasked"
        />
      )}
      {canUnmask && !pii && (
        <Button
          style={{ marginTop: 12 }}
          icon={<EyeOutlined />}
          loading={unmasking}
          onClick={() => unmask(c)}
          data-testid="customer-unmask"
        >
          {t('customers.unmask')}
        </Button>
      )}
      <Divider titlePlacement="start">{t('customers.profile')}</Divider>
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'occupation', label: t('customers.occupation'), children: c.occupation ?? '—' },
          { key: 'income', label: t('customers.monthlyIncome'), children: <span className="hn-mono">{c.monthlyIncome ?? '—'}</span> },
          ...(c.kind === 'INDIVIDUAL_BUSINESS'
            ? [
                { key: 'businessName', label: t('customers.businessName'), children: c.businessName ?? '—' },
                {
                  key: 'creditCode',
                  label: t('customers.creditCode'),
                  children: <Typography.Text className="hn-mono">{c.creditCode ?? '—'}</Typography.Text>,
                },
              ]
            : []),
        ]}
      />
      <ProfileSection customer={c} onChanged={reload} />
    </>
  );

  let body;
  if (loading && !customer) body = <Spin style={{ display: 'block', margin: '48px auto' }} />;
  else if (error && isApiError(error) && error.status === 404) body = <Result status="404" subTitle={t('customers.notFound')} />;
  else if (error && !customer) body = <Alert type="error" showIcon title={isApiError(error) ? error.message : String(error)} />;
  else if (customer) body = renderBody(customer);
  else body = <Empty />;

  return (
    <Drawer
      open={customerId !== null}
      onClose={onClose}
      size={720}
      title={customer ? `${t('customers.detailTitle')} · ${pii?.name ?? customer.nameMasked}` : t('customers.detailTitle')}
      destroyOnHidden
      data-testid="customer-drawer"
    >
      <Spin spinning={loading && !!customer}>{body}</Spin>
    </Drawer>
  );
}

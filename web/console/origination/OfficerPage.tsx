/**
 * 客户经理工具: my QR code (customers who scan it arrive with my officer code), the officer-assisted
 * application, pre-credit cards (a printed pre-approved limit with its own QR code), and the 543
 * service events (locking a customer, recommending a product).
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import dayjs, { type Dayjs } from 'dayjs';
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { originationApi, type CustomerOption, type PreCreditCard } from './api';
import { AssistedApplyForm } from './AssistedApplyForm';
import { absoluteUrl, fenToYuan, yuan, yuanToFen } from './money';
import { useProducts } from './ui';
import { amountRule, idNumberRule, normalizeIdNumber } from './validators';

function QrImage({ src, alt, testId, filename }: { src: string; alt: string; testId: string; filename: string }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" align="center">
      <img src={src} alt={alt} data-testid={testId} />
      <a href={src} download={filename}>
        <Button size="small" icon={<DownloadOutlined />}>
          {t('orig.officer.downloadQr')}
        </Button>
      </a>
    </Space>
  );
}

function MyQrPanel() {
  const { t } = useI18n();
  const { data, loading, error, reload } = useAsync((signal) => originationApi.myQr(signal), [], { onError: showError });
  if (loading && !data) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (!data)
    return (
      <Alert
        type="error"
        showIcon
        title={error instanceof Error ? error.message : t('orig.officer.qrFailed')}
        action={<Button onClick={reload}>{t('common.refresh')}</Button>}
      />
    );
  return (
    <div className="hn-orig-qr" data-testid="officer-qr-panel">
      <QrImage src={data.qrDataUrl} alt={t('orig.officer.myQr')} testId="officer-qr" filename={`officer-${data.officerCode}.png`} />
      <Space orientation="vertical" size={8} style={{ maxWidth: 520 }}>
        <Typography.Text>
          {t('orig.officer.code')}：
          <Typography.Text code copyable data-testid="officer-code">
            {data.officerCode}
          </Typography.Text>
        </Typography.Text>
        <Typography.Text>{t('orig.officer.link')}：</Typography.Text>
        <Typography.Link href={absoluteUrl(data.url)} target="_blank" copyable className="hn-orig-link" data-testid="officer-qr-link">
          {absoluteUrl(data.url)}
        </Typography.Link>
        <Typography.Text type="secondary">{t('orig.officer.qrHint')}</Typography.Text>
      </Space>
    </div>
  );
}

interface CardValues {
  name: string;
  idNumber: string;
  productCode: string;
  limit: string;
  validUntil: Dayjs;
}

function PreCreditCardPanel() {
  const { t } = useI18n();
  const can = useCan();
  const products = useProducts();
  const [form] = Form.useForm<CardValues>();
  const [issued, setIssued] = useState<PreCreditCard | null>(null);
  const [busy, setBusy] = useState(false);
  const [page, setPage] = useState(1);
  const businessDate = useAsync((signal) => api.get<{ businessDate: string }>('/api/v1/business-date', undefined, { signal }), []);
  const today = businessDate.data?.businessDate ? dayjs(businessDate.data.businessDate) : dayjs();
  const cards = useAsync((signal) => originationApi.cards(page, 10, signal), [page], { enabled: can('application:read') });
  const productCode = Form.useWatch('productCode', form);
  const product = products.find(productCode);

  const submit = async (v: CardValues) => {
    setBusy(true);
    try {
      const card = await originationApi.issueCard({
        name: v.name.trim(),
        idNumber: normalizeIdNumber(v.idNumber) ?? v.idNumber.trim(),
        productCode: v.productCode,
        limit: fenToYuan(yuanToFen(v.limit) ?? 0n),
        validUntil: v.validUntil.format('YYYY-MM-DD'),
      });
      setIssued(card);
      showSuccess(t('orig.card.issued'));
      cards.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={24}>
      <Col xs={24} lg={10}>
        <Form<CardValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="card-form">
          <Form.Item
            name="name"
            label={t('orig.form.name')}
            rules={[{ required: true, message: t('common.required', { field: t('orig.form.name') }) }]}
          >
            <Input maxLength={20} data-testid="card-name" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('orig.idNumber')}
            rules={[{ required: true, message: t('common.required', { field: t('orig.idNumber') }) }, idNumberRule(t('orig.form.badId'))]}
          >
            <Input maxLength={18} data-testid="card-id" />
          </Form.Item>
          <Form.Item
            name="productCode"
            label={t('orig.product')}
            rules={[{ required: true, message: t('common.select', { field: t('orig.product') }) }]}
          >
            <Select options={products.options} data-testid="card-product" />
          </Form.Item>
          <Form.Item
            name="limit"
            label={t('orig.card.limit')}
            extra={product ? t('orig.form.range', { min: yuan(product.minAmount), max: yuan(product.maxAmount) }) : undefined}
            rules={[
              { required: true, message: t('common.required', { field: t('orig.card.limit') }) },
              amountRule(
                {
                  format: t('orig.form.badAmount'),
                  range: t('orig.form.outOfRange', { min: yuan(product?.minAmount), max: yuan(product?.maxAmount) }),
                },
                product?.minAmount,
                product?.maxAmount,
              ),
            ]}
          >
            <Input prefix="¥" inputMode="decimal" data-testid="card-limit" />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('orig.card.validUntil')}
            rules={[{ required: true, message: t('common.select', { field: t('orig.card.validUntil') }) }]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(today, 'day')} data-testid="card-valid" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="card-submit">
            {t('orig.card.issue')}
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={14}>
        {issued ? (
          <Card title={t('orig.card.issuedTitle')} data-testid="card-issued">
            <div className="hn-orig-qr">
              {issued.qrDataUrl && (
                <QrImage src={issued.qrDataUrl} alt={issued.cardCode} testId="card-qr" filename={`card-${issued.cardCode}.png`} />
              )}
              <Space orientation="vertical">
                <Typography.Text>
                  {t('orig.card.code')}：
                  <Typography.Text code copyable data-testid="card-code">
                    {issued.cardCode}
                  </Typography.Text>
                </Typography.Text>
                {issued.url && (
                  <Typography.Link href={absoluteUrl(issued.url)} target="_blank" copyable className="hn-orig-link" data-testid="card-link">
                    {absoluteUrl(issued.url)}
                  </Typography.Link>
                )}
                <Typography.Text type="secondary">{t('orig.card.hint')}</Typography.Text>
              </Space>
            </div>
          </Card>
        ) : (
          <Empty description={t('orig.card.none')} />
        )}
      </Col>
      {can('application:read') && (
        <Col span={24} style={{ marginTop: 24 }}>
          <Card
            size="small"
            title={t('orig.card.list')}
            extra={
              <Button size="small" icon={<ReloadOutlined />} onClick={cards.reload}>
                {t('common.refresh')}
              </Button>
            }
          >
            <Table<PreCreditCard>
              size="small"
              rowKey={(c) => c.cardCode}
              loading={cards.loading}
              dataSource={cards.data?.items ?? []}
              locale={{ emptyText: t('orig.card.empty') }}
              pagination={{ current: page, pageSize: 10, total: cards.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
              columns={[
                { title: t('orig.card.code'), dataIndex: 'cardCode', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
                { title: t('orig.customer'), dataIndex: 'nameMasked', render: (v?: string) => v ?? '—' },
                { title: t('orig.product'), dataIndex: 'productCode', render: (v?: string) => products.nameOf(v) },
                { title: t('orig.card.limit'), dataIndex: 'limit', align: 'right', render: (v?: string) => yuan(v) },
                { title: t('orig.card.validUntil'), dataIndex: 'validUntil', render: (v?: string) => v ?? '—' },
                {
                  title: t('common.status'),
                  dataIndex: 'status',
                  render: (s?: string) =>
                    s ? (
                      <Tag color={s === 'ACTIVATED' ? 'green' : s === 'ISSUED' ? 'blue' : 'default'}>
                        {tryT(t, `orig.card.status.${s}`, s)}
                      </Tag>
                    ) : (
                      '—'
                    ),
                },
                { title: t('common.createdAt'), dataIndex: 'createdAt', render: (v?: string) => formatDateTime(v) },
              ]}
            />
          </Card>
        </Col>
      )}
    </Row>
  );
}

interface EventValues {
  customerId: number;
  kind: 'LOCK' | 'RECOMMEND';
  productCode?: string;
}

function customerLabel(c: CustomerOption): string {
  const name = c.nameMasked ?? c.name ?? '';
  const extra = c.mobileMasked ?? c.idNumberMasked ?? '';
  return `#${c.id} ${name}${extra ? ` · ${extra}` : ''}`;
}

function ServiceEventPanel() {
  const { t } = useI18n();
  const can = useCan();
  const products = useProducts();
  const [form] = Form.useForm<EventValues>();
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  // The customers API matches exact names, ID numbers and mobiles: ask once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 400);
    return () => clearTimeout(timer);
  }, [typed]);
  const search = useAsync((signal) => originationApi.searchCustomers(q, signal), [q], {
    enabled: can('customer:read') && q.trim().length > 0,
  });
  const kind = Form.useWatch('kind', form);

  const options = (search.data?.items ?? []).map((c) => ({ value: Number(c.id), label: customerLabel(c) }));
  if (/^\d+$/.test(q.trim()) && !options.some((o) => o.value === Number(q.trim())))
    options.unshift({ value: Number(q.trim()), label: t('orig.event.byId', { id: q.trim() }) });

  const submit = async (v: EventValues) => {
    setBusy(true);
    try {
      await originationApi.serviceEvent({
        customerId: v.customerId,
        kind: v.kind,
        ...(v.productCode ? { productCode: v.productCode } : {}),
      });
      showSuccess(t(v.kind === 'LOCK' ? 'orig.event.locked' : 'orig.event.recommended'));
      form.resetFields(['customerId', 'productCode']);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={24}>
      <Col xs={24} lg={12}>
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('orig.event.hint')} />
        <Form<EventValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'RECOMMEND' }}
          onFinish={(v) => void submit(v)}
          data-testid="event-form"
        >
          <Form.Item
            name="customerId"
            label={t('orig.customer')}
            rules={[{ required: true, message: t('common.select', { field: t('orig.customer') }) }]}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: setTyped }}
              placeholder={t('orig.event.customerPh')}
              options={options}
              loading={search.loading}
              notFoundContent={typed ? t('common.noData') : null}
              data-testid="event-customer"
            />
          </Form.Item>
          <Form.Item name="kind" label={t('orig.event.kind')}>
            <Radio.Group data-testid="event-kind">
              <Radio.Button value="RECOMMEND">{t('orig.event.RECOMMEND')}</Radio.Button>
              <Radio.Button value="LOCK">{t('orig.event.LOCK')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="productCode"
            label={t('orig.product')}
            rules={kind === 'RECOMMEND' ? [{ required: true, message: t('common.select', { field: t('orig.product') }) }] : []}
          >
            <Select allowClear options={products.options} data-testid="event-product" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="event-submit">
            {t('orig.event.submit')}
          </Button>
        </Form>
      </Col>
    </Row>
  );
}

const TABS = ['qr', 'apply', 'card', 'event'] as const;
type TabKey = (typeof TABS)[number];

export function OfficerPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab') as TabKey | null;
  const tab: TabKey = tabParam && TABS.includes(tabParam) ? tabParam : 'qr';
  return (
    <>
      <PageHeader title={t('orig.officer.title')} subtitle={t('orig.officer.subtitle')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'qr' ? {} : { tab: k })}
          destroyOnHidden
          items={[
            { key: 'qr', label: <span data-testid="officer-tab-qr">{t('orig.officer.tab.qr')}</span>, children: <MyQrPanel /> },
            {
              key: 'apply',
              label: <span data-testid="officer-tab-apply">{t('orig.officer.tab.apply')}</span>,
              children: <AssistedApplyForm />,
            },
            {
              key: 'card',
              label: <span data-testid="officer-tab-card">{t('orig.officer.tab.card')}</span>,
              children: <PreCreditCardPanel />,
            },
            {
              key: 'event',
              label: <span data-testid="officer-tab-event">{t('orig.officer.tab.event')}</span>,
              children: <ServiceEventPanel />,
            },
          ]}
        />
      </Card>
    </>
  );
}

/** The LPR panel: rates in force, every fixing, and a form to submit a new one for review. */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, Col, DatePicker, Form, Input, Modal, Row, Select, Statistic, Table, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { tid } from '../shell/testid';
import { LPR_TENORS, productApi, type LprFixing, type LprTenor } from './api';
import { StateTag, useProductLabels } from './ui';

const LPR_RE = /^(?:0|[1-9]\d?)(?:\.\d{1,4})?$/;

interface LprValues {
  tenor: LprTenor;
  effectiveDate: Dayjs;
  ratePct: string;
}

export function LprPanel({ onChanged }: { onChanged?: () => void }) {
  const { t } = useI18n();
  const can = useCan();
  const labels = useProductLabels();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [submittedId, setSubmittedId] = useState<number | null>(null);
  const [form] = Form.useForm<LprValues>();
  const { data, loading, reload } = useAsync((signal) => productApi.lpr(signal), [], { onError: showError });
  const businessDate = data?.businessDate;

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const res = await productApi.submitLpr({
        tenor: v.tenor,
        effectiveDate: v.effectiveDate.format('YYYY-MM-DD'),
        ratePct: v.ratePct.trim(),
      });
      showSuccess(t('product.submitted'));
      setSubmittedId(res.reviewRequestId);
      setOpen(false);
      form.resetFields();
      reload();
      onChanged?.();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<LprFixing> = [
    { title: t('lpr.tenor'), dataIndex: 'tenor', width: 120, render: (v: string) => labels.tenor(v) },
    { title: t('lpr.effectiveDate'), dataIndex: 'effectiveDate', width: 120 },
    {
      title: t('lpr.rate'),
      dataIndex: 'ratePct',
      width: 100,
      align: 'right',
      render: (v: string) => <span className="hn-mono">{v}%</span>,
    },
    { title: t('product.v.state'), dataIndex: 'state', width: 100, render: (v: LprFixing['state']) => <StateTag state={v} /> },
    {
      title: t('product.v.review'),
      dataIndex: 'reviewRequestId',
      width: 100,
      render: (v: number | null) => (v === null ? t('product.v.seeded') : `#${v}`),
    },
    { title: t('product.v.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
  ];

  return (
    <Card
      title={t('lpr.title')}
      extra={
        can('product:write') && (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="lpr-submit-open">
            {t('lpr.submit')}
          </Button>
        )
      }
      data-testid="lpr-panel"
    >
      <p style={{ marginTop: 0, color: 'rgba(0,0,0,0.55)' }}>{t('lpr.subtitle')}</p>
      {submittedId !== null && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setSubmittedId(null) }}
          style={{ marginBottom: 16 }}
          title={<span data-testid="lpr-submitted">{t('lpr.submitted', { id: submittedId })}</span>}
        />
      )}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        {LPR_TENORS.map((tenor) => {
          const cur = data?.current[tenor];
          return (
            <Col key={tenor} xs={24} sm={12}>
              <Card size="small">
                <Statistic
                  title={t('lpr.current', { tenor: labels.tenor(tenor) })}
                  value={cur ? `${cur.ratePct}%` : t('lpr.none')}
                  loading={loading && !data}
                />
                {cur && <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{t('lpr.since', { date: cur.effectiveDate })}</span>}
              </Card>
            </Col>
          );
        })}
      </Row>
      <Table<LprFixing>
        rowKey={(r) => `${r.tenor}@${r.effectiveDate}`}
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
      />
      <Modal
        open={open}
        title={t('lpr.submitTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit().catch(() => undefined)}
        okText={t('common.submit')}
        confirmLoading={saving}
        okButtonProps={tid('lpr-submit')}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('lpr.submitTip')} style={{ marginBottom: 16 }} />
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ tenor: '1Y', effectiveDate: businessDate ? dayjs(businessDate) : undefined }}
        >
          <Form.Item name="tenor" label={t('lpr.tenor')} rules={[{ required: true }]}>
            <Select data-testid="lpr-tenor" options={LPR_TENORS.map((x) => ({ value: x, label: labels.tenor(x) }))} />
          </Form.Item>
          <Form.Item
            name="effectiveDate"
            label={t('lpr.effectiveDate')}
            extra={businessDate ? t('product.f.effectiveDateRule', { date: businessDate }) : undefined}
            rules={[{ required: true, message: t('common.select', { field: t('lpr.effectiveDate') }) }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              data-testid="lpr-effective-date"
              disabledDate={(d) => !!businessDate && d.isBefore(dayjs(businessDate), 'day')}
            />
          </Form.Item>
          <Form.Item
            name="ratePct"
            label={t('lpr.rate')}
            extra={t('lpr.rateRule')}
            rules={[
              { required: true, whitespace: true, message: t('common.required', { field: t('lpr.rate') }) },
              { pattern: LPR_RE, message: t('lpr.rateRule') },
            ]}
          >
            <Input suffix="%" inputMode="decimal" maxLength={8} data-testid="lpr-rate" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

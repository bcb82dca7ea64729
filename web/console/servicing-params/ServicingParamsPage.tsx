/**
 * 分类与停息参数: the five-category classification thresholds and non-accrual days in force, their
 * version history, and a form for a parameter manager to propose a stricter set for review.
 */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, Col, DatePicker, Form, InputNumber, Modal, Row, Statistic, Table, Tag, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import {
  SERVICING_PARAM_FIELDS,
  servicingParamsApi,
  type ServicingParamIssue,
  type ServicingParamValues,
  type ServicingParamsVersion,
  type VersionState,
} from './api';

const STATE_COLORS: Record<VersionState, string> = { IN_EFFECT: 'green', SCHEDULED: 'processing', SUPERSEDED: 'default' };

type FormValues = ServicingParamValues & { effectiveDate: Dayjs };

export function ServicingParamsPage() {
  const { t } = useI18n();
  const can = useCan();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [issues, setIssues] = useState<ServicingParamIssue[]>([]);
  const [submitted, setSubmitted] = useState<{ id: number; date: string } | null>(null);
  const [form] = Form.useForm<FormValues>();
  const { data, loading, reload } = useAsync((signal) => servicingParamsApi.get(signal), [], { onError: showError });
  const businessDate = data?.businessDate;
  const earliest = businessDate ? dayjs(businessDate).add(1, 'day') : undefined;
  const label = (f: string) => tryT(t, `sp.f.${f}`, f);

  const openForm = () => {
    setIssues([]);
    form.setFieldsValue({ ...(data?.current ?? {}), effectiveDate: earliest } as FormValues);
    setOpen(true);
  };

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setIssues([]);
    try {
      const effectiveDate = v.effectiveDate.format('YYYY-MM-DD');
      const res = await servicingParamsApi.submit({
        specialMentionDpd: v.specialMentionDpd,
        substandardDpd: v.substandardDpd,
        doubtfulDpd: v.doubtfulDpd,
        lossDpd: v.lossDpd,
        nonAccrualDpd: v.nonAccrualDpd,
        effectiveDate,
      });
      showSuccess(t('sp.submitted', { id: res.reviewRequestId, date: effectiveDate }));
      setSubmitted({ id: res.reviewRequestId, date: effectiveDate });
      setOpen(false);
      reload();
    } catch (e) {
      if (isApiError(e) && e.code === 'SERVICING_PARAMS_INVALID' && Array.isArray(e.details)) setIssues(e.details as ServicingParamIssue[]);
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const dayCell = (n: number) => <span className="hn-mono">{t('sp.days', { n })}</span>;
  const columns: TableColumnsType<ServicingParamsVersion> = [
    { title: t('sp.v.version'), dataIndex: 'version', width: 70 },
    { title: t('sp.v.effectiveDate'), dataIndex: 'effectiveDate', width: 120 },
    ...SERVICING_PARAM_FIELDS.map((f) => ({ title: label(f), dataIndex: f, width: 130, align: 'right' as const, render: dayCell })),
    {
      title: t('sp.v.state'),
      dataIndex: 'state',
      width: 90,
      render: (s: VersionState) => <Tag color={STATE_COLORS[s]}>{tryT(t, `sp.state.${s}`, s)}</Tag>,
    },
    {
      title: t('sp.v.review'),
      dataIndex: 'reviewRequestId',
      width: 150,
      render: (v: number | null) => (v === null ? t('sp.v.seeded') : `#${v}`),
    },
    { title: t('sp.v.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      <PageHeader
        title={t('sp.title')}
        subtitle={t('sp.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={reload} style={{ marginRight: 8 }} />
            {can('product:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={openForm} disabled={!data} data-testid="sp-propose-open">
                {t('sp.propose')}
              </Button>
            )}
          </>
        }
      />
      {submitted && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setSubmitted(null) }}
          style={{ marginBottom: 16 }}
          title={<span data-testid="sp-submitted">{t('sp.submitted', { id: submitted.id, date: submitted.date })}</span>}
        />
      )}
      <Card
        title={t('sp.current')}
        extra={
          data && (
            <span style={{ color: 'rgba(0,0,0,0.55)' }}>
              {t('sp.since', { v: data.current.version, date: data.current.effectiveDate })}
            </span>
          )
        }
        style={{ marginBottom: 16 }}
        data-testid="sp-current"
      >
        <Row gutter={[16, 16]}>
          {SERVICING_PARAM_FIELDS.map((f) => (
            <Col key={f} xs={12} md={8} lg={4}>
              <Statistic title={label(f)} value={data ? t('sp.days', { n: data.current[f] }) : '—'} loading={loading && !data} />
              {data && <span style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{t('sp.regulatory', { n: data.regulatory[f] })}</span>}
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={t('sp.history')}>
        <Table<ServicingParamsVersion>
          rowKey="version"
          columns={columns}
          dataSource={data?.history ?? []}
          loading={loading}
          size="small"
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="sp-history"
        />
      </Card>
      <Modal
        open={open}
        title={t('sp.proposeTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit().catch(() => undefined)}
        okText={t('common.submit')}
        confirmLoading={saving}
        okButtonProps={tid('sp-submit')}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('sp.proposeTip')} style={{ marginBottom: 16 }} />
        {issues.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('sp.invalid')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="sp-issues">
                {issues.map((i) => (
                  <li key={`${i.field}:${i.code}`}>{i.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <Form form={form} layout="vertical" preserve={false}>
          {SERVICING_PARAM_FIELDS.map((f) => {
            const limit = data?.regulatory[f] ?? 0;
            return (
              <Form.Item
                key={f}
                name={f}
                label={label(f)}
                extra={f === 'nonAccrualDpd' ? t('sp.rule.nonAccrual', { n: limit }) : t('sp.rule.threshold', { n: limit })}
                rules={[
                  { required: true, message: t('sp.required', { field: label(f) }) },
                  { type: 'integer', message: t('sp.integer') },
                ]}
              >
                <InputNumber min={1} max={limit || undefined} precision={0} style={{ width: '100%' }} data-testid={`sp-${f}`} />
              </Form.Item>
            );
          })}
          <Form.Item
            name="effectiveDate"
            label={t('sp.f.effectiveDate')}
            extra={earliest ? t('sp.f.effectiveDateRule', { date: earliest.format('YYYY-MM-DD') }) : undefined}
            rules={[{ required: true, message: t('sp.required', { field: t('sp.f.effectiveDate') }) }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              data-testid="sp-effective-date"
              disabledDate={(d) => !!earliest && d.isBefore(earliest, 'day')}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

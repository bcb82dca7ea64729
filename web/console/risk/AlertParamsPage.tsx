/**
 * 预警处置时限: the business days to follow up an alert of each colour in force, their version history,
 * and a form for a parameter manager to propose new deadlines for review, showing the change against the
 * deadlines in force before it is submitted (the checker sees the same diff in the review inbox).
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Form, InputNumber, Modal, Row, Statistic, Table, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { ALERT_PARAM_FIELDS, riskParamsApi, type AlertParamIssue, type AlertParamValues, type AlertParamVersion } from './paramsApi';

type Field = (typeof ALERT_PARAM_FIELDS)[number];

export function AlertParamsPage() {
  const { t } = useI18n();
  const can = useCan();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [issues, setIssues] = useState<AlertParamIssue[]>([]);
  const [submittedId, setSubmittedId] = useState<number | null>(null);
  const [form] = Form.useForm<AlertParamValues>();
  const proposed = Form.useWatch([], form) as Partial<AlertParamValues> | undefined;
  const { data, loading, reload } = useAsync((signal) => riskParamsApi.get(signal), [], { onError: showError });
  const current = data?.current;
  const label = (f: Field) => t(`rap.f.${f}`);
  const days = (n: number) => t('rap.days', { n });

  const openForm = () => {
    setIssues([]);
    if (current) form.setFieldsValue({ redDays: current.redDays, orangeDays: current.orangeDays, yellowDays: current.yellowDays });
    setOpen(true);
  };

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setIssues([]);
    try {
      const res = await riskParamsApi.submit({ redDays: v.redDays, orangeDays: v.orangeDays, yellowDays: v.yellowDays });
      showSuccess(t('rap.submitted', { id: res.reviewRequestId }));
      setSubmittedId(res.reviewRequestId);
      setOpen(false);
      reload();
    } catch (e) {
      if (isApiError(e) && e.code === 'RISK_PARAMS_INVALID' && Array.isArray(e.details)) setIssues(e.details as AlertParamIssue[]);
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  // The change against the deadlines in force, field by field, as the checker will see it.
  const diff = current
    ? ALERT_PARAM_FIELDS.filter((f) => typeof proposed?.[f] === 'number' && proposed[f] !== current[f]).map((f) => ({
        field: f,
        before: current[f],
        after: proposed![f]!,
      }))
    : [];

  const dayCell = (n: number) => <span className="hn-mono">{days(n)}</span>;
  const columns: TableColumnsType<AlertParamVersion> = [
    { title: t('rap.v.version'), dataIndex: 'version', width: 70 },
    ...ALERT_PARAM_FIELDS.map((f) => ({ title: label(f), dataIndex: f, width: 150, align: 'right' as const, render: dayCell })),
    {
      title: t('rap.v.review'),
      dataIndex: 'reviewRequestId',
      width: 120,
      render: (v: number | null) => (v === null ? t('rap.v.seeded') : `#${v}`),
    },
    { title: t('rap.v.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => (v ? formatDateTime(v) : '—') },
  ];

  return (
    <>
      <PageHeader
        title={t('rap.title')}
        subtitle={t('rap.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={reload} style={{ marginRight: 8 }} />
            {can('product:write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={openForm} disabled={!data} data-testid="rap-propose-open">
                {t('rap.propose')}
              </Button>
            )}
          </>
        }
      />
      {submittedId !== null && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setSubmittedId(null) }}
          style={{ marginBottom: 16 }}
          title={<span data-testid="rap-submitted">{t('rap.submitted', { id: submittedId })}</span>}
        />
      )}
      <Card
        title={t('rap.current')}
        extra={
          current && (
            <span style={{ color: 'rgba(0,0,0,0.55)' }} data-testid="rap-version">
              {current.version > 0 ? t('rap.version', { v: current.version }) : t('rap.defaults')}
            </span>
          )
        }
        style={{ marginBottom: 16 }}
      >
        <Row gutter={[16, 16]}>
          {ALERT_PARAM_FIELDS.map((f) => (
            <Col key={f} xs={24} md={8}>
              <Statistic
                title={label(f)}
                value={current ? days(current[f]) : '—'}
                loading={loading && !data}
                valueRender={(node) => <span data-testid={`rap-current-${f}`}>{node}</span>}
              />
            </Col>
          ))}
        </Row>
      </Card>
      <Card title={t('rap.history')}>
        <Table<AlertParamVersion>
          rowKey="version"
          columns={columns}
          dataSource={data?.history ?? []}
          loading={loading}
          size="small"
          scroll={{ x: 700 }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="rap-history"
        />
      </Card>
      <Modal
        open={open}
        title={t('rap.proposeTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => void submit().catch(() => undefined)}
        okText={t('common.submit')}
        confirmLoading={saving}
        okButtonProps={{ ...tid('rap-submit'), disabled: diff.length === 0 }}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('rap.proposeTip')} style={{ marginBottom: 16 }} />
        {issues.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('rap.invalid')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="rap-issues">
                {issues.map((i) => (
                  <li key={`${i.field}:${i.code}`}>{i.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <Form form={form} layout="vertical" preserve={false}>
          {ALERT_PARAM_FIELDS.map((f) => (
            <Form.Item
              key={f}
              name={f}
              label={label(f)}
              rules={[
                { required: true, message: t('rap.required', { field: label(f) }) },
                { type: 'integer', message: t('rap.integer') },
              ]}
            >
              <InputNumber min={1} max={30} precision={0} style={{ width: '100%' }} data-testid={`rap-${f}`} />
            </Form.Item>
          ))}
        </Form>
        <Card size="small" title={t('rap.diff')} data-testid="rap-diff">
          {diff.length === 0 ? (
            <span style={{ color: 'rgba(0,0,0,0.45)' }}>{t('rap.diffNone')}</span>
          ) : (
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {diff.map((d) => (
                <li key={d.field} data-testid={`rap-diff-${d.field}`}>
                  {label(d.field)}：{days(d.before)} → {days(d.after)}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </Modal>
    </>
  );
}

/** 预授信参数: how many days a pre-credit stays valid (PRE_CREDIT_PARAMS), the version in force and its history; a change goes to review. */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Table, type TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { preCreditParamsApi, type PreCreditParamValues, type PreCreditParamsVersion } from './api';

export function PreCreditParamsPage() {
  const { t } = useI18n();
  const can = useCan();
  const editable = can('precredit:params');
  const [form] = Form.useForm<PreCreditParamValues>();
  const [issues, setIssues] = useState<Array<{ field: string; message: string }>>([]);
  const [saving, setSaving] = useState(false);
  const { data, loading, reload } = useAsync(
    async (signal) => {
      const v = await preCreditParamsApi.get(signal);
      form.setFieldsValue({ effectiveFrom: v.businessDate, validDays: v.current.validDays });
      return v;
    },
    [],
    { onError: showError },
  );
  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    setIssues([]);
    try {
      const res = await preCreditParamsApi.submit(v);
      showSuccess(t('pcp.submitted', { id: res.reviewRequestId }));
      reload();
    } catch (e) {
      if (isApiError(e) && e.code === 'PRE_CREDIT_PARAMS_INVALID' && Array.isArray(e.details)) setIssues(e.details as typeof issues);
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  const issueOf = (field: string) => issues.find((i) => i.field === field)?.message;
  const columns: TableColumnsType<PreCreditParamsVersion> = [
    { title: t('pcp.version'), dataIndex: 'version', width: 70 },
    { title: t('pcp.effectiveFrom'), dataIndex: 'effectiveFrom', width: 130 },
    { title: t('pcp.validDays'), dataIndex: 'validDays', width: 130 },
    {
      title: t('pcp.review'),
      dataIndex: 'reviewRequestId',
      width: 120,
      render: (v: number | null) => (v === null ? t('pcp.seeded') : `#${v}`),
    },
    { title: t('pcp.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <>
      <PageHeader title={t('pcp.title')} subtitle={t('pcp.subtitle')} extra={<Link to="/precredit">{t('pc.title')}</Link>} />
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('pcp.readOnly')} />}
      <Card
        title={data ? t('pcp.current', { v: data.current.version, d: data.businessDate }) : undefined}
        loading={loading && !data}
        style={{ marginBottom: 16 }}
      >
        <Form<PreCreditParamValues> form={form} layout="inline" disabled={!editable} data-testid="pcp-form">
          <Form.Item name="effectiveFrom" label={t('pcp.effectiveFrom')} help={issueOf('effectiveFrom')} rules={[{ required: true }]}>
            <Input style={{ width: 130 }} maxLength={10} />
          </Form.Item>
          <Form.Item name="validDays" label={t('pcp.validDays')} help={issueOf('validDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1095} precision={0} data-testid="pcp-valid-days" />
          </Form.Item>
          {editable && (
            <Form.Item>
              <Button type="primary" loading={saving} onClick={() => void submit()} data-testid="pcp-submit">
                {t('pcp.submit')}
              </Button>
            </Form.Item>
          )}
        </Form>
      </Card>
      <Card title={t('pcp.history')}>
        <Table<PreCreditParamsVersion>
          rowKey="version"
          columns={columns}
          dataSource={data?.history ?? []}
          pagination={false}
          size="small"
        />
      </Card>
    </>
  );
}

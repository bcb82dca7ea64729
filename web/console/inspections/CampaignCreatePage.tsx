/**
 * 发起专项检查: name, purpose, period; the selection with a live count of the matching loans; the
 * sample size and seed; the inspectors the sample is dealt to; the checklist.
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Form, Input, InputNumber, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { PRODUCT_CODES } from '../../../src/modules/products/products.contract';
import { RISK_LEVELS } from '../../../src/modules/risk/risk.contract';
import { api } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { inspectionApi, LOAN_CLASSES, ROUTINE_CHECKLIST, type CampaignCriteria, type ChecklistItem } from './api';

interface FormValues {
  name: string;
  purpose: string;
  period: [Dayjs, Dayjs];
  branchIds?: number[];
  productCodes?: CampaignCriteria['productCodes'];
  classifications?: CampaignCriteria['classifications'];
  warningLevels?: CampaignCriteria['warningLevels'];
  dpdMin?: number;
  dpdMax?: number;
  amountMin?: string;
  amountMax?: string;
  disbursed?: [Dayjs, Dayjs] | null;
  sampleSize?: number;
  seed?: string;
  inspectorIds: number[];
  checklist: ChecklistItem[];
}

function criteriaOf(v: Partial<FormValues>): CampaignCriteria {
  const c: CampaignCriteria = {};
  if (v.branchIds?.length) c.branchIds = v.branchIds;
  if (v.productCodes?.length) c.productCodes = v.productCodes;
  if (v.classifications?.length) c.classifications = v.classifications;
  if (v.warningLevels?.length) c.warningLevels = v.warningLevels;
  if (typeof v.dpdMin === 'number') c.dpdMin = v.dpdMin;
  if (typeof v.dpdMax === 'number') c.dpdMax = v.dpdMax;
  if (v.amountMin?.trim()) c.amountMin = v.amountMin.trim();
  if (v.amountMax?.trim()) c.amountMax = v.amountMax.trim();
  if (v.disbursed?.[0]) c.disbursedFrom = v.disbursed[0].format('YYYY-MM-DD');
  if (v.disbursed?.[1]) c.disbursedTo = v.disbursed[1].format('YYYY-MM-DD');
  return c;
}

export function CampaignCreatePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const values = Form.useWatch([], form) as Partial<FormValues> | undefined;
  const [count, setCount] = useState<{ matched: number; taskCount: number } | null>(null);
  const [saving, setSaving] = useState(false);
  const { data: inspectors } = useAsync((signal) => inspectionApi.inspectors(signal), [], { onError: showError });
  const { data: branches } = useAsync(
    (signal) => api.get<{ items: Array<{ id: number; name: string }> }>('/api/v1/branches', undefined, { signal }),
    [],
  );

  // the live count: the selection (and sample size) run on the server as they change
  const criteriaKey = JSON.stringify([criteriaOf(values ?? {}), values?.sampleSize ?? null]);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      const [criteria, sampleSize] = JSON.parse(criteriaKey) as [CampaignCriteria, number | null];
      inspectionApi
        .preview({ criteria, sampleSize: sampleSize ?? undefined }, ctl.signal)
        .then(setCount)
        .catch(() => setCount(null));
    }, 300);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [criteriaKey]);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const created = await inspectionApi.createCampaign({
        name: v.name.trim(),
        purpose: v.purpose.trim(),
        periodFrom: v.period[0].format('YYYY-MM-DD'),
        periodTo: v.period[1].format('YYYY-MM-DD'),
        criteria: criteriaOf(v),
        sampleSize: v.sampleSize ?? undefined,
        seed: v.seed?.trim() || undefined,
        inspectorIds: v.inspectorIds,
        checklist: v.checklist.map((i) => ({ code: i.code.trim(), text: i.text.trim() })),
      });
      showSuccess(t('insp.campaign.created'));
      navigate(`/inspections/campaigns/${created.id}`);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <>
      <PageHeader title={t('insp.campaigns.create')} />
      <Card>
        <Form<FormValues>
          form={form}
          layout="vertical"
          initialValues={{ period: [dayjs(), dayjs().add(30, 'day')], checklist: ROUTINE_CHECKLIST, inspectorIds: [] }}
        >
          <Form.Item name="name" label={t('insp.campaign.name')} rules={required(t('insp.campaign.name'))}>
            <Input maxLength={100} data-testid="insp-campaign-name" />
          </Form.Item>
          <Form.Item name="purpose" label={t('insp.campaign.purpose')} rules={required(t('insp.campaign.purpose'))}>
            <Input.TextArea rows={2} maxLength={1000} data-testid="insp-campaign-purpose" />
          </Form.Item>
          <Form.Item name="period" label={t('insp.campaign.period')} rules={required(t('insp.campaign.period'))}>
            <DatePicker.RangePicker />
          </Form.Item>
          <Card size="small" title={t('insp.campaign.criteria')} style={{ marginBottom: 16 }}>
            <Space wrap align="start">
              <Form.Item name="branchIds" label={t('insp.campaign.branches')} extra={t('insp.campaign.branchesHint')}>
                <Select
                  mode="multiple"
                  allowClear
                  style={{ width: 260 }}
                  options={(branches?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
                />
              </Form.Item>
              <Form.Item name="productCodes" label={t('insp.campaign.products')}>
                <Select mode="multiple" allowClear style={{ width: 220 }} options={PRODUCT_CODES.map((p) => ({ value: p, label: p }))} />
              </Form.Item>
              <Form.Item name="classifications" label={t('insp.campaign.classes')}>
                <Select
                  mode="multiple"
                  allowClear
                  style={{ width: 220 }}
                  options={LOAN_CLASSES.map((c) => ({ value: c, label: t(`loan.class.${c}`) }))}
                />
              </Form.Item>
              <Form.Item name="warningLevels" label={t('insp.campaign.warningLevels')}>
                <Select
                  mode="multiple"
                  allowClear
                  style={{ width: 200 }}
                  data-testid="insp-campaign-warning-levels"
                  options={RISK_LEVELS.map((l) => ({ value: l, label: t(`risk.level.${l}`) }))}
                />
              </Form.Item>
              <Form.Item label={t('insp.campaign.dpd')}>
                <Space.Compact>
                  <Form.Item name="dpdMin" noStyle>
                    <InputNumber<number> min={0} precision={0} placeholder={t('insp.campaign.min')} />
                  </Form.Item>
                  <Form.Item name="dpdMax" noStyle>
                    <InputNumber<number> min={0} precision={0} placeholder={t('insp.campaign.max')} />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
              <Form.Item label={t('insp.campaign.amount')}>
                <Space.Compact>
                  <Form.Item name="amountMin" noStyle>
                    <Input style={{ width: 120 }} placeholder={t('insp.campaign.min')} />
                  </Form.Item>
                  <Form.Item name="amountMax" noStyle>
                    <Input style={{ width: 120 }} placeholder={t('insp.campaign.max')} />
                  </Form.Item>
                </Space.Compact>
              </Form.Item>
              <Form.Item name="disbursed" label={t('insp.campaign.disbursed')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} />
              </Form.Item>
            </Space>
            {count && (
              <Alert
                type="info"
                showIcon
                data-testid="insp-campaign-count"
                message={t('insp.campaign.liveCount', { n: count.matched, m: count.taskCount })}
              />
            )}
          </Card>
          <Space wrap align="start">
            <Form.Item name="sampleSize" label={t('insp.campaign.sampleSize')} extra={t('insp.campaign.sampleHint')}>
              <InputNumber<number> min={1} max={5000} precision={0} style={{ width: 160 }} data-testid="insp-campaign-sample" />
            </Form.Item>
            <Form.Item name="seed" label={t('insp.campaign.seed')}>
              <Input maxLength={100} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item
              name="inspectorIds"
              label={t('insp.campaign.inspectors')}
              extra={t('insp.campaign.inspectorsHint')}
              rules={[{ required: true, type: 'array', min: 1, message: t('common.select', { field: t('insp.campaign.inspectors') }) }]}
            >
              <Select
                mode="multiple"
                style={{ width: 360 }}
                data-testid="insp-campaign-inspectors"
                options={(inspectors?.items ?? []).map((i) => ({ value: i.id, label: `${i.name}（${i.branchName ?? ''}）` }))}
              />
            </Form.Item>
          </Space>
          <Card size="small" title={t('insp.campaign.checklist')} style={{ marginBottom: 16 }}>
            <Form.List name="checklist">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                      <Form.Item name={[field.name, 'code']} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9_]{0,39}$/ }]}>
                        <Input placeholder={t('insp.campaign.itemCode')} style={{ width: 180 }} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'text']} rules={[{ required: true, whitespace: true }]}>
                        <Input placeholder={t('insp.campaign.itemText')} style={{ width: 420 }} maxLength={200} />
                      </Form.Item>
                      <MinusCircleOutlined onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', text: '' })}>
                    {t('insp.campaign.addItem')}
                  </Button>
                </>
              )}
            </Form.List>
          </Card>
          <Button type="primary" loading={saving} onClick={submit} data-testid="insp-campaign-submit">
            {t('common.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}

/**
 * The parameter form of a product (param_manager): the whole parameter set plus its effective date,
 * submitted as a new version for review. The server's field-level problems are shown on the fields.
 */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Checkbox, Col, DatePicker, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { isApiError } from '../../shared/api';
import { useI18n } from '../i18n';
import { showError, showSuccess } from '../shell/feedback';
import {
  GRADES,
  productApi,
  REPAYMENT_METHODS,
  REPAYMENT_PARTS,
  type ParamIssue,
  type ProductParamsApi,
  type SubmittedChange,
} from './api';
import { useProductLabels } from './ui';

const YUAN_RE = /^(?:0|[1-9]\d{0,14})(?:\.\d{1,2})?$/;
const PCT_RE = /^(?:0|[1-9]\d{0,2})(?:\.\d{1,6})?$/;

type FormValues = Omit<ProductParamsApi, 'code' | 'kind' | 'guarantor'> & {
  effectiveDate: Dayjs;
  guarantor?: { required: boolean; maxCount: number };
};

/** Form paths the server may name in PRODUCT_PARAMS_INVALID details. */
const FORM_FIELDS = new Set([
  'effectiveDate',
  'nameZh',
  'nameEn',
  'descriptionZh',
  'revolving',
  'whiteListOnly',
  'minAmount',
  'maxAmount',
  'minTermMonths',
  'maxTermMonths',
  'repaymentMethods',
  'bulletMaxTermMonths',
  'pricing.spreadPctByGrade.A',
  'pricing.spreadPctByGrade.B',
  'pricing.spreadPctByGrade.C',
  'pricing.spreadPctByGrade.D',
  'pricing.floorPct',
  'pricing.ceilingPct',
  'penaltyUpliftPct',
  'minAge',
  'maxAge',
  'serviceRegionPrefixes',
  'internetLoanCap',
  'autoApproveMax',
  'pledgeRatePct',
  'guarantor.maxCount',
  'lineValidityMonths',
  'dayCountBasis',
  'referralDeadlineHours',
  'repaymentOrder',
  'inspection.firstAfterDays',
  'inspection.everyDays',
]);

/** 'serviceRegionPrefixes.1' → 'serviceRegionPrefixes' (the list is one field). */
function formPath(field: string): string {
  return field.replace(/\.\d+$/, '');
}

export function ParamsEditDrawer({
  open,
  onClose,
  code,
  name,
  params,
  businessDate,
  onSubmitted,
}: {
  open: boolean;
  onClose: () => void;
  code: string;
  name: string;
  params: ProductParamsApi;
  businessDate: string;
  onSubmitted: (res: SubmittedChange, effectiveDate: string) => void;
}) {
  const { t } = useI18n();
  const labels = useProductLabels();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string[]>([]);
  const kind = params.kind;

  const yuanRules = (label: string) => [
    { required: true, whitespace: true, message: t('common.required', { field: label }) },
    { pattern: YUAN_RE, message: t('product.f.yuanRule') },
  ];
  const pctRules = (label: string) => [
    { required: true, whitespace: true, message: t('common.required', { field: label }) },
    { pattern: PCT_RE, message: t('product.f.pctRule') },
  ];
  const intRules = (label: string) => [{ required: true, message: t('common.required', { field: label }) }];

  const submit = async () => {
    setGeneral([]);
    const v = await form.validateFields();
    setSaving(true);
    const effectiveDate = v.effectiveDate.format('YYYY-MM-DD');
    try {
      const res = await productApi.submitParams(code, {
        nameZh: v.nameZh.trim(),
        nameEn: v.nameEn.trim(),
        descriptionZh: v.descriptionZh.trim(),
        revolving: v.revolving,
        whiteListOnly: v.whiteListOnly,
        minAmount: v.minAmount.trim(),
        maxAmount: v.maxAmount.trim(),
        minTermMonths: v.minTermMonths,
        maxTermMonths: v.maxTermMonths,
        repaymentMethods: v.repaymentMethods,
        bulletMaxTermMonths: v.bulletMaxTermMonths,
        pricing: {
          spreadPctByGrade: {
            A: v.pricing.spreadPctByGrade.A.trim(),
            B: v.pricing.spreadPctByGrade.B.trim(),
            C: v.pricing.spreadPctByGrade.C.trim(),
            D: v.pricing.spreadPctByGrade.D.trim(),
          },
          floorPct: v.pricing.floorPct.trim(),
          ceilingPct: v.pricing.ceilingPct.trim(),
        },
        penaltyUpliftPct: v.penaltyUpliftPct.trim(),
        minAge: v.minAge,
        maxAge: v.maxAge,
        serviceRegionPrefixes: v.serviceRegionPrefixes.map((s) => s.trim()).filter(Boolean),
        internetLoanCap: v.internetLoanCap.trim(),
        autoApproveMax: v.autoApproveMax.trim(),
        pledgeRatePct: kind === 'PLEDGE' ? (v.pledgeRatePct ?? '').trim() : null,
        guarantor: kind === 'GUARANTEE' && v.guarantor ? { required: v.guarantor.required, maxCount: v.guarantor.maxCount } : null,
        lineValidityMonths: v.lineValidityMonths,
        dayCountBasis: v.dayCountBasis,
        referralDeadlineHours: v.referralDeadlineHours,
        repaymentOrder: v.repaymentOrder,
        inspection: { firstAfterDays: v.inspection.firstAfterDays, everyDays: v.inspection.everyDays },
        effectiveDate,
      });
      showSuccess(res.status === 'PENDING' ? t('product.submitted') : t('product.appliedDirectly'));
      onSubmitted(res, effectiveDate);
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'PRODUCT_PARAMS_INVALID' && Array.isArray(e.details)) {
        const issues = e.details as ParamIssue[];
        const onFields = issues.filter((i) => FORM_FIELDS.has(formPath(i.field)));
        form.setFields(onFields.map((i) => ({ name: formPath(i.field).split('.') as never, errors: [i.message] })));
        setGeneral(issues.filter((i) => !FORM_FIELDS.has(formPath(i.field))).map((i) => i.message));
        showError(e);
      } else if (isApiError(e) && e.code === 'EFFECTIVE_DATE_IN_PAST') {
        form.setFields([{ name: 'effectiveDate', errors: [e.message] }]);
      } else {
        showError(e);
      }
    } finally {
      setSaving(false);
    }
  };

  const initialValues: FormValues = {
    ...params,
    effectiveDate: dayjs(businessDate),
    guarantor: params.guarantor ?? undefined,
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('product.editTitle', { name })}
      size="large"
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void submit().catch(() => undefined)} data-testid="product-params-submit">
            {t('common.submit')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('product.editTip')} style={{ marginBottom: 16 }} />
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('product.invalid')}
          description={general.join('；')}
          style={{ marginBottom: 16 }}
          data-testid="product-params-errors"
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        autoComplete="off"
        preserve={false}
        data-testid="product-params-form"
      >
        <Form.Item
          name="effectiveDate"
          label={t('product.f.effectiveDate')}
          extra={t('product.f.effectiveDateRule', { date: businessDate })}
          rules={[{ required: true, message: t('common.select', { field: t('product.f.effectiveDate') }) }]}
        >
          <DatePicker
            style={{ width: 220 }}
            data-testid="product-effective-date"
            disabledDate={(d) => d.isBefore(dayjs(businessDate), 'day')}
          />
        </Form.Item>

        <Divider titlePlacement="start">{t('product.section.basic')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="nameZh"
              label={t('product.f.nameZh')}
              rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('product.f.nameZh') }) }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameEn"
              label={t('product.f.nameEn')}
              rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('product.f.nameEn') }) }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="descriptionZh" label={t('product.f.descriptionZh')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>

        <Divider titlePlacement="start">{t('product.section.amount')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="minAmount" label={t('product.f.minAmount')} rules={yuanRules(t('product.f.minAmount'))}>
              <Input suffix="元" inputMode="decimal" data-testid="product-min-amount" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="maxAmount" label={t('product.f.maxAmount')} rules={yuanRules(t('product.f.maxAmount'))}>
              <Input suffix="元" inputMode="decimal" data-testid="product-max-amount-input" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="minTermMonths" label={t('product.f.minTermMonths')} rules={intRules(t('product.f.minTermMonths'))}>
              <InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="maxTermMonths" label={t('product.f.maxTermMonths')} rules={intRules(t('product.f.maxTermMonths'))}>
              <InputNumber min={1} max={360} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="bulletMaxTermMonths"
              label={t('product.f.bulletMaxTermMonths')}
              rules={intRules(t('product.f.bulletMaxTermMonths'))}
            >
              <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="repaymentMethods"
          label={t('product.f.repaymentMethods')}
          rules={[{ required: true, type: 'array', min: 1, message: t('common.select', { field: t('product.f.repaymentMethods') }) }]}
        >
          <Checkbox.Group options={REPAYMENT_METHODS.map((m) => ({ value: m, label: labels.method(m) }))} />
        </Form.Item>
        <Form.Item name="revolving" label={t('product.f.revolving')} valuePropName="checked">
          <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
        </Form.Item>
        <Form.Item name="whiteListOnly" label={t('product.f.whiteListOnly')} valuePropName="checked">
          <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
        </Form.Item>

        <Divider titlePlacement="start">{t('product.section.pricing')}</Divider>
        <Row gutter={16}>
          {GRADES.map((g) => (
            <Col span={6} key={g}>
              <Form.Item
                name={['pricing', 'spreadPctByGrade', g]}
                label={t('product.f.spread', { grade: g })}
                rules={pctRules(t('product.f.spread', { grade: g }))}
              >
                <Input prefix="+" suffix="%" inputMode="decimal" data-testid={`product-spread-${g}`} />
              </Form.Item>
            </Col>
          ))}
          <Col span={8}>
            <Form.Item name={['pricing', 'floorPct']} label={t('product.f.floorPct')} rules={pctRules(t('product.f.floorPct'))}>
              <Input suffix="%" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name={['pricing', 'ceilingPct']} label={t('product.f.ceilingPct')} rules={pctRules(t('product.f.ceilingPct'))}>
              <Input suffix="%" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="penaltyUpliftPct"
              label={t('product.f.penaltyUpliftPct')}
              extra={t('product.f.penaltyUpliftRule')}
              rules={pctRules(t('product.f.penaltyUpliftPct'))}
            >
              <Input suffix="%" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="dayCountBasis" label={t('product.f.dayCountBasis')}>
              <Select options={[360, 365].map((n) => ({ value: n, label: t('product.f.dayCountBasisValue', { n }) }))} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">{t('product.section.eligibility')}</Divider>
        <Row gutter={16}>
          <Col span={6}>
            <Form.Item name="minAge" label={t('product.f.minAge')} rules={intRules(t('product.f.minAge'))}>
              <InputNumber min={18} max={75} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="maxAge" label={t('product.f.maxAge')} rules={intRules(t('product.f.maxAge'))}>
              <InputNumber min={18} max={75} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="internetLoanCap" label={t('product.f.internetLoanCap')} rules={yuanRules(t('product.f.internetLoanCap'))}>
              <Input suffix="元" inputMode="decimal" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="serviceRegionPrefixes"
          label={t('product.f.serviceRegionPrefixes')}
          extra={t('product.f.serviceRegionRule')}
          rules={[
            { required: true, type: 'array', min: 1, message: t('common.required', { field: t('product.f.serviceRegionPrefixes') }) },
          ]}
        >
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
        </Form.Item>

        {(kind === 'PLEDGE' || kind === 'GUARANTEE') && <Divider titlePlacement="start">{t('product.section.security')}</Divider>}
        {kind === 'PLEDGE' && (
          <Form.Item name="pledgeRatePct" label={t('product.f.pledgeRatePct')} rules={pctRules(t('product.f.pledgeRatePct'))}>
            <Input suffix="%" inputMode="decimal" style={{ width: 220 }} />
          </Form.Item>
        )}
        {kind === 'GUARANTEE' && (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name={['guarantor', 'required']} label={t('product.f.guarantorRequired')} valuePropName="checked">
                <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['guarantor', 'maxCount']} label={t('product.f.guarantorMax')} rules={intRules(t('product.f.guarantorMax'))}>
                <InputNumber min={1} max={5} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}

        <Divider titlePlacement="start">{t('product.section.servicing')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="autoApproveMax"
              label={t('product.f.autoApproveMax')}
              extra={t('product.f.autoApproveRule')}
              rules={yuanRules(t('product.f.autoApproveMax'))}
            >
              <Input suffix="元" inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="referralDeadlineHours"
              label={t('product.f.referralDeadlineHours')}
              rules={intRules(t('product.f.referralDeadlineHours'))}
            >
              <InputNumber min={1} max={720} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="lineValidityMonths"
              label={t('product.f.lineValidityMonths')}
              rules={intRules(t('product.f.lineValidityMonths'))}
            >
              <InputNumber min={1} max={120} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name={['inspection', 'firstAfterDays']}
              label={t('product.f.inspectionFirstAfterDays')}
              rules={intRules(t('product.f.inspectionFirstAfterDays'))}
            >
              <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name={['inspection', 'everyDays']}
              label={t('product.f.inspectionEveryDays')}
              rules={intRules(t('product.f.inspectionEveryDays'))}
            >
              <InputNumber min={7} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="repaymentOrder"
          label={t('product.f.repaymentOrder')}
          rules={[
            {
              required: true,
              type: 'array',
              len: REPAYMENT_PARTS.length,
              message: t('common.select', { field: t('product.f.repaymentOrder') }),
            },
          ]}
        >
          <Select mode="multiple" options={REPAYMENT_PARTS.map((p) => ({ value: p, label: labels.part(p) }))} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

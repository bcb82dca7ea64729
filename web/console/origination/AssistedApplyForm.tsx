/**
 * 代客申请: the officer fills in the application with the customer beside them; the customer reads and
 * ticks the three authorisations on the officer's device. Submitted as channel OFFICER_ASSISTED; the
 * engine's answer is shown at once.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, Col, Descriptions, Divider, Form, Input, Result, Row, Select, Space, Typography } from 'antd';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import {
  CONSENT_KINDS,
  OCCUPATIONS,
  originationApi,
  REPAYMENT_METHODS,
  type ApplicationRequest,
  type ApplicationResult,
  type Occupation,
  type RepaymentMethod,
} from './api';
import { absoluteUrl, BULLET_MAX_TERM_MONTHS, fenToYuan, termChoices, yuan, yuanToFen } from './money';
import { ApplicationStatusTag, ReasonList, useProducts } from './ui';
import { amountRule, idNumberRule, mobileRule, normalizeIdNumber, normalizeMobile } from './validators';

interface Values {
  productCode: string;
  name: string;
  idNumber: string;
  mobile: string;
  occupation: Occupation;
  monthlyIncome: string;
  requestedAmount: string;
  termMonths: number;
  repaymentMethod: RepaymentMethod;
  guarantorName?: string;
  guarantorIdNumber?: string;
  guarantorMobile?: string;
  /** 共同借款人 (optional, typically the spouse): all three fields or none. */
  coBorrowerName?: string;
  coBorrowerIdNumber?: string;
  coBorrowerMobile?: string;
  pledgeCdNos?: string[];
}

const CO_BORROWER_FIELDS = ['coBorrowerName', 'coBorrowerIdNumber', 'coBorrowerMobile'] as const;

/** The pledge rate the CD hint names: the public product list does not carry a product's own (90 % is the default). */
const DEFAULT_PLEDGE_RATE_PCT = '90';
const CONSENT_FLAG: Record<(typeof CONSENT_KINDS)[number], keyof NonNullable<ApplicationRequest['consents']>> = {
  CREDIT_INQUIRY: 'creditInquiry',
  AUTOMATED_DECISION: 'automatedDecision',
  PERSONAL_INFORMATION: 'personalInformation',
};

function DecisionResult({ result, onAgain }: { result: ApplicationResult; onAgain: () => void }) {
  const { t } = useI18n();
  const status = result.status;
  const resultStatus = status === 'APPROVED' ? 'success' : status === 'DECLINED' ? 'error' : 'info';
  return (
    <Card className="hn-orig-decision" data-testid="officer-decision" data-status={status}>
      <Result
        status={resultStatus}
        title={
          <Space>
            {tryT(t, `orig.officer.result.${status}`, status)}
            <ApplicationStatusTag status={status} />
          </Space>
        }
        subTitle={t('orig.officer.resultSub', { id: String(result.id) })}
        extra={
          <Space wrap>
            <Link to={`/applications/${encodeURIComponent(String(result.id))}`}>
              <Button type="primary">{t('orig.officer.openApplication')}</Button>
            </Link>
            {result.creditLineId !== null && result.creditLineId !== undefined && (
              <Link to={`/credit-lines/${encodeURIComponent(String(result.creditLineId))}`}>
                <Button>{t('orig.officer.openLine')}</Button>
              </Link>
            )}
            <Button onClick={onAgain} data-testid="officer-apply-again">
              {t('orig.officer.again')}
            </Button>
          </Space>
        }
      />
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, lg: 4 }}
        items={[
          { key: 'grade', label: t('orig.grade'), children: result.decision?.grade ?? '—' },
          { key: 'score', label: t('orig.score'), children: result.decision?.score ?? '—' },
          { key: 'limit', label: t('orig.limit'), children: yuan(result.decision?.limit) },
          { key: 'rate', label: t('orig.rate'), children: result.decision?.annualRatePct ? `${result.decision.annualRatePct}%` : '—' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('orig.reasons')}
      </Typography.Title>
      <ReasonList reasons={result.decision?.reasons} />
      {result.guaranteeLink && (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          title={t('orig.officer.guaranteeLink')}
          description={
            <Typography.Link href={absoluteUrl(result.guaranteeLink)} target="_blank" className="hn-orig-link" copyable>
              {absoluteUrl(result.guaranteeLink)}
            </Typography.Link>
          }
        />
      )}
    </Card>
  );
}

export function AssistedApplyForm() {
  const { t } = useI18n();
  const products = useProducts();
  const [form] = Form.useForm<Values>();
  const [consents, setConsents] = useState<Record<string, boolean>>({});
  const [consentError, setConsentError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ApplicationResult | null>(null);

  const productCode = Form.useWatch('productCode', form);
  const method = Form.useWatch('repaymentMethod', form);
  const product = products.find(productCode);
  const kind = product?.kind ?? (productCode === 'BAOZHENG_E_DAI' ? 'GUARANTEE' : productCode === 'ZHIYA_E_DAI' ? 'PLEDGE' : 'CREDIT');
  const methods: readonly RepaymentMethod[] = product?.repaymentMethods?.length ? product.repaymentMethods : REPAYMENT_METHODS;
  const maxTerm =
    method === 'BULLET'
      ? Math.min(product?.maxTermMonths ?? 36, product?.bulletMaxTermMonths ?? BULLET_MAX_TERM_MONTHS)
      : (product?.maxTermMonths ?? 36);
  const terms = termChoices(product?.minTermMonths ?? 1, maxTerm);
  const allConsented = CONSENT_KINDS.every((k) => consents[k]);

  const onProduct = (code: string) => {
    const p = products.find(code);
    const ms = p?.repaymentMethods?.length ? p.repaymentMethods : REPAYMENT_METHODS;
    const ts = termChoices(p?.minTermMonths ?? 1, p?.maxTermMonths ?? 36);
    form.setFieldsValue({ repaymentMethod: ms[0], termMonths: ts.filter((x) => x <= 12).pop() ?? ts[0] });
  };

  const submit = async (v: Values) => {
    if (!allConsented) {
      setConsentError(true);
      return;
    }
    const flags: NonNullable<ApplicationRequest['consents']> = {
      creditInquiry: false,
      automatedDecision: false,
      personalInformation: false,
    };
    for (const k of CONSENT_KINDS) flags[CONSENT_FLAG[k]] = !!consents[k];
    const body: ApplicationRequest = {
      productCode: v.productCode,
      channel: 'OFFICER_ASSISTED',
      applicant: {
        name: v.name.trim(),
        idNumber: normalizeIdNumber(v.idNumber) ?? v.idNumber.trim(),
        mobile: normalizeMobile(v.mobile) ?? v.mobile.trim(),
        occupation: v.occupation,
        monthlyIncome: fenToYuan(yuanToFen(v.monthlyIncome) ?? 0n),
      },
      requestedAmount: fenToYuan(yuanToFen(v.requestedAmount) ?? 0n),
      termMonths: v.termMonths,
      repaymentMethod: v.repaymentMethod,
      consents: flags,
    };
    if (kind === 'GUARANTEE' && v.guarantorName && v.guarantorIdNumber && v.guarantorMobile) {
      body.guarantor = {
        name: v.guarantorName.trim(),
        idNumber: normalizeIdNumber(v.guarantorIdNumber) ?? v.guarantorIdNumber.trim(),
        mobile: normalizeMobile(v.guarantorMobile) ?? v.guarantorMobile.trim(),
      };
    }
    if (v.coBorrowerName?.trim() && v.coBorrowerIdNumber?.trim() && v.coBorrowerMobile?.trim()) {
      body.coBorrowers = [
        {
          name: v.coBorrowerName.trim(),
          idNumber: normalizeIdNumber(v.coBorrowerIdNumber) ?? v.coBorrowerIdNumber.trim(),
          mobile: normalizeMobile(v.coBorrowerMobile) ?? v.coBorrowerMobile.trim(),
        },
      ];
    }
    if (kind === 'PLEDGE') body.pledgeCdNos = (v.pledgeCdNos ?? []).map((s) => s.trim()).filter(Boolean);
    setBusy(true);
    try {
      setResult(await originationApi.apply(body));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const again = () => {
    setResult(null);
    setConsents({});
    form.resetFields();
  };

  if (result) return <DecisionResult result={result} onAgain={again} />;

  const required = (field: string) => ({ required: true, message: t('common.required', { field }) });
  const idMsg = t('orig.form.badId');
  const mobileMsg = t('orig.form.badMobile');

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={(v) => void submit(v)}
      initialValues={{ termMonths: 12 }}
      data-testid="officer-apply-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="productCode"
            label={t('orig.product')}
            rules={[{ required: true, message: t('common.select', { field: t('orig.product') }) }]}
          >
            <Select options={products.options} onChange={onProduct} data-testid="officer-apply-product" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('orig.officer.applicant')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="name"
            label={t('orig.form.name')}
            rules={[required(t('orig.form.name')), { min: 2, max: 20, message: t('orig.form.badName') }]}
          >
            <Input maxLength={20} data-testid="officer-apply-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="idNumber" label={t('orig.idNumber')} rules={[required(t('orig.idNumber')), idNumberRule(idMsg)]}>
            <Input maxLength={18} data-testid="officer-apply-id" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="mobile" label={t('orig.mobile')} rules={[required(t('orig.mobile')), mobileRule(mobileMsg)]}>
            <Input maxLength={16} data-testid="officer-apply-mobile" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="occupation"
            label={t('orig.occupation')}
            rules={[{ required: true, message: t('common.select', { field: t('orig.occupation') }) }]}
          >
            <Select options={OCCUPATIONS.map((o) => ({ value: o, label: t(`orig.occ.${o}`) }))} data-testid="officer-apply-occupation" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="monthlyIncome"
            label={t('orig.income')}
            rules={[required(t('orig.income')), amountRule({ format: t('orig.form.badAmount'), range: t('orig.form.badAmount') })]}
          >
            <Input prefix="¥" inputMode="decimal" data-testid="officer-apply-income" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('orig.officer.loan')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="requestedAmount"
            label={t('orig.requested')}
            extra={product ? t('orig.form.range', { min: yuan(product.minAmount), max: yuan(product.maxAmount) }) : undefined}
            rules={[
              required(t('orig.requested')),
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
            <Input prefix="¥" inputMode="decimal" data-testid="officer-apply-amount" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="termMonths" label={t('orig.term')} rules={[{ required: true }]}>
            <Select options={terms.map((m) => ({ value: m, label: t('orig.months', { n: m }) }))} data-testid="officer-apply-term" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="repaymentMethod"
            label={t('orig.method')}
            rules={[{ required: true, message: t('common.select', { field: t('orig.method') }) }]}
          >
            <Select options={methods.map((m) => ({ value: m, label: t(`orig.method.${m}`) }))} data-testid="officer-apply-method" />
          </Form.Item>
        </Col>
      </Row>

      {kind === 'GUARANTEE' && (
        <>
          <Divider titlePlacement="start">{t('orig.section.guarantee')}</Divider>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="guarantorName" label={t('orig.form.name')} rules={[required(t('orig.form.name'))]}>
                <Input maxLength={20} data-testid="officer-apply-guarantor-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="guarantorIdNumber"
                label={t('orig.idNumber')}
                dependencies={['idNumber']}
                rules={[
                  required(t('orig.idNumber')),
                  idNumberRule(idMsg),
                  ({ getFieldValue }) => ({
                    validator: async (_: unknown, v: string | undefined) => {
                      const a = normalizeIdNumber(getFieldValue('idNumber') ?? '');
                      if (v && a && normalizeIdNumber(v) === a) throw new Error(t('orig.form.guarantorSelf'));
                    },
                  }),
                ]}
              >
                <Input maxLength={18} data-testid="officer-apply-guarantor-id" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="guarantorMobile" label={t('orig.mobile')} rules={[required(t('orig.mobile')), mobileRule(mobileMsg)]}>
                <Input maxLength={16} data-testid="officer-apply-guarantor-mobile" />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}

      <Divider titlePlacement="start">{t('orig.section.coBorrower')}</Divider>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item
            name="coBorrowerName"
            label={t('orig.form.name')}
            dependencies={[...CO_BORROWER_FIELDS]}
            extra={t('orig.form.coBorrowerHint')}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_: unknown, v: string | undefined) => {
                  const any = CO_BORROWER_FIELDS.some((f) => String(getFieldValue(f) ?? '').trim() !== '');
                  if (any && !CO_BORROWER_FIELDS.every((f) => String(getFieldValue(f) ?? '').trim() !== '') && !v?.trim())
                    throw new Error(t('orig.form.coBorrowerAll'));
                },
              }),
            ]}
          >
            <Input maxLength={20} data-testid="officer-apply-coborrower-name" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="coBorrowerIdNumber"
            label={t('orig.idNumber')}
            dependencies={['idNumber', 'guarantorIdNumber', ...CO_BORROWER_FIELDS]}
            rules={[
              idNumberRule(idMsg),
              ({ getFieldValue }) => ({
                validator: async (_: unknown, v: string | undefined) => {
                  const mine = v ? normalizeIdNumber(v) : null;
                  if (mine && mine === normalizeIdNumber(getFieldValue('idNumber') ?? '')) throw new Error(t('orig.form.coBorrowerSelf'));
                  if (mine && mine === normalizeIdNumber(getFieldValue('guarantorIdNumber') ?? ''))
                    throw new Error(t('orig.form.coBorrowerGuarantor'));
                  if (!v?.trim() && CO_BORROWER_FIELDS.some((f) => String(getFieldValue(f) ?? '').trim() !== ''))
                    throw new Error(t('orig.form.coBorrowerAll'));
                },
              }),
            ]}
          >
            <Input maxLength={18} data-testid="officer-apply-coborrower-id" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="coBorrowerMobile"
            label={t('orig.mobile')}
            dependencies={[...CO_BORROWER_FIELDS]}
            rules={[
              mobileRule(mobileMsg),
              ({ getFieldValue }) => ({
                validator: async (_: unknown, v: string | undefined) => {
                  if (!v?.trim() && CO_BORROWER_FIELDS.some((f) => String(getFieldValue(f) ?? '').trim() !== ''))
                    throw new Error(t('orig.form.coBorrowerAll'));
                },
              }),
            ]}
          >
            <Input maxLength={16} data-testid="officer-apply-coborrower-mobile" />
          </Form.Item>
        </Col>
      </Row>

      {kind === 'PLEDGE' && (
        <>
          <Divider titlePlacement="start">{t('orig.section.pledges')}</Divider>
          <Form.Item
            name="pledgeCdNos"
            label={t('orig.officer.cdNos')}
            extra={t('orig.officer.cdNosHint', { rate: DEFAULT_PLEDGE_RATE_PCT })}
            rules={[{ required: true, type: 'array', min: 1, message: t('orig.officer.cdNosRequired') }]}
          >
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} data-testid="officer-apply-cds" />
          </Form.Item>
        </>
      )}

      <Divider titlePlacement="start">{t('orig.officer.consents')}</Divider>
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('orig.officer.consentsHint')} />
      <Space orientation="vertical" data-testid="officer-apply-consents">
        {CONSENT_KINDS.map((k) => (
          <Checkbox
            key={k}
            checked={!!consents[k]}
            onChange={(e) => {
              const next = { ...consents, [k]: e.target.checked };
              setConsents(next);
              if (CONSENT_KINDS.every((x) => next[x])) setConsentError(false);
            }}
            data-testid={`officer-consent-${k}`}
          >
            {t('orig.officer.consentOf', { title: t(`orig.consent.${k}`) })}
          </Checkbox>
        ))}
      </Space>
      {consentError && (
        <div>
          <Typography.Text type="danger">{t('orig.officer.consentsRequired')}</Typography.Text>
        </div>
      )}
      <div style={{ marginTop: 20 }}>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="officer-apply-submit">
          {t('orig.officer.submit')}
        </Button>
      </div>
    </Form>
  );
}

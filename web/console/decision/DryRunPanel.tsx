/**
 * 试算: a sample applicant run through a stored version or the draft being edited. Shows outcome,
 * score, grade, limit, rate, the reasons and the rules that fired. Nothing is recorded.
 */
import { useState } from 'react';
import {
  Button,
  Card,
  Checkbox,
  Col,
  Collapse,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ExperimentOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { pickLang } from '../../shared/i18n';
import { useI18n } from '../i18n';
import { compactJson } from '../shell/format';
import { showError } from '../shell/feedback';
import {
  decisionApi,
  OCCUPATIONS,
  problemsOf,
  type DecisionInputApi,
  type DryRunResult,
  type Occupation,
  type PolicyDocument,
  type PolicyProblem,
} from './api';
import { PolicyProblems } from './PolicyProblems';

/** A sample product: the decision input's product fields the form does not ask for. */
type ProductPreset = Pick<DecisionInputApi['product'], 'kind' | 'minAmount' | 'maxAmount' | 'minAge' | 'maxAge' | 'autoApproveMax'> & {
  code: 'XIN_E_DAI' | 'BAOZHENG_E_DAI' | 'ZHIYA_E_DAI';
};

/** Sample product parameters for the dry run (the products module holds the real ones). */
const PRODUCTS: readonly ProductPreset[] = [
  { code: 'XIN_E_DAI', kind: 'CREDIT', minAmount: '1000.00', maxAmount: '200000.00', minAge: 25, maxAge: 55, autoApproveMax: '50000.00' },
  {
    code: 'BAOZHENG_E_DAI',
    kind: 'GUARANTEE',
    minAmount: '1000.00',
    maxAmount: '300000.00',
    minAge: 25,
    maxAge: 55,
    autoApproveMax: '100000.00',
  },
  {
    code: 'ZHIYA_E_DAI',
    kind: 'PLEDGE',
    minAmount: '1000.00',
    maxAmount: '1000000.00',
    minAge: 18,
    maxAge: 65,
    autoApproveMax: '1000000.00',
  },
];

interface FormValues {
  product: ProductPreset['code'];
  regionCode: string;
  age: number;
  monthlyIncome: string;
  occupation: Occupation;
  yearsAsCustomer: number;
  amount: string;
  termMonths: number;
  existingDebt: string;
  currentOverdue: string;
  worstStatus24m: number;
  inquiries6m: number;
  reportedMonthlyIncome?: string;
  courtEnforcement: boolean;
  dishonest: boolean;
  bankBlacklist: boolean;
  nameMatchesBureau: boolean;
  averageBalance: string;
  existingUnsecuredOnlineCredit: string;
  pledgePrincipal: string;
  pledgeRatePct: string;
  guarantorCapacity: string;
  lprPct: string;
}

/** A local 30-year-old enterprise employee asking 信e贷 for ¥30,000 (the demo acceptance case). */
const SAMPLE: FormValues = {
  product: 'XIN_E_DAI',
  regionCode: '370812',
  age: 30,
  monthlyIncome: '6000.00',
  occupation: 'ENTERPRISE_EMPLOYEE',
  yearsAsCustomer: 3,
  amount: '30000.00',
  termMonths: 12,
  existingDebt: '0.00',
  currentOverdue: '0.00',
  worstStatus24m: 0,
  inquiries6m: 1,
  reportedMonthlyIncome: '',
  courtEnforcement: false,
  dishonest: false,
  bankBlacklist: false,
  nameMatchesBureau: true,
  averageBalance: '20000.00',
  existingUnsecuredOnlineCredit: '0.00',
  pledgePrincipal: '100000.00',
  pledgeRatePct: '90',
  guarantorCapacity: '150000.00',
  lprPct: '3.00',
};

const YUAN = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

function toInput(v: FormValues): DecisionInputApi {
  const p = PRODUCTS.find((x) => x.code === v.product) ?? PRODUCTS[0];
  return {
    applicant: {
      regionCode: v.regionCode,
      age: v.age,
      monthlyIncome: v.monthlyIncome,
      occupation: v.occupation,
      yearsAsCustomer: v.yearsAsCustomer,
    },
    product: {
      code: p.code,
      kind: p.kind,
      minAmount: p.minAmount,
      maxAmount: p.maxAmount,
      minAge: p.minAge,
      maxAge: p.maxAge,
      autoApproveMax: p.autoApproveMax,
      internetLoanCap: '200000.00',
      floorPct: '3.45',
      ceilingPct: '12.00',
    },
    request: { amount: v.amount, termMonths: v.termMonths },
    bureau: {
      existingDebt: v.existingDebt,
      currentOverdue: v.currentOverdue,
      worstStatus24m: v.worstStatus24m,
      inquiries6m: v.inquiries6m,
      reportedMonthlyIncome: v.reportedMonthlyIncome?.trim() ? v.reportedMonthlyIncome.trim() : null,
    },
    lists: { courtEnforcement: v.courtEnforcement, dishonest: v.dishonest, bankBlacklist: v.bankBlacklist },
    deposits: { averageBalance: v.averageBalance },
    existingUnsecuredOnlineCredit: v.existingUnsecuredOnlineCredit,
    pledge: p.kind === 'PLEDGE' ? { totalPrincipal: v.pledgePrincipal, pledgeRatePct: v.pledgeRatePct } : null,
    guarantor: p.kind === 'GUARANTEE' ? { capacity: v.guarantorCapacity } : null,
    pricing: { lprPct: v.lprPct },
    checks: { nameMatchesBureau: v.nameMatchesBureau },
  };
}

const OUTCOME_COLORS: Record<DryRunResult['outcome'], string> = { APPROVE: 'success', DECLINE: 'error', REFER: 'warning' };

export type DryRunSource = { kind: 'version'; version: string } | { kind: 'draft'; document: () => PolicyDocument; label: string };

export function DryRunPanel({ source }: { source: DryRunSource }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const product = Form.useWatch('product', form) ?? SAMPLE.product;
  const preset = PRODUCTS.find((p) => p.code === product) ?? PRODUCTS[0];
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<DryRunResult | null>(null);
  const [problems, setProblems] = useState<PolicyProblem[]>([]);

  const yuanRule = { pattern: YUAN, message: t('decision.invalidAmount') };
  const optionalYuan = {
    validator: (_: unknown, v?: string) =>
      !v || !v.trim() || YUAN.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('decision.invalidAmount'))),
  };

  const run = async (values: FormValues) => {
    setRunning(true);
    setProblems([]);
    try {
      const input = toInput(values);
      const body = source.kind === 'version' ? { version: source.version, input } : { document: source.document(), input };
      setResult(await decisionApi.evaluate(body));
    } catch (e) {
      setResult(null);
      if (isApiError(e)) setProblems(problemsOf(e.details));
      showError(e);
    } finally {
      setRunning(false);
    }
  };

  const worstOptions = Array.from({ length: 8 }, (_, n) => ({
    value: n,
    label: t('decision.worstStatusValue', { n, label: n === 0 ? t('decision.neverLate') : `M${n}${n === 7 ? '+' : ''}` }),
  }));

  return (
    <Card
      title={
        <Space>
          <ExperimentOutlined />
          {t('decision.dryRun')}
          <Tag>{source.kind === 'version' ? t('decision.dryRunVersion', { version: source.version }) : source.label}</Tag>
        </Space>
      }
      data-testid="decision-dryrun"
    >
      <Typography.Paragraph type="secondary">{t('decision.dryRunHint')}</Typography.Paragraph>
      <Form<FormValues> form={form} layout="vertical" initialValues={SAMPLE} onFinish={(v) => void run(v)} size="small">
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              name="product"
              label={t('decision.product')}
              extra={t('decision.productHint', {
                min: preset.minAmount,
                max: preset.maxAmount,
                minAge: preset.minAge,
                maxAge: preset.maxAge,
                auto: preset.autoApproveMax,
              })}
            >
              <Select
                options={PRODUCTS.map((p) => ({ value: p.code, label: t(`decision.product.${p.code}`) }))}
                data-testid="decision-dryrun-product"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="amount" label={t('decision.amount')} rules={[{ required: true }, yuanRule]}>
              <Input data-testid="decision-dryrun-amount" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="termMonths" label={t('decision.termMonths')} rules={[{ required: true }]}>
              <InputNumber<number> min={1} max={360} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="lprPct" label={t('decision.lpr')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          </Col>
          {preset.kind === 'PLEDGE' && (
            <>
              <Col xs={12} md={4}>
                <Form.Item name="pledgePrincipal" label={t('decision.pledgePrincipal')} rules={[{ required: true }, yuanRule]}>
                  <Input />
                </Form.Item>
              </Col>
              <Col xs={12} md={4}>
                <Form.Item name="pledgeRatePct" label={t('decision.pledgeRate')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
              </Col>
            </>
          )}
          {preset.kind === 'GUARANTEE' && (
            <Col xs={12} md={4}>
              <Form.Item name="guarantorCapacity" label={t('decision.guarantorCapacity')} rules={[{ required: true }, yuanRule]}>
                <Input />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Divider titlePlacement="start" plain>
          {t('decision.applicant')}
        </Divider>
        <Row gutter={16}>
          <Col xs={12} md={4}>
            <Form.Item name="regionCode" label={t('decision.regionCode')} rules={[{ required: true, pattern: /^\d{6}$/ }]}>
              <Input maxLength={6} data-testid="decision-dryrun-region" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="age" label={t('decision.age')} rules={[{ required: true }]}>
              <InputNumber<number> min={0} max={150} precision={0} style={{ width: '100%' }} data-testid="decision-dryrun-age" />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="monthlyIncome" label={t('decision.monthlyIncome')} rules={[{ required: true }, yuanRule]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="occupation" label={t('decision.occupation')}>
              <Select options={OCCUPATIONS.map((o) => ({ value: o, label: t(`decision.occupation.${o}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="yearsAsCustomer" label={t('decision.yearsAsCustomer')} rules={[{ required: true }]}>
              <InputNumber<number> min={0} max={150} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="averageBalance" label={t('decision.averageBalance')} rules={[{ required: true }, yuanRule]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('decision.bureau')}
        </Divider>
        <Row gutter={16}>
          <Col xs={12} md={4}>
            <Form.Item name="existingDebt" label={t('decision.existingDebt')} rules={[{ required: true }, yuanRule]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="currentOverdue" label={t('decision.currentOverdue')} rules={[{ required: true }, yuanRule]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="worstStatus24m" label={t('decision.worstStatus')}>
              <Select options={worstOptions} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="inquiries6m" label={t('decision.inquiries')} rules={[{ required: true }]}>
              <InputNumber<number> min={0} max={10000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="reportedMonthlyIncome" label={t('decision.reportedIncome')} rules={[optionalYuan]}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item
              name="existingUnsecuredOnlineCredit"
              label={t('decision.existingOnlineCredit')}
              rules={[{ required: true }, yuanRule]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Space wrap size={16}>
              <Form.Item name="courtEnforcement" valuePropName="checked" noStyle>
                <Checkbox data-testid="decision-dryrun-court">{t('decision.courtEnforcement')}</Checkbox>
              </Form.Item>
              <Form.Item name="dishonest" valuePropName="checked" noStyle>
                <Checkbox>{t('decision.dishonest')}</Checkbox>
              </Form.Item>
              <Form.Item name="bankBlacklist" valuePropName="checked" noStyle>
                <Checkbox>{t('decision.bankBlacklist')}</Checkbox>
              </Form.Item>
              <Form.Item name="nameMatchesBureau" valuePropName="checked" noStyle>
                <Checkbox>{t('decision.nameMatches')}</Checkbox>
              </Form.Item>
            </Space>
          </Col>
        </Row>
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" icon={<ExperimentOutlined />} loading={running} data-testid="decision-dryrun-run">
            {t('decision.run')}
          </Button>
          <Button onClick={() => form.resetFields()}>{t('common.reset')}</Button>
        </Space>
      </Form>

      {problems.length > 0 && <PolicyProblems problems={problems} style={{ marginTop: 16 }} />}

      {result && (
        <div style={{ marginTop: 16 }} data-testid="decision-dryrun-result">
          <Divider titlePlacement="start">{t('decision.result')}</Divider>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2, lg: 5 }}
            items={[
              {
                key: 'outcome',
                label: t('common.status'),
                children: (
                  <Tag color={OUTCOME_COLORS[result.outcome]} data-testid="decision-dryrun-outcome" data-outcome={result.outcome}>
                    {t(`decision.outcome.${result.outcome}`)}
                  </Tag>
                ),
              },
              { key: 'score', label: t('decision.score'), children: result.score },
              { key: 'grade', label: t('decision.grade'), children: <span data-testid="decision-dryrun-grade">{result.grade}</span> },
              { key: 'limit', label: t('decision.limit'), children: <span data-testid="decision-dryrun-limit">{result.limit}</span> },
              { key: 'rate', label: t('decision.rate'), children: <span data-testid="decision-dryrun-rate">{result.annualRatePct}%</span> },
            ]}
          />
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('decision.reasons')}
          </Typography.Title>
          {result.reasons.length === 0 ? (
            <Typography.Text type="secondary">{t('decision.noReasons')}</Typography.Text>
          ) : (
            <List
              size="small"
              bordered
              dataSource={result.reasons}
              data-testid="decision-dryrun-reasons"
              renderItem={(r) => (
                <List.Item>
                  <Space>
                    <Tag>{r.code}</Tag>
                    {pickLang(lang, r.messageZh, r.messageEn)}
                  </Space>
                </List.Item>
              )}
            />
          )}
          <Collapse
            style={{ marginTop: 16 }}
            size="small"
            items={[
              {
                key: 'fired',
                label: `${t('decision.firedRules')}（${result.firedRules.length}）`,
                children: (
                  <Table
                    size="small"
                    pagination={false}
                    rowKey={(_, i) => String(i)}
                    dataSource={result.firedRules}
                    columns={[
                      { key: 'node', title: t('decision.node'), dataIndex: 'nodeName', width: 200 },
                      { key: 'rule', title: t('decision.ruleId'), dataIndex: 'ruleId', width: 220, render: (v?: string) => v ?? '—' },
                      {
                        key: 'output',
                        title: t('decision.output'),
                        dataIndex: 'output',
                        render: (v: unknown) => (
                          <Typography.Text code style={{ wordBreak: 'break-all', fontSize: 12 }}>
                            {compactJson(v)}
                          </Typography.Text>
                        ),
                      },
                    ]}
                  />
                ),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            {t('decision.policyUsed', { version: result.policyVersion })} ·{' '}
            {t('decision.duration', { ms: (result.durationMicros / 1000).toFixed(2) })}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}

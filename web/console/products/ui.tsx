/** Display helpers of the products pages. Amounts stay strings: no float ever touches them. */
import { Descriptions, Space, Tag, Typography } from 'antd';
import { tryT, useI18n } from '../i18n';
import { GRADES, type ProductKind, type ProductParamsApi, type VersionState } from './api';

/** Amounts are grouped by the web apps' one yuan display (no floating point touches them). */
import { groupYuan } from '../../shared/money';

export { groupYuan };

const KIND_COLORS: Record<ProductKind, string> = { CREDIT: 'blue', GUARANTEE: 'purple', PLEDGE: 'gold' };
const STATE_COLORS: Record<VersionState, string> = { IN_EFFECT: 'green', SCHEDULED: 'processing', SUPERSEDED: 'default' };

export function KindTag({ kind }: { kind: ProductKind }) {
  const { t } = useI18n();
  return <Tag color={KIND_COLORS[kind] ?? 'default'}>{tryT(t, `product.kind.${kind}`, kind)}</Tag>;
}

export function StateTag({ state }: { state: VersionState }) {
  const { t } = useI18n();
  return <Tag color={STATE_COLORS[state] ?? 'default'}>{tryT(t, `product.state.${state}`, state)}</Tag>;
}

export function useProductLabels() {
  const { t } = useI18n();
  return {
    method: (m: string) => tryT(t, `product.method.${m}`, m),
    part: (p: string) => tryT(t, `product.part.${p}`, p),
    tenor: (x: string) => tryT(t, `lpr.tenor.${x}`, x),
  };
}

export function MethodTags({ methods }: { methods: string[] }) {
  const labels = useProductLabels();
  return (
    <Space size={[4, 4]} wrap>
      {methods.map((m) => (
        <Tag key={m}>{labels.method(m)}</Tag>
      ))}
    </Space>
  );
}

const pct = (v: string | null | undefined) => (v === null || v === undefined ? '—' : `${v}%`);

/** A parameter set, read-only, in the sections of the edit form. */
export function ParamsDescriptions({ params, testId }: { params: ProductParamsApi; testId?: string }) {
  const { t } = useI18n();
  const labels = useProductLabels();
  const na = t('product.f.notApplicable');
  const yuan = (v: string) => <span className="hn-mono">{groupYuan(v)} 元</span>;
  const months = (n: number) => t('product.months', { n });
  const col = { xs: 1, sm: 2, lg: 3 };
  return (
    <div data-testid={testId}>
      <Descriptions size="small" bordered column={col} title={t('product.section.basic')}>
        <Descriptions.Item label={t('product.f.nameZh')}>{params.nameZh}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.nameEn')}>{params.nameEn}</Descriptions.Item>
        <Descriptions.Item label={t('product.kind')}>
          <KindTag kind={params.kind} />
        </Descriptions.Item>
        <Descriptions.Item label={t('product.f.descriptionZh')} span="filled">
          {params.descriptionZh}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={col} title={t('product.section.amount')} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('product.f.minAmount')}>{yuan(params.minAmount)}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.maxAmount')}>
          <span data-testid="product-max-amount">{yuan(params.maxAmount)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('product.f.revolving')}>
          {params.revolving ? t('product.f.revolvingYes') : t('product.f.revolvingNo')}
        </Descriptions.Item>
        <Descriptions.Item label={t('product.f.whiteListOnly')}>
          {params.whiteListOnly ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('product.termRange')}>
          {t('product.monthsRange', { min: params.minTermMonths, max: params.maxTermMonths })}
        </Descriptions.Item>
        <Descriptions.Item label={t('product.f.bulletMaxTermMonths')}>{months(params.bulletMaxTermMonths)}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.repaymentMethods')}>
          <MethodTags methods={params.repaymentMethods} />
        </Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={col} title={t('product.section.pricing')} style={{ marginTop: 16 }}>
        {GRADES.map((g) => (
          <Descriptions.Item key={g} label={t('product.f.spread', { grade: g })}>
            LPR + {pct(params.pricing.spreadPctByGrade[g])}
          </Descriptions.Item>
        ))}
        <Descriptions.Item label={t('product.f.floorPct')}>{pct(params.pricing.floorPct)}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.ceilingPct')}>{pct(params.pricing.ceilingPct)}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.penaltyUpliftPct')}>{pct(params.penaltyUpliftPct)}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.dayCountBasis')}>
          {t('product.f.dayCountBasisValue', { n: params.dayCountBasis })}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={col} title={t('product.section.eligibility')} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('product.f.minAge')}>{params.minAge}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.maxAge')}>{params.maxAge}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.serviceRegionPrefixes')}>{params.serviceRegionPrefixes.join('、')}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.internetLoanCap')}>{yuan(params.internetLoanCap)}</Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={col} title={t('product.section.security')} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('product.f.pledgeRatePct')}>
          {params.pledgeRatePct === null ? na : pct(params.pledgeRatePct)}
        </Descriptions.Item>
        <Descriptions.Item label={t('product.f.guarantorRequired')}>
          {params.guarantor === null ? na : params.guarantor.required ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('product.f.guarantorMax')}>
          {params.guarantor === null ? na : params.guarantor.maxCount}
        </Descriptions.Item>
      </Descriptions>
      <Descriptions size="small" bordered column={col} title={t('product.section.servicing')} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('product.f.autoApproveMax')}>{yuan(params.autoApproveMax)}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.referralDeadlineHours')}>{params.referralDeadlineHours}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.lineValidityMonths')}>{months(params.lineValidityMonths)}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.inspectionFirstAfterDays')}>{params.inspection.firstAfterDays}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.inspectionEveryDays')}>{params.inspection.everyDays}</Descriptions.Item>
        <Descriptions.Item label={t('product.f.repaymentOrder')} span="filled">
          <Typography.Text>{params.repaymentOrder.map(labels.part).join(' → ')}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

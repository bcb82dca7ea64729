/**
 * What the customer asks for: amount (inside the product's range; for 质押e贷 at most the pledge rate of
 * the chosen certificates), term, repayment method, occupation and monthly income, with a live trial
 * schedule at the product's indicative rate; a guarantor for 保证e贷, own certificates for 质押e贷.
 */
import { useEffect, useMemo } from 'react';
import { Button, Card, Checkbox, Tag } from 'antd-mobile';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MobileMessageKey } from '../i18n';
import {
  isGuaranteeProduct,
  isPledgeProduct,
  mobileApi,
  OCCUPATIONS,
  REPAYMENT_METHODS,
  type Certificate,
  type IdentityInput,
  type Occupation,
  type PublicProduct,
  type RepaymentMethod,
  type TrialRequest,
} from '../api';
import {
  BULLET_MAX_TERM_MONTHS,
  checkIdNumber,
  checkMobile,
  checkName,
  cny,
  fenToYuan,
  formatDate,
  NAME_MAX_LENGTH,
  NAME_MIN_LENGTH,
  percentOfFen,
  termChoices,
  todayIso,
  yuanToFen,
} from '../format';
import { useTrial } from '../trial';
import { errorText, InfoRow, LoadFailed, Loading, methodLabel, SelectField, TextField } from '../ui';

export interface Draft {
  amount: string;
  term: number;
  method: RepaymentMethod | '';
  occupation: Occupation | '';
  income: string;
  guarantorName: string;
  guarantorId: string;
  guarantorMobile: string;
  /** 共同借款人 (optional): all three fields or none. */
  coBorrowerName: string;
  coBorrowerId: string;
  coBorrowerMobile: string;
  cdNos: string[];
}

export const EMPTY_DRAFT: Draft = {
  amount: '',
  term: 12,
  method: '',
  occupation: '',
  income: '',
  guarantorName: '',
  guarantorId: '',
  guarantorMobile: '',
  coBorrowerName: '',
  coBorrowerId: '',
  coBorrowerMobile: '',
  cdNos: [],
};

export type DraftErrors = Partial<Record<keyof Draft, string>>;

/** 质押e贷's default pledge rate: the public products list does not carry a product's own. */
export const DEFAULT_PLEDGE_RATE_PCT = '90';

type T = ReturnType<typeof useI18n>['t'];

/** The highest amount the chosen certificates allow (pledge rate × principal, half-up to the fen). */
export function pledgeCapFen(certs: Certificate[], cdNos: string[], ratePct: string): bigint {
  let total = 0n;
  for (const c of certs) if (cdNos.includes(c.cdNo)) total += yuanToFen(c.principal) ?? 0n;
  return percentOfFen(total, ratePct);
}

export function validateDraft(
  t: T,
  d: Draft,
  product: PublicProduct | null,
  opts: { applicantIdNumber?: string; pledgeCapFen?: bigint | null; productCode: string },
): DraftErrors {
  const e: DraftErrors = {};
  const fen = yuanToFen(d.amount);
  if (!d.amount.trim()) e.amount = t('m.err.amountRequired');
  else if (fen === null || fen <= 0n) e.amount = t('m.err.amountFormat');
  else if (product) {
    const min = yuanToFen(product.minAmount) ?? 0n;
    const max = yuanToFen(product.maxAmount);
    if (fen < min || (max !== null && fen > max))
      e.amount = t('m.err.amountRange', { min: cny(product.minAmount), max: cny(product.maxAmount) });
  }
  if (!e.amount && opts.pledgeCapFen !== undefined && opts.pledgeCapFen !== null && fen !== null && fen > opts.pledgeCapFen) {
    e.amount = t('m.err.pledgeCap', { max: cny(fenToYuan(opts.pledgeCapFen)) });
  }
  if (!d.method) e.method = t('m.err.method');
  if (!d.term) e.term = t('m.err.term');
  if (!d.occupation) e.occupation = t('m.err.occupation');
  const income = yuanToFen(d.income);
  if (!d.income.trim()) e.income = t('m.err.incomeRequired');
  else if (income === null || income <= 0n) e.income = t('m.err.amountFormat');
  const code = product?.code ?? opts.productCode;
  if (isGuaranteeProduct({ code, kind: product?.kind })) {
    if (!checkName(d.guarantorName)) e.guarantorName = t('m.err.name', { min: String(NAME_MIN_LENGTH), max: String(NAME_MAX_LENGTH) });
    const gid = checkIdNumber(d.guarantorId);
    if (!gid) e.guarantorId = d.guarantorId.trim() ? t('m.err.idNumber') : t('m.err.idRequired');
    else if (opts.applicantIdNumber && gid === opts.applicantIdNumber.toUpperCase()) e.guarantorId = t('m.err.guarantorSelf');
    if (!checkMobile(d.guarantorMobile)) e.guarantorMobile = d.guarantorMobile.trim() ? t('m.err.mobile') : t('m.err.mobileRequired');
  }
  if (isPledgeProduct({ code, kind: product?.kind }) && d.cdNos.length === 0) e.cdNos = t('m.err.pledgeNone');
  if (d.coBorrowerName.trim() || d.coBorrowerId.trim() || d.coBorrowerMobile.trim()) {
    if (!checkName(d.coBorrowerName)) e.coBorrowerName = t('m.err.name', { min: String(NAME_MIN_LENGTH), max: String(NAME_MAX_LENGTH) });
    const cid = checkIdNumber(d.coBorrowerId);
    if (!cid) e.coBorrowerId = d.coBorrowerId.trim() ? t('m.err.idNumber') : t('m.err.idRequired');
    else if (opts.applicantIdNumber && cid === opts.applicantIdNumber.toUpperCase()) e.coBorrowerId = t('m.err.coBorrowerSelf');
    else if (isGuaranteeProduct({ code, kind: product?.kind }) && cid === checkIdNumber(d.guarantorId))
      e.coBorrowerId = t('m.err.coBorrowerGuarantor');
    if (!checkMobile(d.coBorrowerMobile)) e.coBorrowerMobile = d.coBorrowerMobile.trim() ? t('m.err.mobile') : t('m.err.mobileRequired');
  }
  return e;
}

/** The co-borrower the draft names, if any (validateDraft has checked it is whole). */
export function coBorrowersOf(d: Draft): IdentityInput[] {
  if (!d.coBorrowerName.trim() && !d.coBorrowerId.trim() && !d.coBorrowerMobile.trim()) return [];
  return [
    {
      name: d.coBorrowerName.trim(),
      idNumber: checkIdNumber(d.coBorrowerId) ?? d.coBorrowerId.trim(),
      mobile: checkMobile(d.coBorrowerMobile) ?? d.coBorrowerMobile.trim(),
    },
  ];
}

export function guarantorOf(d: Draft): IdentityInput {
  return {
    name: d.guarantorName.trim(),
    idNumber: checkIdNumber(d.guarantorId) ?? d.guarantorId.trim(),
    mobile: checkMobile(d.guarantorMobile) ?? d.guarantorMobile.trim(),
  };
}

function cdBlockReason(t: T, c: Certificate): string {
  const key = `m.cd.block.${c.status}` as MobileMessageKey;
  const text = t(key);
  return text === key ? t('m.cd.block.OTHER') : text;
}

interface Props {
  productCode: string;
  product: PublicProduct | null;
  draft: Draft;
  errors: DraftErrors;
  onDraft: (d: Draft, changed: keyof Draft) => void;
  onCerts: (certs: Certificate[]) => void;
  onSessionLost: (e: unknown) => void;
  onSubmit: () => void;
  busy: boolean;
  /** The pre-credit card's limit, when the customer arrived with one. */
  cardLimit?: string | null;
  /** The bank's business date (the trial's start date); the device's date when unknown. */
  startDate?: string | null;
}

export function DetailsStep({
  productCode,
  product,
  draft,
  errors,
  onDraft,
  onCerts,
  onSessionLost,
  onSubmit,
  busy,
  cardLimit,
  startDate,
}: Props) {
  const { t } = useI18n();
  const guarantee = isGuaranteeProduct({ code: productCode, kind: product?.kind });
  const pledge = isPledgeProduct({ code: productCode, kind: product?.kind });
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      onDraft({ ...draft, [k]: v }, k);

  const certs = useAsync((signal) => mobileApi.certificates(signal), [], { enabled: pledge, onError: onSessionLost });
  useEffect(() => {
    if (certs.data) onCerts(certs.data.items ?? []);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [certs.data]);

  const methods: readonly RepaymentMethod[] = product?.repaymentMethods?.length ? product.repaymentMethods : REPAYMENT_METHODS;
  const maxTerm =
    draft.method === 'BULLET'
      ? Math.min(product?.maxTermMonths ?? 36, product?.bulletMaxTermMonths ?? BULLET_MAX_TERM_MONTHS)
      : (product?.maxTermMonths ?? 36);
  const terms = useMemo(() => termChoices(product?.minTermMonths ?? 1, maxTerm), [product?.minTermMonths, maxTerm]);

  // Defaults once the product is known: its first method, a one-year term where allowed, the card's limit.
  useEffect(() => {
    const next = { ...draft };
    let changed = false;
    if (!next.method || !methods.includes(next.method)) {
      next.method = methods[0];
      changed = true;
    }
    if (!terms.includes(next.term)) {
      next.term = terms.filter((x) => x <= 12).pop() ?? terms[0];
      changed = true;
    }
    if (!next.amount && cardLimit) {
      next.amount = cardLimit;
      changed = true;
    }
    if (changed) onDraft(next, 'method');
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [methods.join(), terms.join(), cardLimit]);

  const certList = certs.data?.items ?? [];
  const pledgeRate = DEFAULT_PLEDGE_RATE_PCT;
  const capFen = pledge ? pledgeCapFen(certList, draft.cdNos, pledgeRate) : null;
  const earliestMaturity = certList
    .filter((c) => draft.cdNos.includes(c.cdNo))
    .map((c) => c.maturityDate)
    .sort()[0];

  const amountFen = yuanToFen(draft.amount);
  const rate = product?.indicativeRate?.minPct;
  const trialReq: TrialRequest | null =
    amountFen && amountFen > 0n && draft.method && draft.term && rate
      ? {
          principal: fenToYuan(amountFen),
          annualRatePct: rate,
          termMonths: draft.term,
          method: draft.method,
          startDate: startDate ?? todayIso(),
        }
      : null;
  const trial = useTrial(trialReq);

  return (
    <div className="hnm-step-body">
      <Card className="hnm-card" title={t('m.apply.loanTitle')}>
        <TextField
          label={t('m.apply.amount')}
          testId="m-amount"
          value={draft.amount}
          onChange={set('amount')}
          inputMode="decimal"
          suffix={t('m.yuan')}
          placeholder={product ? t('m.apply.amountPh', { min: cny(product.minAmount), max: cny(product.maxAmount) }) : undefined}
          error={errors.amount}
          hint={product ? t('m.apply.amountRange', { min: cny(product.minAmount), max: cny(product.maxAmount) }) : undefined}
        />
        <SelectField<number>
          label={t('m.apply.term')}
          testId="m-term"
          value={draft.term}
          onChange={set('term')}
          options={terms.map((m) => ({ value: m, label: t('m.months', { n: m }) }))}
          error={errors.term}
          hint={pledge && earliestMaturity ? t('m.apply.pledgeMaturity', { date: formatDate(earliestMaturity) }) : undefined}
        />
        <SelectField<RepaymentMethod>
          label={t('m.apply.method')}
          testId="m-method"
          value={draft.method}
          onChange={set('method')}
          options={methods.map((m) => ({ value: m, label: methodLabel(t, m) }))}
          error={errors.method}
        />
        <SelectField<Occupation>
          label={t('m.apply.occupation')}
          testId="m-occupation"
          value={draft.occupation}
          onChange={set('occupation')}
          placeholder={t('m.pleaseSelect')}
          options={OCCUPATIONS.map((o) => ({ value: o, label: t(`m.occ.${o}` as MobileMessageKey) }))}
          error={errors.occupation}
        />
        <TextField
          label={t('m.apply.income')}
          testId="m-income"
          value={draft.income}
          onChange={set('income')}
          inputMode="decimal"
          suffix={t('m.yuanPerMonth')}
          placeholder={t('m.apply.incomePh')}
          error={errors.income}
        />
      </Card>

      {pledge && (
        <Card className="hnm-card" title={t('m.apply.pledgeTitle')}>
          {certs.loading && <Loading />}
          {certs.error != null && !certs.loading && <LoadFailed error={certs.error} onRetry={certs.reload} />}
          {certs.data && certList.length === 0 && <div className="hnm-muted">{t('m.apply.noCds')}</div>}
          <div className="hnm-cd-list" data-testid="m-cd-list">
            {certList.map((c) => {
              const checked = draft.cdNos.includes(c.cdNo);
              return (
                <div key={c.cdNo} className={`hnm-cd${c.pledgeable ? '' : ' hnm-cd-disabled'}`}>
                  <Checkbox
                    checked={checked}
                    disabled={!c.pledgeable}
                    onChange={(v) => set('cdNos')(v ? [...draft.cdNos, c.cdNo] : draft.cdNos.filter((x) => x !== c.cdNo))}
                    data-testid={`m-cd-${c.cdNo}`}
                  >
                    <div className="hnm-cd-body">
                      <div className="hnm-cd-no">
                        {t('m.cd.no')} {c.cdNo}
                      </div>
                      <div>
                        {t('m.cd.principal')} <b>{cny(c.principal)}</b> · {t('m.cd.maturity')} {formatDate(c.maturityDate)}
                      </div>
                    </div>
                  </Checkbox>
                  {!c.pledgeable && (
                    <Tag color="default" fill="outline" className="hnm-cd-reason">
                      {cdBlockReason(t, c)}
                    </Tag>
                  )}
                </div>
              );
            })}
          </div>
          {errors.cdNos && <div className="hnm-error-text">{errors.cdNos}</div>}
          <InfoRow label={t('m.apply.pledgeMax', { rate: pledgeRate })} strong testId="m-pledge-max">
            {cny(fenToYuan(capFen ?? 0n))}
          </InfoRow>
        </Card>
      )}

      {guarantee && (
        <Card className="hnm-card" title={t('m.apply.guarantorTitle')}>
          <p className="hnm-muted">{t('m.apply.guarantorHint')}</p>
          <TextField
            label={t('m.id.name')}
            testId="m-guarantor-name"
            value={draft.guarantorName}
            onChange={set('guarantorName')}
            maxLength={NAME_MAX_LENGTH}
            error={errors.guarantorName}
          />
          <TextField
            label={t('m.id.idNumber')}
            testId="m-guarantor-id"
            value={draft.guarantorId}
            onChange={(v) => set('guarantorId')(v.replace(/\s/g, ''))}
            maxLength={18}
            error={errors.guarantorId}
          />
          <TextField
            label={t('m.id.mobile')}
            testId="m-guarantor-mobile"
            value={draft.guarantorMobile}
            onChange={set('guarantorMobile')}
            inputMode="tel"
            maxLength={16}
            error={errors.guarantorMobile}
          />
        </Card>
      )}

      <Card className="hnm-card" title={t('m.apply.coBorrowerTitle')}>
        <p className="hnm-muted">{t('m.apply.coBorrowerHint')}</p>
        <TextField
          label={t('m.id.name')}
          testId="m-coborrower-name"
          value={draft.coBorrowerName}
          onChange={set('coBorrowerName')}
          maxLength={NAME_MAX_LENGTH}
          error={errors.coBorrowerName}
        />
        <TextField
          label={t('m.id.idNumber')}
          testId="m-coborrower-id"
          value={draft.coBorrowerId}
          onChange={(v) => set('coBorrowerId')(v.replace(/\s/g, ''))}
          maxLength={18}
          error={errors.coBorrowerId}
        />
        <TextField
          label={t('m.id.mobile')}
          testId="m-coborrower-mobile"
          value={draft.coBorrowerMobile}
          onChange={set('coBorrowerMobile')}
          inputMode="tel"
          maxLength={16}
          error={errors.coBorrowerMobile}
        />
      </Card>

      <Card className="hnm-card" title={t('m.trial.title')}>
        {!trialReq && <div className="hnm-muted">{rate ? t('m.calc.fill') : t('m.trial.noRate')}</div>}
        {trialReq && trial.loading && !trial.data && <Loading />}
        {trialReq && trial.error != null && <div className="hnm-error-text">{errorText(trial.error)}</div>}
        {trialReq && trial.data && (
          <div data-testid="m-trial" className={trial.loading ? 'hnm-stale' : undefined}>
            <InfoRow label={t('m.trial.firstPayment')} strong testId="m-trial-first">
              {cny(trial.data.installments[0]?.payment)}
            </InfoRow>
            <InfoRow label={t('m.trial.totalInterest')} testId="m-trial-interest">
              {cny(trial.data.totalInterest)}
            </InfoRow>
            <InfoRow label={t('m.trial.rate')}>{t('m.trial.rateValue', { rate: trial.data.annualRatePct })}</InfoRow>
            <div className="hnm-muted hnm-small">{t('m.trial.disclaimer')}</div>
          </div>
        )}
      </Card>

      <Button block color="primary" size="large" loading={busy} onClick={onSubmit} data-testid="m-apply-submit" className="hnm-primary-btn">
        {t('m.apply.submit')}
      </Button>
    </div>
  );
}

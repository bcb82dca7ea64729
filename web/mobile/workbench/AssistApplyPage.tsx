/**
 * 现场代客申请: the officer applies with the prospect beside them (channel OFFICER_ASSISTED). The person
 * comes from the prospect list (the audited applicant route), so the application carries the prospect's
 * ID number, name and mobile and the pipeline moves (APPLIED, then the decision); the server records the
 * officer's LOCK and the SUBMIT (543) as for the console's assisted path. The customer ticks the three
 * authorisations on the officer's device. Credit products only; guarantees and pledges stay in the console.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Checkbox, NoticeBar, Result } from 'antd-mobile';
import { pickLang } from '../../shared/i18n';
import { useAsync } from '../../shared/useAsync';
import { useI18n, type MobileMessageKey } from '../i18n';
import { useProducts } from '../portal';
import { BULLET_MAX_TERM_MONTHS, cny, fenToYuan, termChoices, yuanToFen } from '../format';
import { InfoRow, LoadFailed, Loading, methodLabel, SelectField, TextField, useAction } from '../ui';
import { StaffShell, useStaff } from './staff';
import {
  CONSENT_KINDS,
  OCCUPATIONS,
  workbenchApi,
  type ApplicationRequest,
  type ApplicationResult,
  type ConsentKind,
  type Occupation,
} from './api';

const CONSENT_FLAG: Record<ConsentKind, keyof NonNullable<ApplicationRequest['consents']>> = {
  CREDIT_INQUIRY: 'creditInquiry',
  AUTOMATED_DECISION: 'automatedDecision',
  PERSONAL_INFORMATION: 'personalInformation',
};

function Decision({ result, prospectId }: { result: ApplicationResult; prospectId: number }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const status = result.status;
  const key = `m.wb.apply.result.${status}` as MobileMessageKey;
  const title = t(key) === key ? status : t(key);
  return (
    <Card className="hnm-card" data-testid="m-assist-result" data-status={status} data-application-id={result.id}>
      <Result
        status={status === 'APPROVED' ? 'success' : status === 'DECLINED' ? 'error' : 'waiting'}
        title={title}
        description={t('m.wb.apply.resultDesc', { id: String(result.id) })}
      />
      {status === 'APPROVED' && (
        <>
          <InfoRow label={t('m.wb.apply.limit')} strong testId="m-assist-limit">
            {cny(result.decision.limit)}
          </InfoRow>
          <InfoRow label={t('m.wb.apply.rate')}>{result.decision.annualRatePct}%</InfoRow>
        </>
      )}
      <Button block color="primary" onClick={() => navigate(`/staff/prospects/${prospectId}`)} data-testid="m-assist-back">
        {t('m.wb.apply.back')}
      </Button>
    </Card>
  );
}

function AssistForm({ prospectId }: { prospectId: number }) {
  const { t, lang } = useI18n();
  const person = useAsync((signal) => workbenchApi.applicant(prospectId, signal), [prospectId]);
  const products = useProducts();
  const credit = (products.data ?? []).filter((p) => p.kind === 'CREDIT');
  const [productCode, setProductCode] = useState('');
  const [occupation, setOccupation] = useState<Occupation | ''>('');
  const [income, setIncome] = useState('');
  const [amount, setAmount] = useState('');
  const [term, setTerm] = useState<number | ''>('');
  const [method, setMethod] = useState('');
  const [consents, setConsents] = useState<Partial<Record<ConsentKind, boolean>>>({});
  const [errors, setErrors] = useState<Record<string, string | null>>({});
  const [result, setResult] = useState<ApplicationResult | null>(null);
  const product = credit.find((p) => p.code === productCode) ?? null;
  const methods = product?.repaymentMethods ?? [];
  const maxTerm = method === 'BULLET' ? Math.min(product?.maxTermMonths ?? 12, BULLET_MAX_TERM_MONTHS) : (product?.maxTermMonths ?? 36);
  const terms = product ? termChoices(product.minTermMonths, maxTerm) : [];

  const onProduct = (code: string) => {
    setProductCode(code);
    const p = credit.find((x) => x.code === code);
    setMethod(p?.repaymentMethods[0] ?? '');
    const ts = p ? termChoices(p.minTermMonths, p.maxTermMonths) : [];
    setTerm(ts.filter((x) => x <= 12).pop() ?? ts[0] ?? '');
  };

  const [submit, busy] = useAction(async () => {
    if (!person.data) return;
    const select = t('m.wb.apply.select');
    const bad = t('m.wb.apply.badAmount');
    const incomeFen = yuanToFen(income);
    const amountFen = yuanToFen(amount);
    const next: Record<string, string | null> = {
      product: product ? null : select,
      occupation: occupation ? null : select,
      income: incomeFen !== null && incomeFen >= 0n ? null : bad,
      amount: amountFen !== null && amountFen > 0n ? null : bad,
      consents: CONSENT_KINDS.every((k) => consents[k]) ? null : t('m.wb.apply.consentsRequired'),
    };
    setErrors(next);
    if (Object.values(next).some(Boolean) || !product || !occupation || term === '' || incomeFen === null || amountFen === null) return;
    const flags = { creditInquiry: false, automatedDecision: false, personalInformation: false };
    for (const k of CONSENT_KINDS) flags[CONSENT_FLAG[k]] = !!consents[k];
    setResult(
      await workbenchApi.apply({
        productCode: product.code,
        channel: 'OFFICER_ASSISTED',
        applicant: {
          name: person.data.name,
          idNumber: person.data.idNumber,
          mobile: person.data.mobile,
          occupation,
          monthlyIncome: fenToYuan(incomeFen),
        },
        requestedAmount: fenToYuan(amountFen),
        termMonths: term,
        repaymentMethod: method as ApplicationRequest['repaymentMethod'],
        consents: flags,
      }),
    );
  });

  if (result) return <Decision result={result} prospectId={prospectId} />;
  if (!person.data && person.loading) return <Loading />;
  if (!person.data) return <LoadFailed error={person.error} onRetry={person.reload} />;
  const p = person.data;
  return (
    <div data-testid="m-assist-form">
      <Card className="hnm-card" title={t('m.wb.apply.person')}>
        <InfoRow label={t('m.wb.card.name')} testId="m-assist-name">
          {p.name}
        </InfoRow>
        <InfoRow label={t('m.wb.card.id')} testId="m-assist-id">
          {p.idNumber}
        </InfoRow>
        <InfoRow label={t('m.wb.card.mobile')} testId="m-assist-mobile">
          {p.mobile}
        </InfoRow>
        <div className="hnm-muted">{t('m.wb.apply.revealNote')}</div>
      </Card>
      <Card className="hnm-card">
        <SelectField<string>
          label={t('m.wb.apply.product')}
          testId="m-assist-product"
          value={productCode}
          onChange={onProduct}
          placeholder={t('m.wb.apply.select')}
          error={errors.product}
          hint={t('m.wb.apply.otherProducts')}
          options={credit.map((x) => ({ value: x.code, label: pickLang(lang, x.nameZh, x.nameEn) }))}
        />
        <SelectField<Occupation>
          label={t('m.wb.apply.occupation')}
          testId="m-assist-occupation"
          value={occupation}
          onChange={setOccupation}
          placeholder={t('m.wb.apply.select')}
          error={errors.occupation}
          options={OCCUPATIONS.map((o) => ({ value: o, label: t(`m.occ.${o}` as MobileMessageKey) }))}
        />
        <TextField
          label={t('m.wb.apply.income')}
          testId="m-assist-income"
          value={income}
          onChange={setIncome}
          inputMode="decimal"
          error={errors.income}
        />
        <TextField
          label={t('m.wb.apply.amount')}
          testId="m-assist-amount"
          value={amount}
          onChange={setAmount}
          inputMode="decimal"
          error={errors.amount}
          hint={product ? `${cny(product.minAmount)} – ${cny(product.maxAmount)}` : undefined}
        />
        {product && (
          <>
            <SelectField<string>
              label={t('m.wb.apply.method')}
              testId="m-assist-method"
              value={method}
              onChange={setMethod}
              options={methods.map((m) => ({ value: m, label: methodLabel(t, m) }))}
            />
            <SelectField<number>
              label={t('m.wb.apply.term')}
              testId="m-assist-term"
              value={term}
              onChange={setTerm}
              options={terms.map((m) => ({ value: m, label: t('m.wb.apply.months', { n: m }) }))}
            />
          </>
        )}
      </Card>
      <Card className="hnm-card" title={t('m.wb.apply.consents')}>
        {CONSENT_KINDS.map((k) => (
          <div key={k} className="hnm-wb-consent">
            <Checkbox
              checked={!!consents[k]}
              onChange={(v) => setConsents((c) => ({ ...c, [k]: v }))}
              data-testid={`m-assist-consent-${k}`}
            >
              {t('m.wb.apply.consentOf', { title: t(`m.wb.apply.consent.${k}` as MobileMessageKey) })}
            </Checkbox>
          </div>
        ))}
        {errors.consents && <NoticeBar color="error" content={errors.consents} />}
      </Card>
      <Button block color="primary" size="large" loading={busy} onClick={() => void submit()} data-testid="m-assist-submit">
        {t('m.wb.apply.submit')}
      </Button>
    </div>
  );
}

export function AssistApplyPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const { user } = useStaff();
  const n = Number(id);
  return (
    <StaffShell title={t('m.wb.apply.title')} back={`/staff/prospects/${n}`}>
      {user && Number.isInteger(n) && <AssistForm prospectId={n} />}
    </StaffShell>
  );
}

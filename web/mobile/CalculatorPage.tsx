/**
 * 还款试算: amount, term, repayment method, rate (the product's indicative lowest rate by default) and
 * start date (today) → the public calculator's schedule and totals. Indicative only: the offered rate
 * comes from the credit decision.
 */
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, NoticeBar } from 'antd-mobile';
import { useI18n } from './i18n';
import { REPAYMENT_METHODS, type RepaymentMethod, type TrialRequest } from './api';
import { findProduct, useProducts } from './portal';
import { BULLET_MAX_TERM_MONTHS, cny, todayIso, termChoices, yuanToFen } from './format';
import { useTrial } from './trial';
import { errorText, InfoRow, Loading, methodLabel, PageShell, ScheduleTable, SelectField, TextField, useProductName } from './ui';

const RATE_RE = /^\d{1,2}(\.\d{1,4})?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function CalculatorPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const products = useProducts();
  const productName = useProductName();
  const [code, setCode] = useState<string>(params.get('product') ?? '');
  const [amount, setAmount] = useState('50000');
  const [term, setTerm] = useState<number>(12);
  const [method, setMethod] = useState<RepaymentMethod>('EQUAL_INSTALLMENT');
  const [rate, setRate] = useState('');
  const [rateTouched, setRateTouched] = useState(false);
  const [startDate, setStartDate] = useState(todayIso());
  const [startTouched, setStartTouched] = useState(false);

  const list = products.data ?? [];
  // The bank's business date is "today" for a loan; the device's date until it is known.
  useEffect(() => {
    if (products.businessDate && !startTouched) setStartDate(products.businessDate);
  }, [products.businessDate, startTouched]);
  const product = findProduct(list, code) ?? (code ? null : (list[0] ?? null));

  // A product chosen: its indicative lowest rate, its terms and methods.
  useEffect(() => {
    if (!product) return;
    if (!rateTouched && product.indicativeRate) setRate(product.indicativeRate.minPct);
    if (!product.repaymentMethods.includes(method) && product.repaymentMethods.length) setMethod(product.repaymentMethods[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [product?.code]);

  const methods = product?.repaymentMethods?.length ? product.repaymentMethods : REPAYMENT_METHODS;
  const maxTerm =
    method === 'BULLET'
      ? Math.min(product?.maxTermMonths ?? 360, product?.bulletMaxTermMonths ?? BULLET_MAX_TERM_MONTHS)
      : (product?.maxTermMonths ?? 360);
  const terms = useMemo(() => termChoices(product?.minTermMonths ?? 1, maxTerm), [product?.minTermMonths, maxTerm]);
  useEffect(() => {
    if (!terms.includes(term)) setTerm(terms.filter((x) => x <= 12).pop() ?? terms[0]);
  }, [terms, term]);

  const amountFen = yuanToFen(amount);
  const amountError = amount && (amountFen === null || amountFen <= 0n) ? t('m.err.amountFormat') : null;
  const rateError = rate && (!RATE_RE.test(rate.trim()) || Number(rate) <= 0 || Number(rate) > 36) ? t('m.err.rate') : null;
  const dateError = startDate && !DATE_RE.test(startDate) ? t('m.err.date') : null;

  const req: TrialRequest | null =
    amountFen && amountFen > 0n && !amountError && rate && !rateError && startDate && !dateError
      ? { principal: amount.trim().replace(/[,，]/g, ''), annualRatePct: rate.trim(), termMonths: term, method, startDate }
      : null;
  const trial = useTrial(req);

  return (
    <PageShell title={t('m.calculator')}>
      <NoticeBar content={t('m.calc.notice')} color="info" wrap />
      <Card className="hnm-card">
        {list.length > 0 && (
          <SelectField<string>
            label={t('m.calc.product')}
            testId="m-calc-product"
            value={product?.code ?? ''}
            onChange={(v) => {
              setCode(v);
              setRateTouched(false);
            }}
            options={list.map((p) => ({ value: p.code, label: productName(p.code, p) }))}
          />
        )}
        <TextField
          label={t('m.calc.amount')}
          testId="m-calc-amount"
          value={amount}
          onChange={setAmount}
          inputMode="decimal"
          suffix={t('m.yuan')}
          error={amountError}
          hint={product ? t('m.apply.amountRange', { min: cny(product.minAmount), max: cny(product.maxAmount) }) : undefined}
        />
        <SelectField<number>
          label={t('m.calc.term')}
          testId="m-calc-term"
          value={term}
          onChange={setTerm}
          options={terms.map((m) => ({ value: m, label: t('m.months', { n: m }) }))}
        />
        <SelectField<RepaymentMethod>
          label={t('m.calc.method')}
          testId="m-calc-method"
          value={method}
          onChange={setMethod}
          options={methods.map((m) => ({ value: m, label: methodLabel(t, m) }))}
        />
        <TextField
          label={t('m.calc.rate')}
          testId="m-calc-rate"
          value={rate}
          onChange={(v) => {
            setRate(v);
            setRateTouched(true);
          }}
          inputMode="decimal"
          suffix="%"
          error={rateError}
          hint={
            product?.indicativeRate
              ? t('m.calc.rateHint', { min: product.indicativeRate.minPct, max: product.indicativeRate.maxPct })
              : undefined
          }
        />
        <div className="hnm-field">
          <label className="hnm-field-label" htmlFor="f-m-calc-start">
            {t('m.calc.start')}
          </label>
          <div className="hnm-field-control">
            <input
              id="f-m-calc-start"
              type="date"
              className="hnm-input"
              data-testid="m-calc-start"
              value={startDate}
              onChange={(e) => {
                setStartDate(e.target.value);
                setStartTouched(true);
              }}
            />
          </div>
          {dateError && <div className="hnm-field-msg">{dateError}</div>}
        </div>
      </Card>

      <Card className="hnm-card" title={t('m.calc.result')}>
        {trial.loading && !trial.data && <Loading />}
        {trial.error != null && <div className="hnm-error-text">{errorText(trial.error)}</div>}
        {!req && !trial.loading && <div className="hnm-muted">{t('m.calc.fill')}</div>}
        {trial.data && req && (
          <div data-testid="m-calc-result" className={trial.loading ? 'hnm-stale' : undefined}>
            <InfoRow label={t('m.trial.firstPayment')} strong>
              {cny(trial.data.installments[0]?.payment)}
              <span className="hnm-muted"> · {trial.data.installments[0]?.dueDate}</span>
            </InfoRow>
            <InfoRow label={t('m.trial.totalInterest')} testId="m-calc-total-interest">
              {cny(trial.data.totalInterest)}
            </InfoRow>
            <InfoRow label={t('m.trial.totalPayment')}>{cny(trial.data.totalPayment)}</InfoRow>
            <InfoRow label={t('m.trial.periods')}>{trial.data.installments.length}</InfoRow>
            <ScheduleTable installments={trial.data.installments} testId="m-calc-schedule" />
          </div>
        )}
      </Card>
    </PageShell>
  );
}

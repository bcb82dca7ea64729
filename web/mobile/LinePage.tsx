/**
 * /m/lines/:id — the credit line (limit, available, drawn, what a one-off line closed, rate, expiry),
 * a drawdown (product minimum ≤ amount ≤ available, term, method) with its trial schedule, the loan
 * contract to read and accept, and 确认借款. A customer with a loan past due (or classified 次级 or
 * worse) sees why they cannot borrow, the amount due and a pay button instead of the form. The
 * drawdown carries an Idempotency-Key made once per submission and reused when the same submission is
 * retried (a lost answer never pays out twice); changing the request makes a new key.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Checkbox, NoticeBar, ProgressBar, Result, Tag } from 'antd-mobile';
import { isApiError } from '../shared/api';
import { useAsync } from '../shared/useAsync';
import { useI18n } from './i18n';
import {
  mobileApi,
  REPAYMENT_METHODS,
  type CreditLine,
  type DrawdownResult,
  type MonthsDrawdownRequest,
  type RepaymentMethod,
  type TrialRequest,
} from './api';
import {
  BULLET_MAX_TERM_MONTHS,
  cny,
  fenToYuan,
  formatDate,
  newIdempotencyKey,
  termChoices,
  todayIso,
  upliftRatePct,
  yuanToFen,
} from './format';
import { findProduct, usePortal, useProducts } from './portal';
import { useTrial } from './trial';
import {
  errorText,
  InfoRow,
  LoadFailed,
  Loading,
  methodLabel,
  PageShell,
  ScheduleTable,
  SelectField,
  statusLabel,
  TextField,
  useAction,
  useProductName,
} from './ui';
import { IdentityStep } from './apply/IdentityStep';

/** One loan that stops a new drawdown (GET /credit-lines/:id → drawdownBlock). */
interface BlockingLoan {
  loanId: number;
  dpd: number;
  classification: string;
  pastDue: string;
  reasons: Array<'PAST_DUE' | 'CLASSIFICATION'>;
}

/** The line as GET /credit-lines/:id gives it: amounts drawn and closed, and whether the customer may draw now. */
type LineView = CreditLine & {
  drawn?: string;
  closed?: string;
  drawdownBlock?: { blocked: boolean; loans: BlockingLoan[]; totalPastDue: string };
};

/** A line frozen under post-loan risk management: why, what to do and whom to call (never the internal rule). */
function FrozenNotice({ notice, contact }: { notice: string; contact: CreditLine['contact'] }) {
  const { t } = useI18n();
  return (
    <Card className="hnm-card" data-testid="m-line-frozen-notice">
      <NoticeBar color="alert" wrap content={notice} />
      {(contact.officerName || contact.branchName) && (
        <div className="hnm-small" data-testid="m-line-contact">
          {t('m.line.contact', { officer: contact.officerName ?? '—', branch: contact.branchName ?? '—' })}
        </div>
      )}
      {contact.officerPhone && (
        <div className="hnm-small" data-testid="m-line-contact-phone">
          {t('m.line.contactPhone')}
          <a href={`tel:${contact.officerPhone.replace(/-/g, '')}`}>{contact.officerPhone}</a>
        </div>
      )}
    </Card>
  );
}

/** Instead of the drawdown form: why not, what is past due, and a pay button per loan. */
function DrawdownBlocked({ block }: { block: NonNullable<LineView['drawdownBlock']> }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const pastDue = block.loans.some((l) => l.reasons.includes('PAST_DUE'));
  const worst = block.loans.find((l) => l.reasons.includes('CLASSIFICATION'));
  return (
    <Card className="hnm-card" title={t('m.block.title')} data-testid="m-draw-blocked">
      <NoticeBar
        color="alert"
        wrap
        content={pastDue || !worst ? t('m.block.reason') : t('m.block.classOnly', { cls: statusLabel(t, 'm.cls', worst.classification) })}
        data-testid="m-draw-blocked-reason"
      />
      {pastDue && (
        <div className="hnm-line-available">
          <span className="hnm-muted">{t('m.block.due')}</span>
          <strong data-testid="m-draw-blocked-due" style={{ color: 'var(--adm-color-danger)' }}>
            {cny(block.totalPastDue)}
          </strong>
        </div>
      )}
      {block.loans.map((l) => (
        <div key={l.loanId} className="hnm-block-loan" data-testid="m-draw-blocked-loan">
          <InfoRow label={t('m.block.loan', { id: l.loanId })}>
            {t('m.block.loanDetail', { dpd: l.dpd, cls: statusLabel(t, 'm.cls', l.classification), amount: cny(l.pastDue) })}
          </InfoRow>
          {l.reasons.includes('PAST_DUE') && (
            <Button
              block
              color="primary"
              size="large"
              onClick={() => navigate(`/loans/${encodeURIComponent(String(l.loanId))}`)}
              data-testid="m-draw-blocked-pay"
            >
              {t('m.block.pay')}
            </Button>
          )}
        </div>
      ))}
    </Card>
  );
}

/** The default penalty uplift (DESIGN.md §4: contract rate +50%); the contract the server keeps is binding. */
const PENALTY_UPLIFT_PCT = 50;

const LENDER = { zh: '兖州农商银行（demo）', en: 'Yanzhou Rural Commercial Bank (demo)' };

function ContractText({
  line,
  req,
  borrower,
  productName,
}: {
  line: CreditLine;
  req: MonthsDrawdownRequest | null;
  borrower: string;
  productName: string;
}) {
  const { t, lang } = useI18n();
  const amount = req ? cny(req.amount) : '—';
  const term = req ? t('m.months', { n: req.termMonths }) : '—';
  const method = req ? methodLabel(t, req.repaymentMethod) : '—';
  const penaltyRate = upliftRatePct(line.annualRatePct, PENALTY_UPLIFT_PCT) ?? '—';
  return (
    <div className="hnm-contract" data-testid="m-contract">
      <h3>{t('m.contract.title')}</h3>
      <ol>
        <li>{t('m.contract.parties', { lender: lang === 'en' ? LENDER.en : LENDER.zh, borrower })}</li>
        <li>{t('m.contract.loan', { product: productName, amount, term, method })}</li>
        <li>{t('m.contract.rate', { rate: line.annualRatePct })}</li>
        <li>{t('m.contract.disburse')}</li>
        <li>{t('m.contract.repay')}</li>
        <li>{t('m.contract.penalty', { uplift: PENALTY_UPLIFT_PCT, rate: penaltyRate })}</li>
        <li>{t('m.contract.early')}</li>
        <li>{t('m.contract.use')}</li>
        <li>{t('m.contract.credit')}</li>
        <li>{t('m.contract.sign')}</li>
      </ol>
    </div>
  );
}

function Disbursed({ result }: { result: DrawdownResult }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div data-testid="m-disbursed">
      <Result status="success" title={t('m.draw.success')} description={t('m.draw.successDesc', { account: result.accountNoMasked })} />
      <Card className="hnm-card">
        <InfoRow label={t('m.draw.amount')} strong testId="m-disbursed-amount">
          {cny(result.amount)}
        </InfoRow>
        <InfoRow label={t('m.draw.account')}>{result.accountNoMasked}</InfoRow>
        <InfoRow label={t('m.draw.rate')}>{result.annualRatePct}%</InfoRow>
        <InfoRow label={t('m.draw.firstDue')} testId="m-first-due">
          {formatDate(result.firstDueDate)} · {cny(result.firstPayment)}
        </InfoRow>
        <InfoRow label={t('m.draw.maturity')}>{formatDate(result.maturityDate)}</InfoRow>
        <InfoRow label={t('m.draw.availableNow')}>{cny(result.available)}</InfoRow>
      </Card>
      <div className="hnm-actions">
        <Button
          block
          color="primary"
          size="large"
          onClick={() => navigate(`/loans/${encodeURIComponent(String(result.loanId))}`)}
          data-testid="m-view-schedule"
        >
          {t('m.draw.viewSchedule')}
        </Button>
        <Button block size="large" onClick={() => navigate('/me')}>
          {t('m.decision.toMe')}
        </Button>
      </div>
    </div>
  );
}

export function LinePage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const portal = usePortal();
  const productName = useProductName();
  const products = useProducts();
  const line = useAsync((signal) => mobileApi.creditLine(id, signal), [id]);
  const me = useAsync((signal) => mobileApi.me(signal), [id]);

  const [amount, setAmount] = useState('');
  const [term, setTerm] = useState<number>(12);
  const [method, setMethod] = useState<RepaymentMethod | ''>('');
  const [agree, setAgree] = useState(false);
  const [showSchedule, setShowSchedule] = useState(false);
  const [amountError, setAmountError] = useState<string | null>(null);
  const [agreeError, setAgreeError] = useState(false);
  const [done, setDone] = useState<DrawdownResult | null>(null);
  // One key per submission: kept while the same request is retried, replaced when it changes.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const l = line.data as LineView | null | undefined;
  const product = findProduct(products.data, l?.productCode);
  const methods: readonly RepaymentMethod[] = product?.repaymentMethods?.length ? product.repaymentMethods : REPAYMENT_METHODS;
  const maxTerm = Math.max(
    1,
    Math.min(
      l?.maxTermMonths ?? 12,
      method === 'BULLET' ? (product?.bulletMaxTermMonths ?? BULLET_MAX_TERM_MONTHS) : (product?.maxTermMonths ?? l?.maxTermMonths ?? 12),
    ),
  );
  const terms = useMemo(
    () => termChoices(product?.minTermMonths && product.minTermMonths <= maxTerm ? product.minTermMonths : 1, maxTerm),
    [product?.minTermMonths, maxTerm],
  );
  useEffect(() => {
    if (!method || !methods.includes(method)) setMethod(methods[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [methods.join()]);
  useEffect(() => {
    if (!terms.includes(term)) setTerm(terms.filter((x) => x <= 12).pop() ?? terms[0]);
  }, [terms, term]);

  const amountFen = yuanToFen(amount);
  const req: MonthsDrawdownRequest | null =
    amountFen && amountFen > 0n && method ? { amount: fenToYuan(amountFen), termMonths: term, repaymentMethod: method } : null;
  const trialReq: TrialRequest | null =
    req && l
      ? {
          principal: req.amount,
          annualRatePct: l.annualRatePct,
          termMonths: req.termMonths,
          method: req.repaymentMethod,
          startDate: products.businessDate ?? todayIso(),
        }
      : null;
  const trial = useTrial(trialReq);

  const [confirm, busy] = useAction(async () => {
    if (!l) return;
    const availableFen = yuanToFen(l.available) ?? 0n;
    let err: string | null = null;
    const minFen = product?.minAmount ? yuanToFen(product.minAmount) : null;
    if (!amount.trim()) err = t('m.err.amountRequired');
    else if (amountFen === null || amountFen <= 0n) err = t('m.err.amountFormat');
    else if (minFen !== null && amountFen < minFen) err = t('m.err.belowMin', { min: cny(product!.minAmount) });
    else if (amountFen > availableFen) err = t('m.err.overAvailable', { max: cny(l.available) });
    setAmountError(err);
    setAgreeError(!agree);
    if (err || !agree || !req) return;
    const body = JSON.stringify(req);
    if (!attempt.current || attempt.current.body !== body) attempt.current = { body, key: newIdempotencyKey() };
    try {
      const r = await mobileApi.drawdown(l.id, req, attempt.current.key);
      attempt.current = null;
      setDone(r);
      window.scrollTo({ top: 0 });
    } catch (e) {
      // A refusal (4xx other than a timeout-like answer) ends this submission; a network failure or a
      // server error keeps the key so that pressing again retries the same drawdown.
      if (isApiError(e) && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 429) attempt.current = null;
      // The session ended: ask who it is again (the line reloads into the identity form); a loan fell
      // past due meanwhile: the line reloads into the refusal with the amount due.
      if (isApiError(e) && (e.status === 401 || e.code === 'CUSTOMER_HAS_OVERDUE')) line.reload();
      throw e;
    }
  });

  if (done) {
    return (
      <PageShell title={t('m.draw.title')}>
        <Disbursed result={done} />
      </PageShell>
    );
  }

  if (line.error && isApiError(line.error) && line.error.status === 401) {
    return (
      <PageShell title={t('m.draw.title')}>
        <IdentityStep
          codes={{}}
          onVerified={() => {
            line.reload();
            me.reload();
          }}
          submitLabel={t('m.id.login')}
        />
      </PageShell>
    );
  }

  return (
    <PageShell title={t('m.draw.title')}>
      {line.loading && !l && <Loading />}
      {line.error != null && !l && <LoadFailed error={line.error} onRetry={line.reload} />}
      {l && (
        <>
          <Card className="hnm-card hnm-line-card" data-testid="m-line">
            <div className="hnm-line-head">
              <span>{productName(l.productCode, product)}</span>
              <Tag color={l.status === 'ACTIVE' ? 'success' : 'danger'} data-testid="m-line-status">
                {statusLabel(t, 'm.lineStatus', l.status)}
              </Tag>
            </div>
            <div className="hnm-line-available">
              <span className="hnm-muted">{t('m.line.available')}</span>
              <strong data-testid="m-line-available">{cny(l.available)}</strong>
            </div>
            <ProgressBar percent={percentUsed(l)} className="hnm-line-progress" />
            <InfoRow label={t('m.line.limit')}>{cny(l.limit)}</InfoRow>
            {l.drawn !== undefined && (
              <InfoRow label={t('m.line.drawn')} testId="m-line-drawn">
                {cny(l.drawn)}
              </InfoRow>
            )}
            {l.closed !== undefined && (yuanToFen(l.closed) ?? 0n) > 0n && (
              <InfoRow label={t('m.line.closed')} testId="m-line-closed">
                {cny(l.closed)}
              </InfoRow>
            )}
            <InfoRow label={t('m.line.rate')}>{l.annualRatePct}%</InfoRow>
            <InfoRow label={t('m.line.expiry')}>{formatDate(l.expiryDate)}</InfoRow>
            {l.revolving ? (
              <div className="hnm-muted hnm-small">{t('m.line.revolving')}</div>
            ) : (
              <div className="hnm-muted hnm-small">{t('m.line.closedNote')}</div>
            )}
          </Card>

          {l.status !== 'ACTIVE' ? (
            l.status === 'FROZEN' && l.freezeNotice ? (
              <FrozenNotice notice={l.freezeNotice} contact={l.contact} />
            ) : (
              <NoticeBar color="alert" wrap content={t('m.line.notActive')} />
            )
          ) : l.riskHold ? (
            <NoticeBar color="alert" wrap content={t('m.line.riskHold')} data-testid="m-line-risk-hold" />
          ) : l.drawdownBlock?.blocked ? (
            <DrawdownBlocked block={l.drawdownBlock} />
          ) : (
            <>
              <Card className="hnm-card" title={t('m.draw.formTitle')}>
                <TextField
                  label={t('m.draw.amount')}
                  testId="m-draw-amount"
                  value={amount}
                  onChange={(v) => {
                    setAmount(v);
                    setAmountError(null);
                  }}
                  inputMode="decimal"
                  suffix={t('m.yuan')}
                  placeholder={t('m.draw.amountPh', { max: cny(l.available) })}
                  error={amountError}
                  hint={
                    <button type="button" className="hnm-text-btn" onClick={() => setAmount(l.available)} data-testid="m-draw-all">
                      {t('m.draw.all')}
                    </button>
                  }
                />
                <SelectField<number>
                  label={t('m.apply.term')}
                  testId="m-draw-term"
                  value={term}
                  onChange={setTerm}
                  options={terms.map((m) => ({ value: m, label: t('m.months', { n: m }) }))}
                />
                <SelectField<RepaymentMethod>
                  label={t('m.apply.method')}
                  testId="m-draw-method"
                  value={method}
                  onChange={setMethod}
                  options={methods.map((m) => ({ value: m, label: methodLabel(t, m) }))}
                />
              </Card>

              <Card className="hnm-card" title={t('m.trial.title')}>
                {!trialReq && <div className="hnm-muted">{t('m.calc.fill')}</div>}
                {trialReq && trial.loading && !trial.data && <Loading />}
                {trialReq && trial.error != null && <div className="hnm-error-text">{errorText(trial.error)}</div>}
                {trialReq && trial.data && (
                  <div data-testid="m-draw-trial" className={trial.loading ? 'hnm-stale' : undefined}>
                    <InfoRow label={t('m.trial.firstPayment')} strong>
                      {cny(trial.data.installments[0]?.payment)}
                      <span className="hnm-muted"> · {trial.data.installments[0]?.dueDate}</span>
                    </InfoRow>
                    <InfoRow label={t('m.trial.totalInterest')}>{cny(trial.data.totalInterest)}</InfoRow>
                    <InfoRow label={t('m.trial.totalPayment')}>{cny(trial.data.totalPayment)}</InfoRow>
                    <button
                      type="button"
                      className="hnm-text-btn"
                      onClick={() => setShowSchedule(!showSchedule)}
                      data-testid="m-draw-schedule-toggle"
                    >
                      {showSchedule ? t('m.trial.hideSchedule') : t('m.trial.showSchedule', { n: trial.data.installments.length })}
                    </button>
                    {showSchedule && <ScheduleTable installments={trial.data.installments} testId="m-draw-schedule" />}
                    <div className="hnm-muted hnm-small">{t('m.draw.trialNote')}</div>
                  </div>
                )}
              </Card>

              <Card className="hnm-card">
                <ContractText
                  line={l}
                  req={req}
                  borrower={me.data?.customer.nameMasked ?? portal.customer?.nameMasked ?? '—'}
                  productName={productName(l.productCode, product)}
                />
                <div className="hnm-agree">
                  <Checkbox
                    checked={agree}
                    onChange={(v) => {
                      setAgree(v);
                      if (v) setAgreeError(false);
                    }}
                    data-testid="m-contract-agree"
                  >
                    {t('m.contract.agree')}
                  </Checkbox>
                </div>
                {agreeError && (
                  <div className="hnm-error-text" role="alert">
                    {t('m.contract.agreeRequired')}
                  </div>
                )}
              </Card>

              <Button
                block
                color="primary"
                size="large"
                loading={busy}
                onClick={() => void confirm()}
                data-testid="m-draw-submit"
                className="hnm-primary-btn"
              >
                {t('m.draw.submit')}
              </Button>
            </>
          )}
        </>
      )}
    </PageShell>
  );
}

/** The part of the limit in use (a one-off line's drawdown, not its whole limit). */
function percentUsed(l: LineView): number {
  const limit = yuanToFen(l.limit) ?? 0n;
  const used = l.used !== undefined ? (yuanToFen(l.used) ?? 0n) : limit - (yuanToFen(l.available) ?? 0n);
  if (limit <= 0n) return 0;
  return Number((used * 100n) / limit);
}

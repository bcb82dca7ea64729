/**
 * /m/apply/:productCode — identity (SMS code) → consents → the request with a live trial → the
 * decision. The channel follows the arrival link: a pre-credit card, an officer's QR code, a friend's
 * referral, or the customer on their own.
 */
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Button, Card, ErrorBlock, Steps } from 'antd-mobile';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import {
  channelOf,
  codesFromSearch,
  CONSENT_FLAG,
  isGuaranteeProduct,
  isPledgeProduct,
  mobileApi,
  PRODUCT_CODES,
  type ApplicationRequest,
  type ApplicationResult,
  type Certificate,
  type CustomerBrief,
} from '../api';
import { fenToYuan, yuanToFen } from '../format';
import { findProduct, usePortal, useProducts } from '../portal';
import { Loading, PageShell, toastError, useAction, useProductName } from '../ui';
import { ConsentStep } from './ConsentStep';
import { DecisionView } from './DecisionView';
import {
  DEFAULT_PLEDGE_RATE_PCT,
  DetailsStep,
  EMPTY_DRAFT,
  guarantorOf,
  coBorrowersOf,
  pledgeCapFen,
  validateDraft,
  type Draft,
  type DraftErrors,
} from './DetailsStep';
import { IdentityStep } from './IdentityStep';

type Step = 0 | 1 | 2 | 3;

function isSessionLost(e: unknown): boolean {
  return isApiError(e) && e.status === 401;
}

export function ApplyPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { productCode = '' } = useParams();
  const [params] = useSearchParams();
  const codes = useMemo(() => codesFromSearch(params), [params]);
  const portal = usePortal();
  const productName = useProductName();
  const products = useProducts();
  const product = findProduct(products.data, productCode);

  const [step, setStep] = useState<Step>(0);
  const [resumable, setResumable] = useState<CustomerBrief | null>(null);
  const [agreed, setAgreed] = useState<Record<string, boolean>>({});
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [certs, setCerts] = useState<Certificate[]>([]);
  const [result, setResult] = useState<ApplicationResult | null>(null);

  // An existing customer session (the cookie survives a reload): offer to continue with it.
  const probe = useAsync((signal) => mobileApi.me(signal).then((me) => me.customer), []);
  useEffect(() => {
    if (!probe.data) return;
    if (portal.identity && portal.customer && String(portal.customer.id) === String(probe.data.id)) setStep((s) => (s === 0 ? 1 : s));
    else setResumable(probe.data);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [probe.data]);

  const consents = useAsync((signal) => mobileApi.consents(signal), []);
  const entry = useAsync((signal) => mobileApi.entry({ card: codes.cardCode }, signal), [codes.cardCode], { enabled: !!codes.cardCode });
  const cardLimit = entry.data?.card && entry.data.card.productCode === productCode ? entry.data.card.limit : null;

  const sessionLost = (e: unknown) => {
    if (!isSessionLost(e)) return;
    toastError(e);
    portal.forget();
    setResumable(null);
    setStep(0);
  };

  const [submit, busy] = useAction(async () => {
    const capFen = isPledgeProduct({ code: productCode, kind: product?.kind })
      ? pledgeCapFen(certs, draft.cdNos, DEFAULT_PLEDGE_RATE_PCT)
      : null;
    const e = validateDraft(t, draft, product, { applicantIdNumber: portal.identity?.idNumber, pledgeCapFen: capFen, productCode });
    setErrors(e);
    if (Object.keys(e).length) return;
    if (!draft.method || !draft.occupation) return;
    const consentFlags: ApplicationRequest['consents'] = { creditInquiry: false, automatedDecision: false, personalInformation: false };
    for (const [kind, flag] of Object.entries(CONSENT_FLAG)) consentFlags[flag] = !!agreed[kind];
    const body: ApplicationRequest = {
      productCode,
      channel: channelOf(codes),
      requestedAmount: fenToYuan(yuanToFen(draft.amount) ?? 0n),
      termMonths: draft.term,
      repaymentMethod: draft.method,
      consents: consentFlags,
      ...codes,
    };
    // The identity verified in this visit goes with its profile; after a reload the session alone speaks.
    if (portal.identity) {
      body.applicant = { ...portal.identity, occupation: draft.occupation, monthlyIncome: fenToYuan(yuanToFen(draft.income) ?? 0n) };
    }
    if (isGuaranteeProduct({ code: productCode, kind: product?.kind })) body.guarantor = guarantorOf(draft);
    if (isPledgeProduct({ code: productCode, kind: product?.kind })) body.pledgeCdNos = draft.cdNos;
    const coBorrowers = coBorrowersOf(draft);
    if (coBorrowers.length > 0) body.coBorrowers = coBorrowers;
    try {
      const r = await mobileApi.apply(body);
      setResult(r);
      setStep(3);
      window.scrollTo({ top: 0 });
    } catch (err) {
      if (isSessionLost(err)) {
        sessionLost(err);
        return;
      }
      throw err;
    }
  });

  const knownCode = products.data ? !!product : (PRODUCT_CODES as readonly string[]).includes(productCode);
  if (products.loading && !products.data) {
    return (
      <PageShell title={t('m.apply.title')}>
        <Loading />
      </PageShell>
    );
  }
  if (!knownCode) {
    return (
      <PageShell title={t('m.apply.title')}>
        <ErrorBlock status="empty" title={t('m.apply.noProduct')} description={productCode}>
          <Button color="primary" onClick={() => navigate('/', { replace: true })}>
            {t('m.backHome')}
          </Button>
        </ErrorBlock>
      </PageShell>
    );
  }

  const name = productName(productCode, product);
  const back = step === 1 || step === 2 ? () => setStep((s) => (s - 1) as Step) : undefined;

  return (
    <PageShell title={t('m.apply.titleOf', { product: name })} onBack={back}>
      <div className="hnm-steps" data-testid="m-steps" data-step={step}>
        <Steps current={step}>
          <Steps.Step title={t('m.step.identity')} />
          <Steps.Step title={t('m.step.consent')} />
          <Steps.Step title={t('m.step.details')} />
          <Steps.Step title={t('m.step.result')} />
        </Steps>
      </div>

      {step === 0 &&
        (resumable && !portal.identity ? (
          <div className="hnm-step-body">
            <Card className="hnm-card">
              <p>{t('m.id.resume', { name: resumable.nameMasked, mobile: resumable.mobileMasked })}</p>
              <Button block color="primary" size="large" onClick={() => setStep(1)} data-testid="m-identify-continue">
                {t('m.id.continue')}
              </Button>
              <Button block fill="none" onClick={() => setResumable(null)} style={{ marginTop: 8 }} data-testid="m-identify-other">
                {t('m.id.other')}
              </Button>
            </Card>
          </div>
        ) : (
          <IdentityStep codes={codes} onVerified={() => setStep(1)} />
        ))}

      {step === 1 && (
        <ConsentStep
          items={consents.data?.items}
          loading={consents.loading}
          error={consents.error}
          onRetry={consents.reload}
          agreed={agreed}
          onAgreed={setAgreed}
          onNext={() => setStep(2)}
        />
      )}

      {step === 2 && (
        <DetailsStep
          productCode={productCode}
          product={product}
          draft={draft}
          errors={errors}
          onDraft={(d, changed) => {
            setDraft(d);
            if (errors[changed]) setErrors({ ...errors, [changed]: undefined });
          }}
          onCerts={setCerts}
          onSessionLost={sessionLost}
          onSubmit={() => void submit()}
          busy={busy}
          cardLimit={cardLimit}
          startDate={products.businessDate}
        />
      )}

      {step === 3 && result && <DecisionView result={result} onChange={setResult} />}
    </PageShell>
  );
}

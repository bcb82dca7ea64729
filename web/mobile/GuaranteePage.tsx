/**
 * /m/guarantee/:token — the guarantor reads what they answer for (borrower masked, amount, term, the
 * joint-liability guarantee text and its version), proves who they are with an SMS code, accepts
 * explicitly and confirms. A co-borrower (共同借款人, role CO_BORROWER) confirms on the same page, in
 * the co-borrower's words and text.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Checkbox, Result } from 'antd-mobile';
import { useAsync } from '../shared/useAsync';
import { useI18n, type MobileMessageKey } from './i18n';
import { mobileApi } from './api';
import { cny } from './format';
import {
  codeError,
  EMPTY_IDENTITY,
  identityErrors,
  IdentityFields,
  normalizeIdentity,
  type IdentityErrors,
  type IdentityValues,
} from './IdentityFields';
import { InfoRow, LoadFailed, Loading, PageShell, useAction } from './ui';

export function GuaranteePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { token = '' } = useParams();
  const inv = useAsync((signal) => mobileApi.guarantee(token, signal), [token]);
  const [values, setValues] = useState<IdentityValues>(EMPTY_IDENTITY);
  const [errors, setErrors] = useState<IdentityErrors>({});
  const [challenge, setChallenge] = useState<{ id: string; idNumber: string; mobile: string } | null>(null);
  const [agree, setAgree] = useState(false);
  const [agreeError, setAgreeError] = useState(false);
  const [confirmed, setConfirmed] = useState(false);

  const sendOtp = async () => {
    const e = identityErrors(t, values);
    setErrors(e);
    if (Object.keys(e).length) return false;
    const identity = normalizeIdentity(values);
    const r = await mobileApi.guaranteeOtp(token, identity);
    setChallenge({ id: r.challengeId, idNumber: identity.idNumber, mobile: identity.mobile });
    return true;
  };

  const [confirm, busy] = useAction(async () => {
    const e: IdentityErrors = { ...identityErrors(t, values) };
    const ce = codeError(t, values.code);
    if (ce) e.code = ce;
    const identity = normalizeIdentity(values);
    if (!e.code && (!challenge || challenge.idNumber !== identity.idNumber || challenge.mobile !== identity.mobile))
      e.code = t('m.err.otpFirst');
    setErrors(e);
    setAgreeError(!agree);
    if (Object.keys(e).length || !agree || !challenge) return;
    await mobileApi.confirmGuarantee(token, {
      challengeId: challenge.id,
      code: values.code.trim(),
      idNumber: identity.idNumber,
      agree: true,
    });
    setConfirmed(true);
    window.scrollTo({ top: 0 });
  });

  const g = inv.data;
  const already = g && g.status === 'CONFIRMED';
  /** The page's words for the party's role: a co-borrower's where they differ from a guarantor's. */
  const w = (key: MobileMessageKey): MobileMessageKey =>
    g?.role === 'CO_BORROWER' ? (key.replace(/^m\.g\./, 'm.g.co.') as MobileMessageKey) : key;

  return (
    <PageShell title={t(w('m.g.title'))} onBack={() => navigate('/', { replace: true })}>
      {inv.loading && !g && <Loading />}
      {inv.error != null && !g && <LoadFailed error={inv.error} onRetry={inv.reload} />}
      {g && (confirmed || already) && (
        <div data-testid="m-guarantee-done">
          <Result status="success" title={t(w('m.g.done'))} description={t(w('m.g.doneDesc'), { name: g.borrowerNameMasked })} />
        </div>
      )}
      {g && !confirmed && !already && g.status !== 'INVITED' && g.status !== 'PENDING' && (
        <Result status="warning" title={t('m.g.closed')} description={t('m.g.closedDesc')} />
      )}
      {g && !confirmed && !already && (g.status === 'INVITED' || g.status === 'PENDING') && (
        <>
          <Card className="hnm-card" title={t(w('m.g.what'))}>
            <p className="hnm-step-intro">{t(w('m.g.intro'), { name: g.borrowerNameMasked })}</p>
            <InfoRow label={t('m.g.borrower')}>{g.borrowerNameMasked}</InfoRow>
            <InfoRow label={t('m.g.product')}>{g.productName}</InfoRow>
            <InfoRow label={t(w('m.g.amount'))} strong testId="m-guarantee-amount">
              {cny(g.amount)}
            </InfoRow>
            <InfoRow label={t('m.apply.term')}>{t('m.months', { n: g.termMonths })}</InfoRow>
          </Card>
          <Card className="hnm-card" title={t(w('m.g.contract'))}>
            <div className="hnm-contract" data-testid="m-guarantee-text">
              <p>{g.contractText}</p>
              <div className="hnm-muted">{t('m.consent.version', { version: g.textVersion })}</div>
            </div>
          </Card>
          <Card className="hnm-card" title={t(w('m.g.identity'))}>
            <IdentityFields
              values={values}
              errors={errors}
              onChange={(next, changed) => {
                setValues(next);
                if (errors[changed]) setErrors({ ...errors, [changed]: undefined });
              }}
              sendOtp={sendOtp}
            />
          </Card>
          <Card className="hnm-card">
            <Checkbox
              checked={agree}
              onChange={(v) => {
                setAgree(v);
                if (v) setAgreeError(false);
              }}
              data-testid="m-guarantee-agree"
            >
              {t(w('m.g.agree'))}
            </Checkbox>
            {agreeError && (
              <div className="hnm-error-text" role="alert">
                {t(w('m.g.agreeRequired'))}
              </div>
            )}
          </Card>
          <Button
            block
            color="primary"
            size="large"
            loading={busy}
            onClick={() => void confirm()}
            data-testid="m-guarantee-confirm"
            className="hnm-primary-btn"
          >
            {t(w('m.g.confirm'))}
          </Button>
        </>
      )}
    </PageShell>
  );
}

/**
 * Identity by SMS code: POST /portal/otp, then POST /portal/sessions. The session is the httpOnly
 * cookie the server sets; the page keeps the verified identity in memory only (usePortal).
 */
import { useState } from 'react';
import { Button, Card, Dialog } from 'antd-mobile';
import { isApiError } from '../../shared/api';
import { useI18n } from '../i18n';
import { mobileApi, type ArrivalCodes, type CustomerBrief } from '../api';
import {
  codeError,
  EMPTY_IDENTITY,
  identityErrors,
  IdentityFields,
  normalizeIdentity,
  type IdentityErrors,
  type IdentityValues,
} from '../IdentityFields';
import { usePortal } from '../portal';
import { useAction } from '../ui';

export function IdentityStep({
  codes,
  onVerified,
  submitLabel,
}: {
  codes: ArrivalCodes;
  onVerified: (c: CustomerBrief) => void;
  submitLabel?: string;
}) {
  const { t } = useI18n();
  const portal = usePortal();
  const [values, setValues] = useState<IdentityValues>(EMPTY_IDENTITY);
  const [errors, setErrors] = useState<IdentityErrors>({});
  const [challenge, setChallenge] = useState<{ id: string; mobile: string; idNumber: string } | null>(null);

  const onChange = (next: IdentityValues, changed: keyof IdentityValues) => {
    setValues(next);
    if (errors[changed]) setErrors({ ...errors, [changed]: undefined });
  };

  const sendOtp = async () => {
    const e = identityErrors(t, values);
    setErrors(e);
    if (Object.keys(e).length) return false;
    const identity = normalizeIdentity(values);
    const r = await mobileApi.sendOtp(identity);
    setChallenge({ id: r.challengeId, mobile: identity.mobile, idNumber: identity.idNumber });
    return true;
  };

  const [submit, busy] = useAction(async () => {
    const e: IdentityErrors = { ...identityErrors(t, values) };
    const ce = codeError(t, values.code);
    if (ce) e.code = ce;
    const identity = normalizeIdentity(values);
    if (!e.code && (!challenge || challenge.mobile !== identity.mobile || challenge.idNumber !== identity.idNumber))
      e.code = t('m.err.otpFirst');
    setErrors(e);
    if (Object.keys(e).length || !challenge) return;
    let res;
    try {
      // the sign-in takes the codes that name a person (officer, referrer, card); a group's or a campaign's code goes with the application
      const { officerCode, referralCode, cardCode } = codes;
      res = await mobileApi.createSession({
        ...identity,
        officerCode,
        referralCode,
        cardCode,
        challengeId: challenge.id,
        code: values.code.trim(),
      });
    } catch (err) {
      if (!isApiError(err) || err.code !== 'CUSTOMER_IDENTITY_MISMATCH') throw err;
      // The code was right but the name, ID number and mobile are not what the bank holds; the code is spent.
      setChallenge(null);
      setValues({ ...values, code: '' });
      void Dialog.alert({
        title: t('m.id.mismatchTitle'),
        content: <div data-testid="m-identity-mismatch">{err.message}</div>,
        confirmText: t('m.id.mismatchOk'),
      });
      return;
    }
    portal.setVerified(identity, res.customer);
    onVerified(res.customer);
  });

  return (
    <div className="hnm-step-body">
      <p className="hnm-step-intro">{t('m.id.intro')}</p>
      <Card className="hnm-card">
        <IdentityFields values={values} errors={errors} onChange={onChange} sendOtp={sendOtp} />
      </Card>
      <Button
        block
        color="primary"
        size="large"
        loading={busy}
        onClick={() => void submit()}
        data-testid="m-identify-submit"
        className="hnm-primary-btn"
      >
        {submitLabel ?? t('m.id.submit')}
      </Button>
    </div>
  );
}

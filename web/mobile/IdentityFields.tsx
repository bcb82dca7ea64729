/**
 * Name, ID number, mobile and the SMS code with a 60-second resend wait. Used by the applicant (a
 * customer session is opened with it) and by a guarantor (the code confirms the guarantee).
 */
import { Button, Toast } from 'antd-mobile';
import { useI18n } from './i18n';
import type { IdentityInput } from './api';
import { checkIdNumber, checkMobile, checkName, NAME_MAX_LENGTH, NAME_MIN_LENGTH } from './format';
import { TextField, toastError, useCountdown } from './ui';

export interface IdentityValues extends IdentityInput {
  code: string;
}

export type IdentityErrors = Partial<Record<keyof IdentityValues, string>>;

export const EMPTY_IDENTITY: IdentityValues = { name: '', idNumber: '', mobile: '', code: '' };

export const RESEND_SECONDS = 60;

type T = ReturnType<typeof useI18n>['t'];

/** Field errors of the identity part (not the code); empty when all three are valid. */
export function identityErrors(t: T, v: IdentityValues): IdentityErrors {
  const e: IdentityErrors = {};
  if (!checkName(v.name)) e.name = t('m.err.name', { min: String(NAME_MIN_LENGTH), max: String(NAME_MAX_LENGTH) });
  if (!checkIdNumber(v.idNumber)) e.idNumber = v.idNumber.trim() ? t('m.err.idNumber') : t('m.err.idRequired');
  if (!checkMobile(v.mobile)) e.mobile = v.mobile.trim() ? t('m.err.mobile') : t('m.err.mobileRequired');
  return e;
}

export function codeError(t: T, code: string): string | undefined {
  return /^\d{6}$/.test(code.trim()) ? undefined : t('m.err.otp');
}

/** The identity as the API wants it: trimmed, ID upper-case, bare 11-digit mobile. */
export function normalizeIdentity(v: IdentityValues): IdentityInput {
  return {
    name: v.name.trim(),
    idNumber: checkIdNumber(v.idNumber) ?? v.idNumber.trim().toUpperCase(),
    mobile: checkMobile(v.mobile) ?? v.mobile.trim(),
  };
}

interface Props {
  values: IdentityValues;
  errors: IdentityErrors;
  onChange: (next: IdentityValues, changed: keyof IdentityValues) => void;
  /** Sends the code; resolves true when it was sent (the resend wait starts). */
  sendOtp: () => Promise<boolean>;
  disabled?: boolean;
}

export function IdentityFields({ values, errors, onChange, sendOtp, disabled }: Props) {
  const { t } = useI18n();
  const [left, startCountdown] = useCountdown();
  const set = (k: keyof IdentityValues) => (v: string) => onChange({ ...values, [k]: v }, k);

  const send = async () => {
    try {
      if (await sendOtp()) {
        startCountdown(RESEND_SECONDS);
        Toast.show({ icon: 'success', content: t('m.otp.sent') });
      }
    } catch (e) {
      toastError(e);
    }
  };

  return (
    <>
      <TextField
        label={t('m.id.name')}
        testId="m-name"
        value={values.name}
        onChange={set('name')}
        placeholder={t('m.id.namePh')}
        maxLength={NAME_MAX_LENGTH}
        autoComplete="name"
        error={errors.name}
        disabled={disabled}
      />
      <TextField
        label={t('m.id.idNumber')}
        testId="m-id"
        value={values.idNumber}
        onChange={(v) => set('idNumber')(v.replace(/\s/g, ''))}
        placeholder={t('m.id.idNumberPh')}
        maxLength={18}
        error={errors.idNumber}
        disabled={disabled}
      />
      <TextField
        label={t('m.id.mobile')}
        testId="m-mobile"
        value={values.mobile}
        onChange={set('mobile')}
        placeholder={t('m.id.mobilePh')}
        inputMode="tel"
        maxLength={16}
        autoComplete="tel"
        error={errors.mobile}
        disabled={disabled}
      />
      <TextField
        label={t('m.id.otp')}
        testId="m-otp"
        value={values.code}
        onChange={(v) => set('code')(v.replace(/\D/g, ''))}
        placeholder={t('m.id.otpPh')}
        inputMode="numeric"
        maxLength={6}
        autoComplete="one-time-code"
        error={errors.code}
        disabled={disabled}
        suffix={
          <Button
            size="small"
            color="primary"
            fill="outline"
            disabled={left > 0 || disabled}
            onClick={() => void send()}
            data-testid="m-otp-send"
            className="hnm-otp-btn"
          >
            {left > 0 ? t('m.otp.resendIn', { s: left }) : t('m.otp.send')}
          </Button>
        }
      />
      <div className="hnm-demo-hint" data-testid="m-demo-hint">
        {t('m.otp.demoHint')}
      </div>
    </>
  );
}

/**
 * Small building blocks of the customer page. Inputs are native elements (big touch targets, the
 * phone's own keyboards and pickers) so the data-testid sits on the element a test fills or selects.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, DotLoading, ErrorBlock, NavBar, SafeArea, Toast } from 'antd-mobile';
import { isAbort, isApiError } from '../shared/api';
import { pickLang } from '../shared/i18n';
import { useI18n, type MobileMessageKey } from './i18n';
import { LangButton } from './LangButton';
import type { PublicProduct, ScheduleRow } from './api';
import { cny, formatDate } from './format';

/** Shows the server's (already localised) message, or a generic one. */
export function toastError(e: unknown): void {
  if (isAbort(e)) return;
  const content = isApiError(e) ? e.message : e instanceof Error ? e.message : String(e);
  Toast.show({ icon: 'fail', content, duration: 3000 });
}

export function errorText(e: unknown): string {
  return isApiError(e) ? e.message : e instanceof Error ? e.message : String(e);
}

export function PageShell({
  title,
  children,
  onBack,
  right,
}: {
  title: ReactNode;
  children: ReactNode;
  onBack?: () => void;
  right?: ReactNode;
}) {
  const navigate = useNavigate();
  // Opened directly (no history inside the app): back goes home.
  const back = onBack ?? (() => (window.history.state?.idx > 0 ? navigate(-1) : navigate('/', { replace: true })));
  return (
    <div className="hnm-page">
      <SafeArea position="top" />
      <NavBar
        className="hnm-navbar"
        onBack={back}
        right={
          <span className="hnm-navbar-right">
            {right}
            <LangButton className="hnm-lang hnm-lang-dark" />
          </span>
        }
        data-testid="m-navbar"
      >
        {title}
      </NavBar>
      <main className="hnm-main">{children}</main>
      <SafeArea position="bottom" />
    </div>
  );
}

interface FieldProps {
  label: ReactNode;
  testId: string;
  value: string;
  onChange: (v: string) => void;
  placeholder?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel';
  maxLength?: number;
  error?: string | null;
  hint?: ReactNode;
  suffix?: ReactNode;
  autoComplete?: string;
  disabled?: boolean;
  onBlur?: () => void;
}

export function TextField({
  label,
  testId,
  value,
  onChange,
  placeholder,
  inputMode = 'text',
  maxLength,
  error,
  hint,
  suffix,
  autoComplete,
  disabled,
  onBlur,
}: FieldProps) {
  const id = `f-${testId}`;
  return (
    <div className={`hnm-field${error ? ' hnm-field-error' : ''}`}>
      <label className="hnm-field-label" htmlFor={id}>
        {label}
      </label>
      <div className="hnm-field-control">
        <input
          id={id}
          className="hnm-input"
          data-testid={testId}
          value={value}
          placeholder={placeholder}
          inputMode={inputMode}
          maxLength={maxLength}
          autoComplete={autoComplete ?? 'off'}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
        {suffix && <span className="hnm-field-suffix">{suffix}</span>}
      </div>
      {error ? (
        <div className="hnm-field-msg" role="alert">
          {error}
        </div>
      ) : (
        hint && <div className="hnm-field-hint">{hint}</div>
      )}
    </div>
  );
}

export function SelectField<V extends string | number>({
  label,
  testId,
  value,
  onChange,
  options,
  placeholder,
  error,
  hint,
}: {
  label: ReactNode;
  testId: string;
  value: V | '';
  onChange: (v: V) => void;
  options: Array<{ value: V; label: string; disabled?: boolean }>;
  placeholder?: string;
  error?: string | null;
  hint?: ReactNode;
}) {
  const id = `f-${testId}`;
  const numeric = options.length > 0 && typeof options[0].value === 'number';
  return (
    <div className={`hnm-field${error ? ' hnm-field-error' : ''}`}>
      <label className="hnm-field-label" htmlFor={id}>
        {label}
      </label>
      <div className="hnm-field-control">
        <select
          id={id}
          className="hnm-select"
          data-testid={testId}
          value={String(value)}
          onChange={(e) => onChange((numeric ? Number(e.target.value) : e.target.value) as V)}
        >
          {placeholder !== undefined && (
            <option value="" disabled>
              {placeholder}
            </option>
          )}
          {options.map((o) => (
            <option key={String(o.value)} value={String(o.value)} disabled={o.disabled}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <div className="hnm-field-msg" role="alert">
          {error}
        </div>
      ) : (
        hint && <div className="hnm-field-hint">{hint}</div>
      )}
    </div>
  );
}

/** A label: value line inside a card. */
export function InfoRow({ label, children, strong, testId }: { label: ReactNode; children: ReactNode; strong?: boolean; testId?: string }) {
  return (
    <div className="hnm-info-row">
      <span className="hnm-info-label">{label}</span>
      <span className={strong ? 'hnm-info-value hnm-info-strong' : 'hnm-info-value'} data-testid={testId}>
        {children}
      </span>
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <div className="hnm-loading">
      <DotLoading color="primary" />
      <span>{t('m.loading')}</span>
    </div>
  );
}

export function LoadFailed({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const notFound = isApiError(error) && error.status === 404;
  return (
    <ErrorBlock
      status={notFound ? 'empty' : 'default'}
      title={notFound ? t('m.notFound') : t('m.loadFailed')}
      description={errorText(error)}
    >
      {onRetry && !notFound && (
        <Button color="primary" fill="outline" onClick={onRetry}>
          {t('m.retry')}
        </Button>
      )}
    </ErrorBlock>
  );
}

export function methodLabel(t: (k: MobileMessageKey) => string, method: string): string {
  const key = `m.method.${method}` as MobileMessageKey;
  const text = t(key);
  return text === key ? method : text;
}

export function statusLabel(t: (k: MobileMessageKey) => string, prefix: string, status: string): string {
  const key = `${prefix}.${status}` as MobileMessageKey;
  const text = t(key);
  return text === key ? status : text;
}

/** The product's name in the page language; the built-in names when the products list is unavailable. */
export function useProductName(): (code: string, product?: PublicProduct | null) => string {
  const { t, lang } = useI18n();
  return useCallback(
    (code: string, product?: PublicProduct | null) => {
      if (product) return pickLang(lang, product.nameZh, product.nameEn);
      const key = `m.product.${code}` as MobileMessageKey;
      const text = t(key);
      return text === key ? code : text;
    },
    [t, lang],
  );
}

export function ScheduleTable({ installments, testId = 'm-schedule' }: { installments: ScheduleRow[]; testId?: string }) {
  const { t } = useI18n();
  const hasStatus = installments.some((r) => r.status);
  return (
    <div className="hnm-table-wrap">
      <table className="hnm-table" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('m.sch.period')}</th>
            <th>{t('m.sch.dueDate')}</th>
            <th className="num">{t('m.sch.payment')}</th>
            <th className="num">{t('m.sch.principal')}</th>
            <th className="num">{t('m.sch.interest')}</th>
            {hasStatus && <th>{t('m.sch.status')}</th>}
          </tr>
        </thead>
        <tbody>
          {installments.map((r) => (
            <tr key={r.period}>
              <td>{r.period}</td>
              <td>{formatDate(r.dueDate)}</td>
              <td className="num">{cny(r.payment)}</td>
              <td className="num">{cny(r.principal)}</td>
              <td className="num">{cny(r.interest)}</td>
              {hasStatus && <td>{r.status ? statusLabel(t, 'm.instStatus', r.status) : '—'}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Seconds left of a resend wait; start(60) begins a new one. */
export function useCountdown(): [number, (seconds: number) => void] {
  const [left, setLeft] = useState(0);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const stop = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stop, []);
  const start = useCallback((seconds: number) => {
    stop();
    const until = Date.now() + seconds * 1000;
    setLeft(seconds);
    timer.current = setInterval(() => {
      const s = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      setLeft(s);
      if (s === 0) stop();
    }, 250);
  }, []);
  return [left, start];
}

/** Runs an async action once at a time, showing its error as a toast. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): [(...args: A) => Promise<R | undefined>, boolean] {
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A) => {
    if (busyRef.current) return undefined;
    busyRef.current = true;
    setBusy(true);
    try {
      return await fnRef.current(...args);
    } catch (e) {
      toastError(e);
      return undefined;
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  }, []);
  return [run, busy];
}

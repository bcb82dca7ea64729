/**
 * The three authorisations (征信查询, 自动化决策, 个人信息处理), each with its full text a tap away and
 * its version shown; all three are required before anything is evaluated.
 */
import { useState } from 'react';
import { Button, Card, Checkbox } from 'antd-mobile';
import { useI18n } from '../i18n';
import { CONSENT_KINDS, type ConsentItem } from '../api';
import { LoadFailed, Loading } from '../ui';

interface Props {
  items: ConsentItem[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  agreed: Record<string, boolean>;
  onAgreed: (next: Record<string, boolean>) => void;
  onNext: () => void;
}

export function ConsentStep({ items, loading, error, onRetry, agreed, onAgreed, onNext }: Props) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [missing, setMissing] = useState(false);

  if (!items) return loading ? <Loading /> : <LoadFailed error={error} onRetry={onRetry} />;

  // The three kinds the application needs, in the server's order; anything else shown as well.
  const list = [...items].sort((a, b) => rank(a.kind) - rank(b.kind));
  const allChecked = list.length > 0 && list.every((c) => agreed[c.kind]);
  const setAll = (v: boolean) => {
    const next: Record<string, boolean> = {};
    for (const c of list) next[c.kind] = v;
    onAgreed(next);
    if (v) setMissing(false);
  };
  const next = () => {
    const absent = CONSENT_KINDS.some((k) => !list.some((c) => c.kind === k));
    if (!allChecked || absent) {
      setMissing(true);
      return;
    }
    onNext();
  };

  return (
    <div className="hnm-step-body">
      <p className="hnm-step-intro">{t('m.consent.intro')}</p>
      {list.map((c) => (
        <Card key={c.kind} className="hnm-card hnm-consent">
          <div className="hnm-consent-head">
            <Checkbox
              checked={!!agreed[c.kind]}
              onChange={(v) => {
                const nextAgreed = { ...agreed, [c.kind]: v };
                onAgreed(nextAgreed);
                if (list.every((x) => nextAgreed[x.kind])) setMissing(false);
              }}
              data-testid={`m-consent-${c.kind}`}
            >
              <span className="hnm-consent-title">{t('m.consent.agreeTo', { title: c.title })}</span>
            </Checkbox>
            <button
              type="button"
              className="hnm-text-btn"
              onClick={() => setOpen({ ...open, [c.kind]: !open[c.kind] })}
              data-testid={`m-consent-toggle-${c.kind}`}
            >
              {open[c.kind] ? t('m.consent.collapse') : t('m.consent.read')}
            </button>
          </div>
          {open[c.kind] && (
            <div className="hnm-consent-text" data-testid={`m-consent-text-${c.kind}`}>
              <p>{c.text}</p>
              <div className="hnm-muted">{t('m.consent.version', { version: c.version })}</div>
            </div>
          )}
        </Card>
      ))}
      <div className="hnm-consent-all">
        <Checkbox
          checked={allChecked}
          indeterminate={!allChecked && list.some((c) => agreed[c.kind])}
          onChange={setAll}
          data-testid="m-consent-all"
        >
          {t('m.consent.all')}
        </Checkbox>
      </div>
      {missing && (
        <div className="hnm-error-text" role="alert">
          {t('m.consent.required')}
        </div>
      )}
      <Button block color="primary" size="large" onClick={next} data-testid="m-consent-next" className="hnm-primary-btn">
        {t('m.next')}
      </Button>
    </div>
  );
}

function rank(kind: string): number {
  const i = CONSENT_KINDS.indexOf(kind);
  return i < 0 ? 99 : i;
}

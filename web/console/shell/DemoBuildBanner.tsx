/**
 * While the demo bank's first quarter is being built in the background (demo mode, issue 16), a banner on
 * the sign-in page and above every page shows its progress, so a first look is never a silent, empty bank.
 * It polls GET /api/v1/demo/status (public in demo mode) every few seconds while BUILDING; outside demo mode
 * the route answers 404 and the banner stays away.
 */
import { useEffect, useState } from 'react';
import { Alert, Progress } from 'antd';
import type { DemoStatusView } from '../../../src/modules/demo/demo.contract';
import { api } from '../../shared/api';
import { useI18n } from '../i18n';

const POLL_MS = 3000;

export function DemoBuildBanner() {
  const { t } = useI18n();
  const [status, setStatus] = useState<DemoStatusView | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await api.get<DemoStatusView>('/api/v1/demo/status');
        if (stopped) return;
        setStatus(s);
        if (s.state === 'BUILDING') timer = setTimeout(() => void poll(), POLL_MS);
      } catch {
        // not in demo mode (404), or the server is away: no banner
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, []);
  if (!status || !status.quarter || status.state === 'READY') return null;
  if (status.state === 'FAILED')
    return <Alert type="error" showIcon banner data-testid="demo-build" title={t('demo.failed')} description={status.error ?? ''} />;
  return (
    <Alert
      type="info"
      showIcon
      banner
      data-testid="demo-build"
      data-progress={status.progress}
      title={
        status.phase === 'DAY' && status.day
          ? t('demo.buildingDay', { day: status.day, done: status.daysDone, total: status.daysTotal })
          : t('demo.buildingOpening')
      }
      description={<Progress percent={status.progress} size="small" status="active" />}
    />
  );
}

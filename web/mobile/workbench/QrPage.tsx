/** 我的二维码: the officer's personal QR code, shown full screen for the customer to scan. */
import { useState } from 'react';
import { Button, Card, Mask } from 'antd-mobile';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { LoadFailed, Loading } from '../ui';
import { StaffShell, useStaff } from './staff';
import { workbenchApi } from './api';

function Qr() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync((signal) => workbenchApi.qr(signal), []);
  const [full, setFull] = useState(false);
  if (!data && loading) return <Loading />;
  if (!data) return <LoadFailed error={error} onRetry={reload} />;
  return (
    <Card className="hnm-card hnm-wb-qr-card">
      <p className="hnm-step-intro">{t('m.wb.qr.hint')}</p>
      <img src={data.qrDataUrl} alt={t('m.wb.qr.title')} className="hnm-wb-qr" data-testid="m-staff-qr" onClick={() => setFull(true)} />
      <div className="hnm-wb-qr-code" data-testid="m-staff-qr-code">
        {t('m.wb.qr.code', { code: data.officerCode })}
      </div>
      <Button block color="primary" size="large" onClick={() => setFull(true)} data-testid="m-staff-qr-full">
        {t('m.wb.qr.full')}
      </Button>
      <Mask visible={full} onMaskClick={() => setFull(false)} color="white" opacity={1}>
        <div className="hnm-wb-qr-full" data-testid="m-staff-qr-fullscreen" onClick={() => setFull(false)}>
          <img src={data.qrDataUrl} alt={t('m.wb.qr.title')} />
          <div className="hnm-wb-qr-code">{t('m.wb.qr.code', { code: data.officerCode })}</div>
          <div className="hnm-muted">{t('m.wb.qr.close')}</div>
        </div>
      </Mask>
    </Card>
  );
}

export function QrPage() {
  const { t } = useI18n();
  const { user } = useStaff();
  return <StaffShell title={t('m.wb.qr.title')}>{user && <Qr />}</StaffShell>;
}

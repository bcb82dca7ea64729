import { useNavigate } from 'react-router-dom';
import { Button, NavBar, Result, SafeArea } from 'antd-mobile';
import { useI18n } from './i18n';
import { LangButton } from './LangButton';

export function ComingSoonPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  // Opened directly (no history inside the app): back goes home.
  const back = () => (window.history.state?.idx > 0 ? navigate(-1) : navigate('/', { replace: true }));
  return (
    <div className="hnm-page">
      <SafeArea position="top" />
      <NavBar onBack={back} right={<LangButton className="hnm-lang hnm-lang-dark" />} data-testid="m-navbar">
        {t('m.calculator')}
      </NavBar>
      <Result status="waiting" title={t('m.calculatorSoon')} description={t('m.calculatorSoonDesc')} data-testid="m-coming-soon" />
      <div className="hnm-soon-actions">
        <Button block color="primary" onClick={() => navigate('/', { replace: true })}>
          {t('m.backHome')}
        </Button>
      </div>
    </div>
  );
}

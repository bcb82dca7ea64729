import { Button, Tooltip } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';

export function LangSwitch({ dark = false }: { dark?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Tooltip title={t('lang.switchTitle')}>
      <Button
        type="text"
        data-testid="lang-switch"
        icon={<GlobalOutlined />}
        style={dark ? { color: 'rgba(255,255,255,0.85)' } : undefined}
        onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
      >
        {t('lang.switch')}
      </Button>
    </Tooltip>
  );
}

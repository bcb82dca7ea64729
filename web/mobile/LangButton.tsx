import { useI18n } from './i18n';

export function LangButton({ className = 'hnm-lang' }: { className?: string }) {
  const { t, lang, setLang } = useI18n();
  return (
    <button type="button" className={className} data-testid="lang-switch" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
      {t('m.lang')}
    </button>
  );
}

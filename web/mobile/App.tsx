import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ConfigProvider } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { I18nProvider, useI18n } from './i18n';
import { HomePage } from './HomePage';
import { ComingSoonPage } from './ComingSoonPage';

function Localised() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <BrowserRouter basename="/m">
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/calculator" element={<ComingSoonPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </BrowserRouter>
    </ConfigProvider>
  );
}

export function MobileApp() {
  return (
    <I18nProvider>
      <Localised />
    </I18nProvider>
  );
}

import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ConfigProvider } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { I18nProvider, useI18n } from './i18n';
import { PortalProvider } from './portal';
import { HomePage } from './HomePage';
import { CalculatorPage } from './CalculatorPage';
import { ApplyPage } from './apply/ApplyPage';
import { LinePage } from './LinePage';
import { LoanPage } from './LoanPage';
import { MePage } from './MePage';
import { GuaranteePage } from './GuaranteePage';
import { StaffProvider } from './workbench/staff';
import { WorkListPage } from './workbench/WorkListPage';
import { ProspectPage } from './workbench/ProspectPage';
import { AssistApplyPage } from './workbench/AssistApplyPage';
import { QrPage } from './workbench/QrPage';
import { SlaPage } from './workbench/SlaPage';
import { ExamsPage } from './workbench/ExamsPage';
import { ExamPage } from './workbench/ExamPage';
import { MyTrainingPage } from './workbench/MyTrainingPage';

function Localised() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>
      <BrowserRouter basename="/m">
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/calculator" element={<CalculatorPage />} />
          <Route path="/apply/:productCode" element={<ApplyPage />} />
          <Route path="/lines/:id" element={<LinePage />} />
          <Route path="/loans/:id" element={<LoanPage />} />
          <Route path="/me" element={<MePage />} />
          <Route path="/guarantee/:token" element={<GuaranteePage />} />
          {/* staff mode (the officer's mobile workbench): the staff session, never the customer's */}
          <Route path="/staff" element={<WorkListPage />} />
          <Route path="/staff/prospects/:id" element={<ProspectPage />} />
          <Route path="/staff/prospects/:id/apply" element={<AssistApplyPage />} />
          <Route path="/staff/qr" element={<QrPage />} />
          <Route path="/staff/sla" element={<SlaPage />} />
          <Route path="/staff/exams" element={<ExamsPage />} />
          <Route path="/staff/exams/:id" element={<ExamPage />} />
          <Route path="/staff/training" element={<MyTrainingPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </BrowserRouter>
    </ConfigProvider>
  );
}

export function MobileApp() {
  return (
    <I18nProvider>
      <PortalProvider>
        <StaffProvider>
          <Localised />
        </StaffProvider>
      </PortalProvider>
    </I18nProvider>
  );
}

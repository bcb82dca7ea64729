import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './App';
import './console.css';
// Month and weekday names in antd's date pickers come from dayjs's locale (antd depends on dayjs).
import 'dayjs/locale/zh-cn';

const el = document.getElementById('root');
if (!el) throw new Error('#root missing');
createRoot(el).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);

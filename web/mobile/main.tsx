import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { unstableSetRender } from 'antd-mobile';
import { MobileApp } from './App';
import './mobile.css';

// antd-mobile 5 renders Toast and Dialog imperatively with the legacy ReactDOM.render, which React 19
// removed; hand it createRoot instead (https://mobile.ant.design/guide/v5-for-19).
type Container = (Element | DocumentFragment) & { _hnReactRoot?: Root };
unstableSetRender((node, container: Container) => {
  container._hnReactRoot ??= createRoot(container);
  const root = container._hnReactRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    delete container._hnReactRoot;
  };
});

const el = document.getElementById('root');
if (!el) throw new Error('#root missing');
createRoot(el).render(
  <StrictMode>
    <MobileApp />
  </StrictMode>,
);

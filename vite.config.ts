/**
 * Builds the two web pages the server serves from dist/web:
 *   web/index.html    → the staff console at /
 *   web/m/index.html  → the customer mobile page at /m/
 * In development the API, its docs and the health check are proxied to the server on :8080.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const API_TARGET = 'http://127.0.0.1:8080';

/**
 * The mobile page routes under /m/ on the client. The server falls back to m/index.html for /m/*;
 * the dev server would fall back to the console's index.html, so rewrite those requests here.
 */
function mobileHistoryFallback(): Plugin {
  return {
    name: 'huinong-mobile-history-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '';
        const pathname = url.split('?')[0];
        const wantsHtml = (req.headers.accept ?? '').includes('text/html');
        if (wantsHtml && (pathname === '/m' || (pathname.startsWith('/m/') && !/\.[a-z0-9]+$/i.test(pathname)))) {
          req.url = '/m/index.html';
        }
        next();
      });
    },
  };
}

export default defineConfig({
  root: here('./web'),
  base: '/',
  plugins: [react(), mobileHistoryFallback()],
  server: {
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/docs': { target: API_TARGET, changeOrigin: false },
      '/health': { target: API_TARGET, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: API_TARGET },
      '/docs': { target: API_TARGET },
      '/health': { target: API_TARGET },
    },
  },
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    // antd is one large library in its own long-cached chunk.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      input: {
        console: here('./web/index.html'),
        mobile: here('./web/m/index.html'),
      },
      output: {
        codeSplitting: {
          // Each group takes only the modules it matches, so the mobile page never loads antd and
          // the console never loads antd-mobile; the few helpers both use are a small shared chunk.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 30 },
            {
              name: 'shared',
              test: /node_modules[\\/](@babel[\\/]runtime|tslib|classnames|clsx|react-is|use-sync-external-store)[\\/]/,
              priority: 25,
            },
            {
              name: 'antd-mobile',
              test: /node_modules[\\/](antd-mobile|antd-mobile-icons|@react-spring|@use-gesture|ahooks|rc-util|rc-field-form)[\\/]/,
              priority: 20,
            },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});

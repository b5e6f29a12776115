/**
 * The web app: two pages served by the Tianyi server.
 *   /        public catalog and reader account (web/index.html -> src/public)
 *   /staff/  staff workstation (web/staff/index.html -> src/staff)
 * `npm start` builds it (scripts/build-web.mjs); `npx vite --config web/vite.config.ts` serves it
 * with hot reload, proxying /api to a running server on :3100 (TIANYI_API to change).
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      input: { public: resolve(here, 'index.html'), staff: resolve(here, 'staff/index.html') },
      output: {
        // Libraries change rarely: their own files stay cached across releases of the app.
        codeSplitting: {
          groups: [
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack|i18next|react-i18next)[\\/]/ },
            { name: 'vendor-antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|dayjs|@babel)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.TIANYI_API ?? 'http://127.0.0.1:3100' },
  },
});

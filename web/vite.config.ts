import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

import { pyodideAssets } from './scripts/pyodide-assets';

const apiServer = process.env.LECTERN_API_URL ?? 'http://localhost:8080';
const proxied = ['/api', '/docs', '/api-docs', '/healthz', '/uploads'];

export default defineConfig({
  plugins: [react(), pyodideAssets()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  // Pyodide is loaded at run time from /pyodide/<version>/ (see scripts/pyodide-assets.ts), never bundled.
  optimizeDeps: { exclude: ['pyodide'] },
  // The Python worker imports pyodide.mjs with a dynamic import(), which needs a module worker.
  worker: { format: 'es' },
  server: {
    proxy: Object.fromEntries(proxied.map((prefix) => [prefix, { target: apiServer, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});

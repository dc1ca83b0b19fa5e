// Builds the console into dist/console, which the gateway serves at `/`. In development (`npx vite services/console`)
// the API calls go to a running gateway through the proxy below.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000', '/health': process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000' } },
});

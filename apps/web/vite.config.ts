// The seeker's web app: built to static files (dist/apps/web) that the gateway serves at /
// (npm start), or any static server with history fallback. Vitest runs the component tests.
/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), tailwindcss()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    // `npm run dev:web` beside `npm start`: the API answers from the gateway.
    proxy: { '/api': 'http://127.0.0.1:3000', '/join': 'http://127.0.0.1:3000' },
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
    // Typing into fields takes longer than 5 s on a busy 2-core machine.
    testTimeout: 20_000,
  },
});

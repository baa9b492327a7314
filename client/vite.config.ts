import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
const server = process.env.HOTLINE_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    // The shared package ships TypeScript sources; point straight at them so Vite compiles them like ours.
    alias: { '@hotline/shared': resolve(root, '../shared/src/index.ts') },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/healthz': { target: server, changeOrigin: false },
      '/socket.io': { target: server, ws: true, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: server },
      '/healthz': { target: server },
      '/socket.io': { target: server, ws: true },
    },
  },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    sourcemap: true,
    // antd is one large vendor chunk by design; pages are split with React.lazy.
    chunkSizeWarningLimit: 1600,
  },
});

import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `base` is configurable so the built app works under a sub-path of any static host (BASE=/sub/ npm run build).
export default defineConfig({
  base: process.env.BASE ?? './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
});

// The portal's build: React with Vite, into dist/ (served by the server at /). `@licentia/core`
// is bundled from source, so the key check typed in the browser is the server's own.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed names under /assets are cached for a year by the server; index.html never is.
    assetsDir: 'assets',
    sourcemap: false,
    reportCompressedSize: false,
  },
});

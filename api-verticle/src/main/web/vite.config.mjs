import { defineConfig } from 'vite';

// The api role serves the build from the classpath (target/classes/dashboard): hashed files under
// /assets/ are cached for good, index.html never. `npm run dev` proxies the API to a local node
// (AGENTRY_URL, default http://127.0.0.1:8080) for working on the page with hot reload.
const api = process.env.AGENTRY_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: process.env.DASHBOARD_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/graphql': { target: api, ws: true } },
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { buildIdentity } from './client/vite/buildIdentity.js';

// The client lives in client/; the server serves client/dist in production and proxies nothing:
// in development run the server (which serves the API) and `vite` side by side.
export default defineConfig({
  root: 'client',
  // buildIdentity: the build id in the bundle and in dist/build.json, so an open screen reloads after a deploy.
  plugins: [react(), buildIdentity(fileURLToPath(new URL('.', import.meta.url)))],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // maplibre (~290 kB gz) is the largest single library; split the big libraries into their own
    // chunks so they cache independently of our code, which changes far more often.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'deckgl', test: /node_modules[\\/](@deck\.gl|@luma\.gl|@loaders\.gl|@math\.gl|@probe\.gl)/ },
            // Only the parts client/src/charts/echartsCore.ts registers end up here (~110 kB gz).
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/socket.io': { target: 'http://localhost:8080', ws: true },
    },
  },
});

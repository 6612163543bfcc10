import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { fileURLToPath } from 'node:url'
import { buildOutput } from './build-output.ts'

const server = `http://localhost:${process.env.PORT ?? 3000}`

export default defineConfig({
  plugins: [react(), buildOutput(fileURLToPath(new URL('dist', import.meta.url)), fileURLToPath(new URL('service-worker.js', import.meta.url)))],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/sync': { target: server.replace('http', 'ws'), ws: true },
    },
  },
})

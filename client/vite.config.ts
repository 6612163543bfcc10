import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const server = `http://localhost:${process.env.PORT ?? 3000}`

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  server: {
    port: 5173,
    proxy: {
      '/api': server,
      '/sync': { target: server.replace('http', 'ws'), ws: true },
    },
  },
})

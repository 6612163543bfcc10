import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['{shared,boards,server,client}/src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
})

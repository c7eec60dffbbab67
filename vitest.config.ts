import { defineConfig } from 'vitest/config'

// The default suite: everything under test/ except the fault-injection suite,
// which has its own config (npm run test:faults) because it kills processes.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/faults/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
})

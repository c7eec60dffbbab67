import { defineConfig } from 'vitest/config'

// The fault-injection suite (npm run test:faults): kills processes, fills disks,
// breaks S3 servers and backups. Long timeouts because each scenario runs many
// trials (FAULT_TRIALS, default 20 where the issue asks for 20); the global
// setup prints the scenario / trials / survived / data lost table at the end.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['test/faults/support/global-setup.ts'],
  },
})

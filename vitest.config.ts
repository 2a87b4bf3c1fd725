import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 240_000,
    // Browser tests share one built app and a 2-core machine: run files one at a time.
    fileParallelism: false,
  },
});

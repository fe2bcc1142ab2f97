import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Engine-backed tests start real containers; give them room but never hang forever.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

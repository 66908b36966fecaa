import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/emulator-env.ts'],
    // Integration tests talk to real emulators over loopback; a JVM on 2 cores is slower than a laptop.
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    reporters: ['default'],
  },
});

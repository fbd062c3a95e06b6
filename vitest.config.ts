import { defineConfig } from 'vitest/config';

/**
 * Two projects: the whole suite on the plain SIMD build (HOPFIELD_RELAXED_SIMD=0: products sum in the
 * reference's order on every runtime), and the kernel, dense and training tests again on the relaxed (fused
 * multiply-add) build that the CLI, Node ≥ 22 and browsers run.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/setup/tmp.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'plain', include: ['test/**/*.test.ts'], env: { HOPFIELD_RELAXED_SIMD: '0' } },
      },
      {
        extends: true,
        test: {
          name: 'relaxed',
          include: ['test/linalg/*.test.ts', 'test/dense/*.test.ts', 'test/pl/*.test.ts'],
          exclude: ['test/linalg/relaxed.test.ts'],
          env: { HOPFIELD_RELAXED_SIMD: '1' },
          setupFiles: ['test/setup/relaxed.ts'], // Node 20 compiles relaxed SIMD only behind V8's flag
        },
      },
    ],
  },
});

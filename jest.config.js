// ESM TypeScript through ts-jest; `.js` specifiers in imports map back to the
// `.ts` sources. Integration tests build real binaries and images, so they
// get long timeouts and run one file at a time to keep two cores usable.
/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  testTimeout: 120000,
  maxWorkers: 2,
  verbose: false
}

// ESM TypeScript through ts-jest; `.js` specifiers in imports map back to the
// `.ts` sources. Integration tests build real binaries and images, so they
// get long timeouts and run one file at a time to keep two cores usable.
/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  // node, and each file's freshDir folders removed when the file is done.
  testEnvironment: '<rootDir>/__tests__/support/fresh-dirs-environment.ts',
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
  // One work folder in the system temp folder for the run, removed at its end (see temp-root.ts).
  globalSetup: '<rootDir>/__tests__/support/temp-root-setup.ts',
  globalTeardown: '<rootDir>/__tests__/support/temp-root-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
  verbose: false
}

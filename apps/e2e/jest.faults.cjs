// Fault tests own the conversation process (start, SIGKILL, stop, rebuild): `npm test` runs them
// after the main end-to-end suite, with the stack's own conversation process stopped.
module.exports = {
  displayName: 'e2e:faults',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.fault-spec.ts'],
  testTimeout: 60000,
};

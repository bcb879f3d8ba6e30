// Shared Jest settings for every project (ts-jest keeps decorator metadata, which Nest's DI needs).
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@parley/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@parley/platform$': '<rootDir>/../../libs/platform/src/index.ts',
    '^@parley/sdk$': '<rootDir>/../../libs/sdk/src/index.ts',
    '^@parley/testing$': '<rootDir>/../../libs/testing/src/index.ts',
  },
};

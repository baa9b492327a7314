/** One Jest run for every workspace. Integration tests get their own database and queue prefix per file (see server/test/support). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
module.exports = {
  testTimeout: 30000,
  globalSetup: '<rootDir>/server/test/support/global-setup.ts',
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/shared', '<rootDir>/server', '<rootDir>/workers', '<rootDir>/scripts'],
      testMatch: ['**/test/**/*.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns: ['/node_modules/(?!(chinese-days)/)'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/client/e2e'],
      testMatch: ['**/*.e2e.test.ts'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns: ['/node_modules/(?!(chinese-days)/)'],
    },
    {
      displayName: 'client',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/client'],
      testMatch: ['**/test/**/*.test.ts?(x)'],
      transform: { '^.+\\.(t|j)sx?$': swc },
      transformIgnorePatterns: ['/node_modules/(?!(echarts|zrender|echarts-for-react)/)'],
      moduleNameMapper: {
        '\\.(css|less)$': '<rootDir>/client/test/style-stub.js',
        // @ant-design/icons' CommonJS build requires the ES build of @ant-design/colors; use its CommonJS twin.
        '^@ant-design/colors/es/(.*)$': '@ant-design/colors/lib/$1',
      },
      setupFilesAfterEnv: ['<rootDir>/client/test/setup.ts'],
    },
  ],
};

// The suites that start real programs or pack the package, one jest project each (`npm run verify`,
// `test:e2e`, `test:queue`, `test:dev`, `test:browser`), one at a time: each starts its own n8n.
const path = require('node:path');

const rootDir = path.join(__dirname, '..');

const project = (displayName, file) => ({
	displayName,
	rootDir,
	testMatch: [`<rootDir>/scripts/${file}`],
	testEnvironment: '<rootDir>/scripts/lib/jest/environment.js',
	transform: {
		'^.+\\.ts$': [
			'ts-jest',
			// Source maps, so a failure points at its line.
			{ tsconfig: '<rootDir>/scripts/tsconfig.jest.json', diagnostics: false },
		],
	},
	moduleFileExtensions: ['ts', 'js', 'json'],
});

module.exports = {
	rootDir,
	maxWorkers: 1,
	// A hook may install n8n into the cache first (several minutes on a cold machine); every wait
	// inside has a limit of its own.
	testTimeout: 30 * 60_000,
	reporters: ['default', '<rootDir>/scripts/lib/jest/reporter.js'],
	projects: [
		project('verify', 'verify-package/verify.test.ts'),
		project('e2e', 'e2e/e2e.test.ts'),
		project('queue', 'queue/queue.test.ts'),
		project('dev', 'dev/*.test.ts'),
		project('browser', 'browser/browser.test.ts'),
	],
};

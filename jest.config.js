// The unit tests run once; the WorkflowExecute suites run against both n8n lines the node supports.
// In the 1.x project every `n8n-core` / `n8n-workflow` / `@n8n/di` import - ours, the node's, and
// n8n-core-v1's own internal ones - resolves to ONE copy (the one nested under n8n-core-v1), so
// `instanceof` checks between the engine and the node keep working.
const path = require('node:path');

const v1Root = path.join(__dirname, 'node_modules', 'n8n-core-v1');
const v1Nested = path.join(v1Root, 'node_modules');

const base = {
	testEnvironment: 'node',
	rootDir: __dirname,
	testMatch: ['<rootDir>/test/{nodes,fake-server,harness}/**/*.test.ts'],
	testPathIgnorePatterns: [
		'/node_modules/',
		'<rootDir>/test/e2e/',
		'<rootDir>/test/bench/',
		'<rootDir>/dist/',
	],
	transform: {
		// The root tsconfig plus isolatedModules: ts-jest then transpiles file by file (fast, no type
		// check; `npm run typecheck` does that).
		'^.+\\.ts$': [
			'ts-jest',
			{ tsconfig: '<rootDir>/test/harness/tsconfig.jest.json', diagnostics: false },
		],
	},
	moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
	testTimeout: 30000,
	// Most tests wait on the fake's timers, not the CPU: three workers on two cores cut the run
	// from about 9 to about 3 minutes.
	maxWorkers: 3,
	projects: [
		// Pure units: no n8n engine, no server; one line is enough (`npm run test:unit`).
		{
			...base,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			globals: { N8N_LINE: '2.x' },
		},
		// The node through n8n-core's WorkflowExecute, and the fake server: on both lines
		// (`npm run test:nodes`).
		{ ...base, displayName: 'n8n 2.x', globals: { N8N_LINE: '2.x' } },
		{
			...base,
			displayName: 'n8n 1.x',
			globals: { N8N_LINE: '1.x' },
			moduleNameMapper: {
				'^n8n-core$': v1Root,
				'^n8n-core/(.*)$': `${v1Root}/$1`,
				'^n8n-workflow$': path.join(v1Nested, 'n8n-workflow'),
				'^n8n-workflow/(.*)$': `${path.join(v1Nested, 'n8n-workflow')}/$1`,
				'^@n8n/di$': path.join(v1Nested, '@n8n', 'di'),
			},
		},
	],
};

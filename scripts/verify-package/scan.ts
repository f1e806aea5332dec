import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

import { cleanEnv } from '../lib/process';
import { isObject } from './checks';

/**
 * n8n's verification scanner (@n8n/scan-community-package) is ESM and looks packages up on npm.
 * Its exported analyzePackage lints a local folder with the scanner's own ESLint config and no
 * network. It runs in a Node of its own: jest's CommonJS sandbox cannot import an ES module.
 * `patterns` is `source` for the scanner's own source patterns.
 */
const SCAN = `
const [scanner, dir, patterns] = process.argv.slice(1);
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(scanner);
const globs = patterns === 'source' ? SOURCE_FILE_PATTERNS : JSON.parse(patterns);
const result = await analyzePackage(dir, globs);
process.stdout.write(JSON.stringify(result));
`;

/** What the scanner found wrong in `dir`: nothing when it passes, else its message. */
function scanProblems(dir: string, patterns: string): string[] {
	const scanner = pathToFileURL(
		require.resolve('@n8n/scan-community-package/scanner/scanner.mjs'),
	).href;
	const run = spawnSync(
		process.execPath,
		['--input-type=module', '-e', SCAN, scanner, dir, patterns],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: cleanEnv() },
	);
	const result: unknown = JSON.parse(run.stdout || 'null');
	if (!isObject(result) || typeof result.passed !== 'boolean')
		throw new Error(`the scanner gave no result (exit ${run.status}): ${run.stderr.slice(-2000)}`);
	if (result.passed) return [];
	if (typeof result.details === 'string') console.log(result.details.trimEnd());
	return [String(result.message)];
}

/** Both legs of n8n's scanner, each a test: the source, and the packed artifact. */
export function scannerChecks(projectRoot: string, packageDir: () => string): void {
	const leg = (name: string, dir: () => string, patterns: string) =>
		test(name, () => expect(scanProblems(dir(), patterns)).toEqual([]));
	leg('n8n scanner, source leg (package.json, nodes/, credentials/)', () => projectRoot, 'source');
	leg(
		'n8n scanner, package leg (dist/**/*.js, package.json)',
		packageDir,
		JSON.stringify(['**/*.js', 'package.json']),
	);
}

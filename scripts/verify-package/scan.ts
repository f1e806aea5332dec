import { pathToFileURL } from 'node:url';

import { isObject } from './json';
import type { Report } from './report';

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

type AnalyzePackage = (packageDir: string, filePatterns?: string[]) => Promise<ScanResult>;

interface Scanner {
	analyzePackage: AnalyzePackage;
	sourcePatterns: string[];
}

/**
 * n8n's verification scanner (@n8n/scan-community-package) is ESM and looks packages up on npm.
 * Its exported analyzePackage lints a local folder with the scanner's own ESLint config and no
 * network, so both of its legs run here: the source (package.json, nodes/, credentials/) and the
 * packed artifact (compiled .js and the published package.json).
 */
async function loadScanner(): Promise<Scanner> {
	const path = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	const loaded: unknown = await import(pathToFileURL(path).href);
	if (!isObject(loaded) || typeof loaded.analyzePackage !== 'function') {
		throw new Error('@n8n/scan-community-package does not export analyzePackage');
	}
	const analyze = loaded.analyzePackage;
	const patterns = loaded.SOURCE_FILE_PATTERNS;
	return {
		analyzePackage: async (dir, filePatterns) => {
			const result: unknown = await Reflect.apply(analyze, undefined, [dir, filePatterns]);
			if (!isObject(result) || typeof result.passed !== 'boolean')
				throw new Error('scanner gave no result');
			return {
				passed: result.passed,
				message: typeof result.message === 'string' ? result.message : undefined,
				details: typeof result.details === 'string' ? result.details : undefined,
			};
		},
		sourcePatterns:
			Array.isArray(patterns) && patterns.every((p) => typeof p === 'string')
				? patterns
				: ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'],
	};
}

function record(report: Report, name: string, result: ScanResult): void {
	report.add(name, result.passed, result.passed ? undefined : result.message);
	if (!result.passed && result.details) console.log(result.details.trimEnd());
}

export async function runScanner(
	report: Report,
	projectRoot: string,
	packageDir: string,
): Promise<void> {
	let scanner: Scanner;
	try {
		scanner = await loadScanner();
	} catch (error) {
		report.add('n8n scanner loads', false, (error as Error).message);
		return;
	}
	record(
		report,
		'n8n scanner, source leg (package.json, nodes/, credentials/)',
		await scanner.analyzePackage(projectRoot, scanner.sourcePatterns),
	);
	record(
		report,
		'n8n scanner, package leg (dist/**/*.js, package.json)',
		await scanner.analyzePackage(packageDir, ['**/*.js', 'package.json']),
	);
}

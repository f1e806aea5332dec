import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

import type { Checks } from './checks';

/**
 * What a node may load at runtime on n8n: n8n-workflow and the short list n8n allows
 * (@n8n/eslint-plugin-community-nodes' no-restricted-imports). That lint rule also lets any
 * devDependency through — on an installed package those are absent, so this check does not.
 */
const ALLOWED_MODULES = new Set([
	'n8n-workflow',
	'lodash',
	'moment',
	'p-limit',
	'luxon',
	'zod',
	'crypto',
	'node:crypto',
]);

function isAllowed(specifier: string): boolean {
	const parts = specifier.split('/');
	const moduleName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
	return /^\.\.?\//.test(specifier) || ALLOWED_MODULES.has(moduleName);
}

function walk(dir: string, accept: (file: string) => boolean): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(dir)) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) found.push(...walk(path, accept));
		else if (accept(path)) found.push(path);
	}
	return found;
}

/** Module specifiers a TypeScript file loads at runtime (type-only imports and exports left out). */
function runtimeImports(file: string): string[] {
	const source = ts.createSourceFile(
		file,
		readFileSync(file, 'utf8'),
		ts.ScriptTarget.Latest,
		true,
	);
	const specifiers: string[] = [];
	const visit = (node: ts.Node): void => {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
			if (!node.importClause?.isTypeOnly) specifiers.push(node.moduleSpecifier.text);
		} else if (
			ts.isExportDeclaration(node) &&
			node.moduleSpecifier &&
			ts.isStringLiteral(node.moduleSpecifier)
		) {
			if (!node.isTypeOnly) specifiers.push(node.moduleSpecifier.text);
		} else if (
			ts.isImportEqualsDeclaration(node) &&
			ts.isExternalModuleReference(node.moduleReference)
		) {
			const expression = node.moduleReference.expression;
			if (ts.isStringLiteral(expression)) specifiers.push(expression.text);
		} else if (ts.isCallExpression(node)) {
			const [argument] = node.arguments;
			const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
			const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
			if ((isRequire || isDynamicImport) && argument) {
				specifiers.push(ts.isStringLiteralLike(argument) ? argument.text : '<computed>');
			}
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return specifiers;
}

/** Sources under nodes/ and credentials/ load only n8n-workflow, relative files and n8n's allow-list. */
export function checkSourceImports(report: Checks, projectRoot: string): void {
	const problems: string[] = [];
	for (const folder of ['nodes', 'credentials']) {
		const files = walk(join(projectRoot, folder), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
		for (const file of files) {
			for (const specifier of runtimeImports(file)) {
				if (!isAllowed(specifier))
					problems.push(`${relative(projectRoot, file)} imports ${specifier}`);
			}
		}
	}
	report.addProblems(
		'nodes/ and credentials/ import only n8n-workflow, relative paths and the allow-list',
		problems,
	);
}

/** The built JavaScript, as shipped, requires only the same modules. */
export function checkBuiltRequires(report: Checks, packageDir: string): void {
	const problems: string[] = [];
	const files = walk(join(packageDir, 'dist'), (f) => f.endsWith('.js'));
	const requireCall = /\brequire\(\s*(?:"([^"]*)"|'([^']*)'|`([^`]*)`|([^)]*))\s*\)/g;
	for (const file of files) {
		const text = readFileSync(file, 'utf8');
		for (const match of text.matchAll(requireCall)) {
			const specifier = match[1] ?? match[2] ?? match[3];
			if (specifier === undefined)
				problems.push(`${relative(packageDir, file)} requires a computed path`);
			else if (!isAllowed(specifier))
				problems.push(`${relative(packageDir, file)} requires ${specifier}`);
		}
	}
	report.addProblems(
		'built dist/ requires only n8n-workflow, relative paths and the allow-list',
		problems,
	);
}
